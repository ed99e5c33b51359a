// Row mapping: SQLite rows (numbers as numbers or bigints, JSON as text) → the JSON API's records.
import type { EvaluationRecord, ProblemRecord, RequestRecord, SpanRecord, TraceSummary } from '../../shared/api.js';
import type { WireEvaluationMetric, WireSpanEvent } from '../../shared/wire.js';
import type { SqlRow } from './sqlite.js';

const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'bigint' ? v.toString() : null);
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function toTraceSummary(r: SqlRow): TraceSummary {
  return {
    trace_id: String(r.trace_id),
    root_span_id: str(r.root_span_id),
    name: String(r.name),
    kind: String(r.kind),
    ml_app: str(r.ml_app),
    session_id: str(r.session_id),
    status: r.status === 'error' ? 'error' : 'ok',
    start_ns: Number(r.start_ns),
    duration: Number(r.duration),
    span_count: Number(r.span_count),
    error_count: Number(r.error_count),
    input_tokens: Number(r.input_tokens),
    output_tokens: Number(r.output_tokens),
    total_tokens: Number(r.total_tokens),
    warnings: Number(r.warnings),
    last_received: Number(r.last_received),
  };
}

export function toSpanRecord(r: SqlRow): SpanRecord {
  return {
    trace_id: String(r.trace_id),
    span_id: String(r.span_id),
    parent_id: String(r.parent_id),
    name: String(r.name),
    kind: String(r.kind),
    ml_app: str(r.ml_app),
    session_id: str(r.session_id),
    model_name: str(r.model_name),
    model_provider: str(r.model_provider),
    status: r.status === 'error' ? 'error' : 'ok',
    start_ns: Number(r.start_ns),
    duration: Number(r.duration),
    input_tokens: num(r.input_tokens),
    output_tokens: num(r.output_tokens),
    total_tokens: num(r.total_tokens),
    warnings: Number(r.warnings),
    received_at: Number(r.received_at),
    event: JSON.parse(String(r.raw)) as WireSpanEvent,
  };
}

export function toEvaluationRecord(r: SqlRow): EvaluationRecord {
  return {
    id: Number(r.id),
    received_at: Number(r.received_at),
    event_kind: String(r.event_kind),
    label: String(r.label),
    metric_type: String(r.metric_type),
    value: r.value === null ? null : (JSON.parse(String(r.value)) as unknown),
    ml_app: String(r.ml_app),
    timestamp_ms: Number(r.timestamp_ms),
    join_span_id: str(r.join_span_id),
    join_trace_id: str(r.join_trace_id),
    join_tag_key: str(r.join_tag_key),
    join_tag_value: str(r.join_tag_value),
    session_id: str(r.session_id),
    assessment: str(r.assessment),
    metric: JSON.parse(String(r.raw)) as WireEvaluationMetric,
  };
}

export function toProblemRecord(r: SqlRow): ProblemRecord {
  return {
    id: Number(r.id),
    request_id: Number(r.request_id),
    received_at: Number(r.received_at),
    severity: r.severity === 'error' ? 'error' : 'warning',
    code: String(r.code),
    json_path: String(r.json_path),
    message: String(r.message),
    item_index: num(r.item_index),
    item_name: str(r.item_name),
    trace_id: str(r.trace_id),
    span_id: str(r.span_id),
    stored: Number(r.stored) === 1,
  };
}

export function toRequestRecord(r: SqlRow): RequestRecord {
  return {
    id: Number(r.id),
    received_at: Number(r.received_at),
    method: String(r.method),
    path: String(r.path),
    kind: r.kind === 'evaluations' ? 'evaluations' : 'spans',
    status: Number(r.status),
    bytes: Number(r.bytes),
    accepted: Number(r.accepted),
    rejected: Number(r.rejected),
    errors: Number(r.errors),
    warnings: Number(r.warnings),
  };
}
