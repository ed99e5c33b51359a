// An evaluation-metric request body (spec/datadog-intake.md §5.2):
// {"data":{"type":"evaluation_metric","attributes":{"metrics":[metric, …]}}}, where each metric is an
// evaluation joined to a span (or, Python, to a tag) or a feedback event.
import type { WireEvaluationMetric } from '../../shared/wire.js';
import { childPath, ViolationList, type Violation } from './violations.js';
import { describeType, isFiniteNumber, isRecord } from './json-types.js';
import { isDecimalSpanId, isHexTraceId } from './ids.js';
import { MAX_ITEMS_PER_REQUEST, tooManyItemsViolation } from './work-limits.js';

const EVAL_METRIC_TYPES = ['categorical', 'score', 'boolean', 'json'] as const;
const FEEDBACK_METRIC_TYPES = [...EVAL_METRIC_TYPES, 'text'] as const;
const VALUE_FIELDS = ['categorical_value', 'score_value', 'boolean_value', 'json_value', 'text_value'] as const;
const FEEDBACK_TARGETS = ['span_id', 'trace_id', 'session_id', 'feedback_join_key'] as const;

const METRIC_KEYS: ReadonlySet<string> = new Set<string>([
  'event_kind',
  'join_on',
  'label',
  'metric_type',
  'ml_app',
  'timestamp_ms',
  'tags',
  'reasoning',
  'metadata',
  'assessment',
  'eval_scope',
  'submitter',
  ...VALUE_FIELDS,
  ...FEEDBACK_TARGETS,
]);

/** Labels: the docs ask for at most 200 characters (spec §5.3). */
const MAX_LABEL_LENGTH = 200;
/** A millisecond timestamp after 1973; smaller values are probably seconds. */
const PLAUSIBLE_TIMESTAMP_MS = 1e11;

export interface EvaluationReport {
  index: number;
  metric: WireEvaluationMetric | undefined;
  violations: Violation[];
  label: string | undefined;
  spanId: string | undefined;
  traceId: string | undefined;
}

export interface EvaluationPayloadReport {
  payload: Violation[];
  metrics: EvaluationReport[];
  /** Metrics past `MAX_ITEMS_PER_REQUEST`, neither validated nor stored (a `limits.items` error says so). */
  skipped: number;
}

const PATH = 'data.attributes.metrics';

export function validateEvaluationPayload(body: unknown): EvaluationPayloadReport {
  const payload = new ViolationList();
  const data = isRecord(body) ? body.data : undefined;
  const attributes = isRecord(data) ? data.attributes : undefined;
  const metrics = isRecord(attributes) ? attributes.metrics : undefined;
  if (!Array.isArray(metrics)) {
    payload.error(
      Array.isArray(body) ? '' : PATH,
      'payload.eval_shape',
      `An evaluation request body must be {"data":{"type":"evaluation_metric","attributes":{"metrics":[…]}}}, got ${describeType(body)}${isRecord(body) ? ' without data.attributes.metrics as an array' : ''}.`,
    );
    return { payload: payload.items, metrics: [], skipped: 0 };
  }
  if (isRecord(data) && data.type !== 'evaluation_metric') {
    payload.error('data.type', 'payload.eval_type', `data.type must be "evaluation_metric", got ${describeType(data.type)}.`);
    return { payload: payload.items, metrics: [], skipped: 0 };
  }
  if (metrics.length === 0) payload.warn(PATH, 'payload.empty', 'data.attributes.metrics is empty: nothing to store.');
  const skipped = Math.max(0, metrics.length - MAX_ITEMS_PER_REQUEST);
  const items: Violation[] = [...payload.items];
  if (skipped > 0) items.push(tooManyItemsViolation(metrics.length, childPath(PATH, MAX_ITEMS_PER_REQUEST)));
  const reports: EvaluationReport[] = [];
  for (let i = 0; i < metrics.length - skipped; i++) reports.push(validateEvaluationMetric(metrics[i], i));
  return { payload: items, metrics: reports, skipped };
}

export function validateEvaluationMetric(metric: unknown, index: number): EvaluationReport {
  const path = childPath(PATH, index);
  const out = new ViolationList();
  if (!isRecord(metric)) {
    out.error(path, 'eval.type', `An evaluation metric must be an object, got ${describeType(metric)}.`);
    return { index, metric: undefined, violations: out.items, label: undefined, spanId: undefined, traceId: undefined };
  }
  const at = (key: string): string => childPath(path, key);
  const kind = metric.event_kind ?? 'evaluation';
  if (metric.event_kind === undefined) out.warn(at('event_kind'), 'eval.event_kind_missing', 'event_kind is missing; dd-trace sends "evaluation" or "feedback".');
  else if (kind !== 'evaluation' && kind !== 'feedback') {
    out.error(at('event_kind'), 'eval.event_kind', `event_kind must be "evaluation" or "feedback", got ${describeType(kind)}.`);
  }

  let spanId: string | undefined;
  let traceId: string | undefined;
  if (kind === 'feedback') {
    const targets = FEEDBACK_TARGETS.filter((key) => metric[key] !== undefined);
    if (targets.length !== 1) {
      out.error(path, 'feedback.target', `Feedback needs exactly one of ${FEEDBACK_TARGETS.join(', ')}, got ${targets.length === 0 ? 'none' : targets.join(' and ')}.`);
    }
    for (const key of targets) {
      if (typeof metric[key] !== 'string' || metric[key] === '') out.error(at(key), 'feedback.target', `${key} must be a non-empty string.`);
    }
    if (typeof metric.span_id === 'string') spanId = metric.span_id;
    if (typeof metric.trace_id === 'string') traceId = metric.trace_id;
    const submitter = metric.submitter;
    if (!isRecord(submitter) || typeof submitter.id !== 'string' || submitter.id === '') {
      out.error(at('submitter'), 'feedback.submitter', 'Feedback needs submitter {id: non-empty string, type?}.');
    }
    if (metric.join_on !== undefined) out.warn(at('join_on'), 'feedback.join_on', 'Feedback targets a top-level span_id/trace_id/session_id/feedback_join_key, not join_on.');
  } else {
    ({ spanId, traceId } = validateJoinOn(metric.join_on, at('join_on'), out));
    if (metric.submitter !== undefined) out.warn(at('submitter'), 'eval.submitter', 'submitter belongs to feedback events, not evaluations.');
  }

  const label = metric.label;
  if (typeof label !== 'string' || label === '') {
    out.error(at('label'), 'eval.label', `label must be a non-empty string, got ${describeType(label)}.`);
  } else {
    if (label.length > MAX_LABEL_LENGTH) out.warn(at('label'), 'eval.label_length', `label is ${label.length} characters; the docs allow at most ${MAX_LABEL_LENGTH}.`);
    if (kind === 'feedback' && label.includes('.')) out.warn(at('label'), 'feedback.label_dot', 'Feedback labels must not contain "." (dd-trace rejects them).');
  }

  validateValue(metric, kind === 'feedback' ? FEEDBACK_METRIC_TYPES : EVAL_METRIC_TYPES, path, out);

  if (typeof metric.ml_app !== 'string' || metric.ml_app === '') {
    out.error(at('ml_app'), 'eval.ml_app', `ml_app must be a non-empty string, got ${describeType(metric.ml_app)}.`);
  }
  if (!isFiniteNumber(metric.timestamp_ms) || metric.timestamp_ms < 0) {
    out.error(at('timestamp_ms'), 'eval.timestamp_ms', `timestamp_ms must be a non-negative number of milliseconds, got ${describeType(metric.timestamp_ms)}.`);
  } else if (metric.timestamp_ms < PLAUSIBLE_TIMESTAMP_MS) {
    out.warn(at('timestamp_ms'), 'eval.timestamp_unit', `timestamp_ms ${metric.timestamp_ms} is before 1973: seconds sent instead of milliseconds?`);
  }
  if (metric.tags !== undefined) {
    if (!Array.isArray(metric.tags)) out.error(at('tags'), 'eval.tags', `tags must be an array of "key:value" strings, got ${describeType(metric.tags)}.`);
    else {
      metric.tags.forEach((tag, i) => {
        if (typeof tag !== 'string') out.error(childPath(at('tags'), i), 'eval.tag', `A tag must be a string, got ${describeType(tag)}.`);
        else if (!tag.includes(':')) out.warn(childPath(at('tags'), i), 'eval.tag_format', `Tag ${JSON.stringify(tag)} is not "key:value".`);
      });
    }
  }
  if (metric.reasoning !== undefined && typeof metric.reasoning !== 'string') {
    out.error(at('reasoning'), 'eval.reasoning', `reasoning must be a string, got ${describeType(metric.reasoning)}.`);
  }
  if (metric.metadata !== undefined && !isRecord(metric.metadata)) {
    out.error(at('metadata'), 'eval.metadata', `metadata must be a JSON object, got ${describeType(metric.metadata)}.`);
  }
  if (metric.assessment !== undefined && metric.assessment !== 'pass' && metric.assessment !== 'fail') {
    out.error(at('assessment'), 'eval.assessment', `assessment must be "pass" or "fail", got ${describeType(metric.assessment)}.`);
  }
  if (metric.eval_scope !== undefined && metric.eval_scope !== 'span' && metric.eval_scope !== 'trace') {
    out.error(at('eval_scope'), 'eval.eval_scope', `eval_scope must be "span" or "trace", got ${describeType(metric.eval_scope)}.`);
  }
  for (const key of Object.keys(metric)) {
    if (!METRIC_KEYS.has(key)) out.warn(at(key), 'eval.unknown_key', `Unknown evaluation field "${key}"; the intake ignores it.`);
  }
  return {
    index,
    metric: out.hasErrors ? undefined : (metric as unknown as WireEvaluationMetric),
    violations: out.items,
    label: typeof label === 'string' ? label : undefined,
    spanId,
    traceId,
  };
}

function validateJoinOn(joinOn: unknown, path: string, out: ViolationList): { spanId?: string; traceId?: string } {
  if (!isRecord(joinOn)) {
    out.error(path, 'eval.join_on', `join_on must be {span: {span_id, trace_id}} or {tag: {key, value}}, got ${describeType(joinOn)}.`);
    return {};
  }
  const { span, tag } = joinOn;
  if ((span === undefined) === (tag === undefined)) {
    out.error(path, 'eval.join_on', 'join_on must hold exactly one of span or tag.');
  }
  if (tag !== undefined && (!isRecord(tag) || typeof tag.key !== 'string' || typeof tag.value !== 'string' || tag.key === '')) {
    out.error(childPath(path, 'tag'), 'eval.join_on.tag', 'join_on.tag must be {key: non-empty string, value: string}.');
  }
  if (span === undefined) return {};
  if (!isRecord(span) || typeof span.span_id !== 'string' || typeof span.trace_id !== 'string') {
    out.error(childPath(path, 'span'), 'eval.join_on.span', 'join_on.span must be {span_id: string, trace_id: string}.');
    return {};
  }
  // The SDK does not check these formats (golden j-validation sends "s"/"t"), and the intake's answer
  // is unverified: an id in another format is accepted but can never join to a span, so it warns.
  if (!isDecimalSpanId(span.span_id)) {
    out.warn(childPath(childPath(path, 'span'), 'span_id'), 'eval.join_on.span_id', `join_on.span.span_id ${JSON.stringify(span.span_id)} is not a decimal span id: it will not join to any span (convert OTel hex ids to decimal).`);
  }
  if (!isHexTraceId(span.trace_id)) {
    out.warn(childPath(childPath(path, 'span'), 'trace_id'), 'eval.join_on.trace_id', `join_on.span.trace_id ${JSON.stringify(span.trace_id)} is not a 32-hex LLM Observability trace id: it will not join to any span.`);
  }
  return { spanId: span.span_id, traceId: span.trace_id };
}

function validateValue(
  metric: Record<string, unknown>,
  allowed: readonly string[],
  path: string,
  out: ViolationList,
): void {
  const type = metric.metric_type;
  if (typeof type !== 'string' || !allowed.includes(type)) {
    out.error(childPath(path, 'metric_type'), 'eval.metric_type', `metric_type must be one of ${allowed.join(', ')}, got ${describeType(type)}.`);
    return;
  }
  const field = `${type}_value`;
  for (const other of VALUE_FIELDS) {
    if (other !== field && metric[other] !== undefined) {
      out.error(childPath(path, other), 'eval.value_field', `A ${type} metric carries ${field}, not ${other}.`);
    }
  }
  const value = metric[field];
  const ok =
    type === 'score'
      ? isFiniteNumber(value)
      : type === 'boolean'
        ? typeof value === 'boolean'
        : type === 'json'
          ? isRecord(value)
          : typeof value === 'string';
  if (!ok) {
    const expected = type === 'score' ? 'a number' : type === 'boolean' ? 'a boolean' : type === 'json' ? 'a JSON object (not an array)' : 'a string';
    out.error(childPath(path, field), 'eval.value', `A ${type} metric needs ${field} as ${expected}, got ${describeType(value)}.`);
  }
}
