/**
 * The LLM Observability intake's wire format (spec/datadog-intake.md §2 and §5), defined once: the
 * encoder's output is checked against these types, and the dev intake's validator (the CLI)
 * describes what it accepts with them. They are the shapes *once validated*: the intake, and the
 * validator, accept optional fields the encoder always sends. Types only.
 */

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

export interface WireMediaPart {
  mime_type?: string;
  content?: string;
  attachment_key?: string;
}

export interface WireMessage {
  role?: string;
  content?: string;
  tool_calls?: WireToolCall[];
  tool_results?: WireToolResult[];
  audio_parts?: WireMediaPart[];
  image_parts?: WireMediaPart[];
  tool_id?: string;
}

export interface WireDocument {
  text?: string;
  name?: string;
  id?: string;
  score?: number;
}

export type WireChatTemplateEntry = { role: string; content: string } | { type: 'placeholder'; name: string };

export interface WirePrompt {
  id?: string;
  version?: string;
  prompt_uuid?: string;
  prompt_version_uuid?: string;
  variables?: Record<string, string>;
  template?: string;
  chat_template?: WireChatTemplateEntry[];
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

export interface WireToolDefinition {
  name: string;
  description?: string;
  schema?: unknown;
  version?: string;
}

export interface WireAgentAttribution {
  pagent_name: string | null;
  pagent_span_id: string;
}

export interface WireSpanMeta {
  'span.kind': string;
  input?: WireIO;
  output?: WireIO;
  model_name?: string;
  model_provider?: string;
  metadata?: Record<string, unknown>;
  tool_definitions?: WireToolDefinition[];
  agent_attribution?: WireAgentAttribution;
  'error.message'?: string;
  'error.type'?: string;
  'error.stack'?: string;
  [key: string]: unknown;
}

/** One span as the intake receives it (spec §2.2). */
export interface WireSpanEvent {
  trace_id: string;
  span_id: string;
  parent_id: string;
  name: string;
  tags: string[];
  start_ns: number;
  duration: number;
  status: 'ok' | 'error';
  meta: WireSpanMeta;
  metrics: Record<string, number>;
  _dd?: Record<string, unknown>;
  session_id?: string;
  collection_errors?: string[];
  span_links?: unknown[];
}

export type WireEvaluationJoin = { span?: { span_id: string; trace_id: string }; tag?: { key: string; value: string } };

/** One evaluation metric as the intake receives it (spec §5). */
export interface WireEvaluationMetric {
  event_kind?: 'evaluation' | 'feedback';
  join_on?: WireEvaluationJoin;
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
