// The dev server's JSON API (`/api/...`): what the store returns and the viewer renders. Types only.
import type { WireEvaluationMetric, WireIO, WireSpanEvent } from './wire.js';

export interface TraceSummary {
  trace_id: string;
  root_span_id: string | null;
  name: string;
  kind: string;
  ml_app: string | null;
  session_id: string | null;
  status: 'ok' | 'error';
  start_ns: number;
  /** From the first span's start to the last span's end, in ns. */
  duration: number;
  span_count: number;
  error_count: number;
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
  /** Validation warnings on the trace's spans. */
  warnings: number;
  last_received: number;
  /**
   * Entity types the sensitive-data scanner reported on the trace's spans (their
   * `sensitive_data.entity:<type>` tags), lower case. Filled in the traces list only.
   */
  sensitive_entities?: string[];
  /** Labels of the trace's evaluations whose assessment is `fail`. Filled in the traces list only. */
  failed_evaluations?: string[];
}

export interface SpanRecord {
  trace_id: string;
  span_id: string;
  parent_id: string;
  name: string;
  kind: string;
  ml_app: string | null;
  session_id: string | null;
  model_name: string | null;
  model_provider: string | null;
  status: 'ok' | 'error';
  start_ns: number;
  duration: number;
  input_tokens: number | null;
  output_tokens: number | null;
  total_tokens: number | null;
  warnings: number;
  received_at: number;
  event: WireSpanEvent;
}

export interface EvaluationRecord {
  id: number;
  received_at: number;
  event_kind: string;
  label: string;
  metric_type: string;
  value: unknown;
  ml_app: string;
  timestamp_ms: number;
  join_span_id: string | null;
  join_trace_id: string | null;
  join_tag_key: string | null;
  join_tag_value: string | null;
  session_id: string | null;
  assessment: string | null;
  metric: WireEvaluationMetric;
}

export interface ProblemRecord {
  id: number;
  request_id: number;
  received_at: number;
  severity: 'error' | 'warning';
  code: string;
  json_path: string;
  message: string;
  item_index: number | null;
  item_name: string | null;
  trace_id: string | null;
  span_id: string | null;
  /** Whether the event it is about was stored (warnings) or rejected (errors). */
  stored: boolean;
}

export interface RequestRecord {
  id: number;
  received_at: number;
  method: string;
  path: string;
  kind: 'spans' | 'evaluations';
  status: number;
  bytes: number;
  accepted: number;
  rejected: number;
  errors: number;
  warnings: number;
}

export interface TraceDetail {
  trace: TraceSummary;
  spans: SpanRecord[];
  evaluations: EvaluationRecord[];
  problems: ProblemRecord[];
}

export interface SessionSummary {
  session_id: string;
  ml_app: string | null;
  trace_count: number;
  start_ns: number;
  end_ns: number;
  error_count: number;
  total_tokens: number;
}

export interface SessionTrace extends TraceSummary {
  /** The root span's input and output: one turn of the session's conversation. */
  input: WireIO | null;
  output: WireIO | null;
}

export interface SessionDetail {
  session_id: string;
  traces: SessionTrace[];
  evaluations: EvaluationRecord[];
}

export interface FacetValue {
  value: string;
  count: number;
}

/** An evaluation label present in the store, with how many traces carry it and its values. */
export interface EvaluationFacet {
  label: string;
  /** Traces with an evaluation of this label. */
  count: number;
  /** Categorical and boolean values (scores and JSON values are not listed), with trace counts. */
  values: FacetValue[];
}

export interface Facets {
  ml_apps: FacetValue[];
  kinds: FacetValue[];
  models: FacetValue[];
  sessions: FacetValue[];
  /** Entity types of the sensitive-data tags (lower case), with trace counts. */
  sensitive_entities: FacetValue[];
  evaluations: EvaluationFacet[];
}

export interface StatsBucket {
  /** Bucket start, epoch ms. */
  t: number;
  traces: number;
  errors: number;
  p50_ns: number | null;
  p95_ns: number | null;
  /** Estimated cost of the bucket's model calls with a known price, USD. */
  cost_usd: number;
  /** Model calls with tokens whose model has no price (not estimated). */
  unpriced_calls: number;
}

export interface ModelTokens {
  model: string;
  provider: string | null;
  spans: number;
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
}

/** Assessed evaluations of one bucket: `fail` is the fail-rate numerator, `pass + fail` its denominator. */
export interface AssessmentBucket {
  t: number;
  pass: number;
  fail: number;
}

/**
 * One evaluation label's assessments over time, placed at the start of the trace they evaluate (so
 * they share the other charts' buckets and filters). Labels never assessed `pass` or `fail` are left out.
 */
export interface EvaluationRates {
  label: string;
  pass: number;
  fail: number;
  /** Aligned with `Stats.buckets`. */
  buckets: AssessmentBucket[];
}

export interface Stats {
  from_ms: number;
  to_ms: number;
  bucket_ms: number;
  buckets: StatsBucket[];
  tokens_by_model: ModelTokens[];
  evaluations: EvaluationRates[];
}

export interface ProblemGroup extends RequestRecord {
  problems: ProblemRecord[];
}

export interface Summary {
  /** Changes whenever anything is written; the viewer polls it to refresh. */
  revision: number;
  traces: number;
  spans: number;
  evaluations: number;
  rejected_requests: number;
  problems: { errors: number; warnings: number };
  driver: string;
  db_path: string;
}

export interface TraceFilter {
  ml_app?: string;
  session_id?: string;
  kind?: string;
  model?: string;
  /** true: traces with an error span; false: traces without. */
  error?: boolean;
  /** epoch ms, on the trace's start. */
  from_ms?: number;
  to_ms?: number;
  /** substring of the trace's (root's) name. */
  q?: string;
  /** true: traces with a sensitive-data finding on a span (a `sensitive_data:*` tag). */
  sensitive?: boolean;
  /** traces with this entity type reported (`sensitive_data.entity:<type>`, lower case). */
  sensitive_entity?: string;
  /** traces with an evaluation of this label … */
  eval?: string;
  /** … whose value is this (categorical value, `true`/`false`, or a number as text) … */
  eval_value?: string;
  /** … and whose assessment is this (with or without `eval`). */
  assessment?: 'pass' | 'fail';
  limit?: number;
}
