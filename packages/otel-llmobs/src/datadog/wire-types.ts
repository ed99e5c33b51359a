/**
 * The LLM Observability intake's wire format (spec/datadog-intake.md §2 and §5), defined once: the
 * encoder's output is checked against these types, and the dev intake's validator (the CLI)
 * describes what it accepts with them. They are the shapes *once validated*: the intake, and the
 * validator, accept optional fields the encoder always sends. Types only.
 */

/** A tool call in a message (`tool_calls[]`). */
export interface WireToolCall {
  name?: string;
  arguments?: Record<string, unknown>;
  tool_id?: string;
  type?: string;
}

/** A tool result in a message (`tool_results[]`). */
export interface WireToolResult {
  result?: string;
  tool_id?: string;
  name?: string;
  type?: string;
}

/** An audio or image part of a message, inline or by attachment key. */
export interface WireMediaPart {
  mime_type?: string;
  content?: string;
  attachment_key?: string;
}

/** A message of an `llm` span's `input.messages` / `output.messages`. */
export interface WireMessage {
  role?: string;
  content?: string;
  tool_calls?: WireToolCall[];
  tool_results?: WireToolResult[];
  audio_parts?: WireMediaPart[];
  image_parts?: WireMediaPart[];
  tool_id?: string;
}

/** A document of an embedding input or a retrieval output. */
export interface WireDocument {
  text?: string;
  name?: string;
  id?: string;
  score?: number;
}

/** One entry of a prompt's `chat_template`: a message, or a placeholder. */
export type WireChatTemplateEntry = { role: string; content: string } | { type: 'placeholder'; name: string };

/** `meta.input.prompt`: the template an `llm` span was rendered from (spec §2.4). */
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

/** `meta.input` / `meta.output`: a value, messages or documents, depending on the kind. */
export interface WireIO {
  value?: string;
  messages?: WireMessage[];
  documents?: WireDocument[];
  prompt?: WirePrompt;
}

/** A tool offered to the model (`meta.tool_definitions[]`). */
export interface WireToolDefinition {
  name: string;
  description?: string;
  schema?: unknown;
  version?: string;
}

/** `meta.agent_attribution`: the agent span an LLM Observability span belongs to. */
export interface WireAgentAttribution {
  pagent_name: string | null;
  pagent_span_id: string;
}

/** `meta` of a span event: kind, I/O, model, metadata, tools, agent attribution, error. */
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

/** What an evaluation metric joins on: a span (decimal span id, hex trace id) or a tag. */
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
