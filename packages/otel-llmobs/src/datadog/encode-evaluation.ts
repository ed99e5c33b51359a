import type { EvaluationIdFormat } from '../config/resolve-evaluation-config.js';
import { isDecimalSpanId, isHexSpanId, isHexTraceId, spanIdToDecimal } from '../internal/ids.js';
import { stringifyAscii } from './json-ascii.js';

/**
 * Evaluations (spec §5): validated like dd-trace's `submitEvaluation`, with the same messages,
 * thrown synchronously; encoded in dd-trace's field order. Differences, on purpose: no
 * `ddtrace.version` tag (we are not dd-trace), and join by tag (`{ tag: { key, value } }`, as
 * dd-trace-py's `span_with_tag_value`).
 */

export const EVALUATION_METRIC_TYPES = ['categorical', 'score', 'boolean', 'json'] as const;
export type EvaluationMetricType = (typeof EVALUATION_METRIC_TYPES)[number];

export interface EvaluationOptions {
  /** Name of the evaluation metric. */
  label: string;
  /** `categorical`, `score`, `boolean` or `json` (any case). */
  metricType: string;
  /** A string, number, boolean or (non-array) object, matching `metricType`. */
  value: unknown;
  /** Tag values are converted with `toString()`; `null`/`undefined` become `"null"`/`"undefined"`. */
  tags?: Record<string, unknown>;
  /** Defaults to the writer's `mlApp` (`DD_LLMOBS_ML_APP`). */
  mlApp?: string;
  /** Defaults to now. */
  timestampMs?: number;
  reasoning?: string;
  assessment?: 'pass' | 'fail';
  metadata?: Record<string, unknown>;
}

/**
 * The span an evaluation is about. `spanId` is either the decimal id LLM Observability shows (what
 * `llmobs.exportSpan()` returns) or the OTel hex span id; an OTel `SpanContext` (it has
 * `traceFlags`) is always read as hex. `traceId` is the 32-hex OTel trace id.
 */
export interface SpanRef {
  traceId: string;
  spanId: string;
  traceFlags?: number;
}

/** Join on a span tag instead of ids: the evaluation attaches to the span(s) tagged `key:value`. */
export interface TagJoin {
  tag: { key: string; value: string };
}

export type EvaluationJoin = SpanRef | TagJoin;

export interface EvaluationDefaults {
  mlApp?: string;
  /** Append `source:otel` (see `EvaluationWriterOptions.otelSource`). */
  otelSource?: boolean;
  /** `otlp`: the trace id as a decimal string too, as Datadog's OTLP intake wants it (see `EvaluationWriterOptions.idFormat`). */
  idFormat?: EvaluationIdFormat;
  now?: () => number;
}

export type { EvaluationIdFormat };

export type WireJoin = { span: { span_id: string; trace_id: string } } | { tag: { key: string; value: string } };

export interface ValidatedEvaluation {
  join: WireJoin;
  label: string;
  metricType: EvaluationMetricType;
  mlApp: string;
  value: string | number | boolean | Record<string, unknown>;
  timestampMs: number;
  tags: string[];
  reasoning?: string;
  metadata?: Record<string, unknown>;
  assessment?: 'pass' | 'fail';
}

/** One metric as the intake receives it; keys in dd-trace's order. */
export interface EvaluationMetric {
  event_kind: 'evaluation';
  join_on: WireJoin;
  label: string;
  metric_type: EvaluationMetricType;
  ml_app: string;
  categorical_value?: string;
  score_value?: number;
  boolean_value?: boolean;
  json_value?: Record<string, unknown>;
  timestamp_ms: number;
  tags: string[];
  reasoning?: string;
  metadata?: Record<string, unknown>;
  assessment?: 'pass' | 'fail';
}

const SPAN_IDS_REQUIRED = 'spanId and traceId must both be specified for the given evaluation metric to be submitted.';

/** Throws `Error` with dd-trace's message for each problem, in dd-trace's order of checks. */
export function validateEvaluation(join: unknown, options: unknown, defaults: EvaluationDefaults = {}): ValidatedEvaluation {
  const wireJoin = validateJoin(join, defaults.idFormat ?? 'llmobs');
  const opts = (options !== null && typeof options === 'object' ? options : {}) as Partial<EvaluationOptions>;

  const mlApp = opts.mlApp || defaults.mlApp;
  if (!mlApp || typeof mlApp !== 'string') {
    throw new Error('ML App name is required for sending evaluation metrics. Evaluation metric data will not be sent.');
  }

  const timestampMs: unknown = opts.timestampMs || (defaults.now ?? Date.now)();
  if (typeof timestampMs !== 'number' || !Number.isFinite(timestampMs) || timestampMs < 0) {
    throw new Error('timestampMs must be a non-negative integer. Evaluation metric data will not be sent');
  }

  const label: unknown = opts.label;
  // dd-trace only checks truthiness; we also want something that reads as a name (numbers are coerced).
  if (!label || (typeof label !== 'string' && typeof label !== 'number')) throw new Error('label must be the specified name of the evaluation metric');

  const metricType = typeof opts.metricType === 'string' ? opts.metricType.toLowerCase() : undefined;
  if (!metricType || !(EVALUATION_METRIC_TYPES as readonly string[]).includes(metricType)) {
    throw new Error('metricType must be one of "categorical", "score", "boolean" or "json"');
  }
  const value = validateValue(metricType as EvaluationMetricType, opts.value);

  const assessment: unknown = opts.assessment;
  if (assessment != null && assessment !== 'pass' && assessment !== 'fail') throw new Error('assessment must be pass or fail');

  const reasoning: unknown = opts.reasoning;
  if (reasoning != null && typeof reasoning !== 'string') throw new Error('reasoning must be a string');

  const metadata: unknown = opts.metadata;
  if (metadata != null && (typeof metadata !== 'object' || Array.isArray(metadata) || !isSerializable(metadata))) {
    throw new Error('metadata must be a JSON object');
  }

  const validated: ValidatedEvaluation = {
    join: wireJoin,
    label: String(label),
    metricType: metricType as EvaluationMetricType,
    mlApp,
    value,
    timestampMs,
    tags: buildEvaluationTags(opts.tags, mlApp, defaults.otelSource === true),
  };
  if (reasoning != null) validated.reasoning = reasoning;
  if (metadata != null) validated.metadata = metadata as Record<string, unknown>;
  if (assessment != null) validated.assessment = assessment;
  return validated;
}

/** The wire object, keys in order: event_kind, join_on, label, metric_type, ml_app, <type>_value, timestamp_ms, tags, reasoning, metadata, assessment. */
export function encodeEvaluation(evaluation: ValidatedEvaluation): EvaluationMetric {
  const metric: Record<string, unknown> = {
    event_kind: 'evaluation',
    join_on: evaluation.join,
    label: evaluation.label,
    metric_type: evaluation.metricType,
    ml_app: evaluation.mlApp,
  };
  metric[`${evaluation.metricType}_value`] = evaluation.value;
  metric.timestamp_ms = evaluation.timestampMs;
  metric.tags = evaluation.tags;
  if (evaluation.reasoning !== undefined) metric.reasoning = evaluation.reasoning;
  if (evaluation.metadata !== undefined) metric.metadata = evaluation.metadata;
  if (evaluation.assessment !== undefined) metric.assessment = evaluation.assessment;
  return metric as unknown as EvaluationMetric;
}

const PAYLOAD_PREFIX = '{"data":{"type":"evaluation_metric","attributes":{"metrics":[';
const PAYLOAD_SUFFIX = ']}}}';

/** Request body for the eval-metric endpoint, from metrics or their already-encoded ASCII JSON. */
export function encodeEvaluationPayload(metrics: ReadonlyArray<EvaluationMetric | string>): string {
  return PAYLOAD_PREFIX + metrics.map((m) => (typeof m === 'string' ? m : stringifyAscii(m))).join(',') + PAYLOAD_SUFFIX;
}

function validateJoin(join: unknown, idFormat: EvaluationIdFormat): WireJoin {
  if (join === null || typeof join !== 'object') throw new Error(SPAN_IDS_REQUIRED);
  const { traceId, spanId, traceFlags, tag } = join as Partial<SpanRef> & { tag?: unknown };
  const hasTag = tag != null;
  if (hasTag && (traceId != null || spanId != null)) {
    throw new Error('Exactly one of a span (spanId and traceId) or a tag ({ key, value }) must be specified to join an evaluation metric.');
  }
  if (hasTag) {
    const { key, value } = tag as { key?: unknown; value?: unknown };
    if (typeof key !== 'string' || key === '' || typeof value !== 'string' || value === '') {
      throw new Error('tag must be an object with a non-empty string key and value to join an evaluation metric by tag.');
    }
    return { tag: { key, value } };
  }
  if (!traceId || !spanId) throw new Error(SPAN_IDS_REQUIRED);
  if (!isHexTraceId(traceId)) throw new Error('traceId must be the 32-character hex trace id of the span.');
  let decimal: string;
  if (typeof traceFlags === 'number' && isHexSpanId(spanId)) decimal = spanIdToDecimal(spanId);
  else if (isDecimalSpanId(spanId)) decimal = spanId;
  else if (isHexSpanId(spanId)) decimal = spanIdToDecimal(spanId);
  else throw new Error('spanId must be the decimal span id (as exportSpan() returns it) or the 16-character hex OpenTelemetry span id.');
  // [U] The full 128-bit trace id as one decimal number; verify against the real OTLP intake before calling it supported.
  const traceIdOnWire = idFormat === 'otlp' ? BigInt(`0x${traceId}`).toString(10) : traceId.toLowerCase();
  return { span: { span_id: decimal, trace_id: traceIdOnWire } };
}

function validateValue(metricType: EvaluationMetricType, value: unknown): ValidatedEvaluation['value'] {
  switch (metricType) {
    case 'categorical':
      if (typeof value !== 'string') throw new Error('value must be a string for a categorical metric.');
      return value;
    case 'score':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error('value must be a number for a score metric.');
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw new Error('value must be a boolean for a boolean metric');
      return value;
    case 'json':
      if (typeof value !== 'object' || value === null || Array.isArray(value) || !isSerializable(value)) {
        throw new Error('value must be a JSON object for a json metric');
      }
      return value as Record<string, unknown>;
  }
}

/**
 * `ml_app:<app>` first, then the user's tags (replacing an earlier key in place, as dd-trace's
 * object does), then `source:otel` when asked. No `ddtrace.version`.
 */
export function buildEvaluationTags(tags: unknown, mlApp: string, otelSource: boolean): string[] {
  const invalid = (): Error => new Error('Failed to parse tags. Tags for evaluation metrics must be strings');
  if (tags != null && (typeof tags !== 'object' || Array.isArray(tags))) throw invalid();
  const merged = Object.create(null) as Record<string, string>;
  merged.ml_app = mlApp;
  if (tags) {
    for (const key of Object.keys(tags)) {
      const value = (tags as Record<string, unknown>)[key];
      if (typeof value === 'string') merged[key] = value;
      else if (value == null) merged[key] = String(value);
      else if (typeof (value as { toString?: unknown }).toString === 'function') merged[key] = String((value as { toString(): unknown }).toString());
      else throw invalid();
    }
  }
  if (otelSource) merged.source = 'otel';
  return Object.keys(merged).map((key) => `${key}:${merged[key]}`);
}

function isSerializable(value: unknown): boolean {
  try {
    JSON.stringify(value);
    return true;
  } catch {
    return false;
  }
}
