import type { LLMObsSpan } from '../conventions/model.js';
import { MODEL_KINDS } from '../conventions/model.js';
import { encodeInput, encodeOutput, encodeToolDefinition, hasName } from './encode-io.js';
import { normalizeTraceId, spanIdToDecimal } from '../internal/ids.js';
import type { SpanEventContext } from './span-event-context.js';
import { buildSpanTags } from './span-tags.js';

/** dd-trace's root `parent_id`: the literal string. */
export const ROOT_PARENT_ID = 'undefined';

/** One span as LLM Observability receives it (spec §2.2); keys in the order dd-trace emits them. */
export interface SpanEvent {
  trace_id: string;
  span_id: string;
  parent_id: string;
  name: string;
  tags: string[];
  start_ns: number;
  duration: number;
  status: 'ok' | 'error';
  meta: Record<string, unknown>;
  metrics: Record<string, number>;
  _dd: {
    span_id: string;
    trace_id: string;
    sample_rate: string;
    sampling_decision: '1' | '0';
    apm_trace_id: string;
  };
  session_id?: string;
  collection_errors?: string[];
}

/**
 * The canonical model → the intake's span event. Pure; throws `TypeError` only on malformed ids
 * (the OTel SDK never produces those), which the exporter counts as `invalid_span`.
 *
 * Design decision: the OTel trace id is also the LLM Observability trace id, and the APM trace id
 * in `_dd`, unless the model carries a different `apmTraceId` (a trace continued from dd-trace,
 * which propagated its own LLM Observability trace id).
 */
export function encodeSpanEvent(span: LLMObsSpan, ctx: SpanEventContext = {}): SpanEvent {
  const traceId = normalizeTraceId(span.traceId);
  const apmTraceId = span.apmTraceId ? normalizeTraceId(span.apmTraceId) : traceId;
  const spanId = spanIdToDecimal(span.spanId);
  const parentId = span.parentId ? spanIdToDecimal(span.parentId) : ROOT_PARENT_ID;
  const isError = span.status === 'error';

  const meta: Record<string, unknown> = {
    'span.kind': span.kind,
    input: encodeInput(span),
    output: encodeOutput(span),
  };
  if (MODEL_KINDS.has(span.kind)) {
    meta.model_name = span.modelName || 'custom';
    meta.model_provider = (span.modelProvider || 'custom').toLowerCase();
  }
  if (span.metadata && Object.keys(span.metadata).length > 0) meta.metadata = span.metadata;
  const toolDefinitions = Array.isArray(span.toolDefinitions) ? span.toolDefinitions.filter(hasName) : [];
  if (toolDefinitions.length > 0) meta.tool_definitions = toolDefinitions.map(encodeToolDefinition);
  if (span.agentAttribution) {
    meta.agent_attribution = {
      pagent_name: span.agentAttribution.name ?? null,
      pagent_span_id: spanIdToDecimal(span.agentAttribution.spanId),
    };
  }
  if (isError && span.error) {
    if (span.error.message !== undefined) meta['error.message'] = span.error.message;
    if (span.error.type !== undefined) meta['error.type'] = span.error.type;
    if (span.error.stack !== undefined) meta['error.stack'] = span.error.stack;
  }

  const rate = span.sampling?.rate ?? 1;
  const event: SpanEvent = {
    trace_id: traceId,
    span_id: spanId,
    parent_id: parentId,
    name: span.name || span.kind,
    tags: buildSpanTags(span, ctx),
    start_ns: hrTimeToNanos(span.startTime),
    duration: Number.isFinite(span.durationNs) ? Math.max(0, Math.round(span.durationNs)) : 0, // NaN/Infinity would be null
    status: isError ? 'error' : 'ok',
    meta,
    metrics: encodeMetrics(span.metrics),
    _dd: {
      span_id: spanId,
      trace_id: apmTraceId,
      sample_rate: String(rate),
      sampling_decision: span.sampling?.decision === false ? '0' : '1',
      apm_trace_id: apmTraceId,
    },
  };
  if (span.sessionId) event.session_id = span.sessionId;
  if (span.collectionErrors && span.collectionErrors.length > 0) event.collection_errors = [...span.collectionErrors];
  return event;
}

/**
 * Nanoseconds since the epoch as a JSON number, like dd-trace (`Math.round(ms * 1e6)`): above 2^53
 * a double is not exact to the nanosecond, and the intake accepts that.
 */
function hrTimeToNanos(time: LLMObsSpan['startTime']): number {
  const seconds = Array.isArray(time) ? Number(time[0]) : 0;
  const nanos = Array.isArray(time) ? Number(time[1]) : 0;
  const total = seconds * 1e9 + nanos;
  return Number.isFinite(total) && total > 0 ? total : 0;
}

/** Only finite numbers: `NaN`/`Infinity` would become `null`, which the intake rejects. */
function encodeMetrics(metrics: LLMObsSpan['metrics'] | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  if (!metrics) return out;
  for (const key of Object.keys(metrics)) {
    const value = metrics[key];
    if (typeof value === 'number' && Number.isFinite(value)) out[key] = value;
  }
  return out;
}
