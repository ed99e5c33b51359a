// The Datadog LLM Observability intake wire format, as the dev intake receives, stores and renders it
// (spec/datadog-intake.md §2 and §5). These are the *shapes once validated*; the validator works on
// `unknown` and never trusts them. Shared by the server and the browser bundle, so: types only.

export const SPAN_KINDS = ['llm', 'agent', 'workflow', 'task', 'tool', 'embedding', 'retrieval'] as const;
export type SpanKind = (typeof SPAN_KINDS)[number];

export interface WireToolCall {
  name?: string;
  arguments?: Record<string, unknown>;
  tool_id?: string;
  type?: string;
}

export interface WireToolResult {
  result?: string;
  tool_id?: string;
  name?: string;
  type?: string;
}

export interface WireMessage {
  role?: string;
  content?: string;
  tool_calls?: WireToolCall[];
  tool_results?: WireToolResult[];
  tool_id?: string;
}

export interface WireDocument {
  text?: string;
  name?: string;
  id?: string;
  score?: number;
}

export interface WirePrompt {
  id?: string;
  version?: string;
  variables?: Record<string, string>;
  template?: string;
  chat_template?: ({ role: string; content: string } | { type: 'placeholder'; name: string })[];
  tags?: Record<string, string>;
  _dd_context_variable_keys?: string[];
  _dd_query_variable_keys?: string[];
}

export interface WireIO {
  value?: string;
  messages?: WireMessage[];
  documents?: WireDocument[];
  prompt?: WirePrompt;
}

export interface WireSpanEvent {
  trace_id: string;
  span_id: string;
  parent_id: string;
  name: string;
  tags: string[];
  start_ns: number;
  duration: number;
  status: 'ok' | 'error';
  meta: {
    'span.kind': string;
    input?: WireIO;
    output?: WireIO;
    model_name?: string;
    model_provider?: string;
    metadata?: Record<string, unknown>;
    tool_definitions?: { name: string; description?: string; schema?: unknown; version?: string }[];
    agent_attribution?: { pagent_name: string | null; pagent_span_id: string };
    'error.message'?: string;
    'error.type'?: string;
    'error.stack'?: string;
    [key: string]: unknown;
  };
  metrics: Record<string, number>;
  _dd?: Record<string, unknown>;
  session_id?: string;
  collection_errors?: string[];
  span_links?: unknown[];
}

export interface WireEvaluationMetric {
  event_kind?: 'evaluation' | 'feedback';
  join_on?: { span?: { span_id: string; trace_id: string }; tag?: { key: string; value: string } };
  span_id?: string;
  trace_id?: string;
  session_id?: string;
  feedback_join_key?: string;
  label: string;
  metric_type: string;
  ml_app: string;
  timestamp_ms: number;
  tags?: string[];
  reasoning?: string;
  metadata?: Record<string, unknown>;
  assessment?: 'pass' | 'fail';
  submitter?: { id: string; type?: string };
  categorical_value?: string;
  score_value?: number;
  boolean_value?: boolean;
  json_value?: Record<string, unknown>;
  text_value?: string;
}
