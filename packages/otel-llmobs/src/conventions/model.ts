/**
 * The canonical model of one LLM Observability span.
 *
 * Every input convention (OTel GenAI, OpenLLMetry, OpenLIT, OpenInference, Vercel AI SDK, our own
 * `llmobs` API) is mapped onto this shape, and every output (the Datadog intake encoder, the
 * canonical OTLP attribute writer) is produced from it. Field names are camelCase here; the wire
 * names (`span.kind`, `tool_calls`, `_dd_context_variable_keys`, …) live in the encoders.
 *
 * Metric keys are the exception: they are already the names LLM Observability uses
 * (`input_tokens`, …), because users may add arbitrary numeric metrics of their own and a
 * second naming scheme would only add a translation table.
 */

/** The seven span kinds LLM Observability knows. */
export type SpanKind = 'llm' | 'embedding' | 'retrieval' | 'tool' | 'task' | 'workflow' | 'agent';

/** The one list of span kinds (the CLI's validator and viewer use it too), in dd-trace's order, which its messages list them in. */
export const SPAN_KINDS: readonly SpanKind[] = ['llm', 'agent', 'workflow', 'task', 'tool', 'embedding', 'retrieval'];

/** Kinds whose spans carry `model_name` / `model_provider`. */
export const MODEL_KINDS: ReadonlySet<SpanKind> = new Set<SpanKind>(['llm', 'embedding']);

/** A tool call an assistant message asks for. */
export interface ToolCall {
  name: string;
  /** Parsed arguments. A string that is not a JSON object is kept as `{ value: <string> }`. */
  arguments?: Record<string, unknown>;
  toolId?: string;
  /** `function` unless the source says otherwise (e.g. `server` for server-side tool calls). */
  type?: string;
}

/** The result of a tool call, sent back to the model in a `tool` message. */
export interface ToolResult {
  /** Always a string; structured results are JSON-encoded. */
  result: string;
  toolId?: string;
  name?: string;
  type?: string;
}

/** An image or audio part. Exactly one of `content` (base64 or a URL) or `attachmentKey` is set. */
export interface MediaPart {
  mimeType?: string;
  content?: string;
  attachmentKey?: string;
}

/** A chat message of an `llm` span's input or output, whatever convention it came from. */
export interface Message {
  /** `system`, `user`, `assistant`, `tool`, `reasoning`, … ; `''` when unknown. */
  role: string;
  content?: string;
  toolCalls?: ToolCall[];
  toolResults?: ToolResult[];
  imageParts?: MediaPart[];
  audioParts?: MediaPart[];
  /** Only meaningful on `role: 'tool'` messages (the call this message answers). */
  toolId?: string;
}

/** A document of an embedding input or a retrieval output. */
export interface Document {
  text?: string;
  name?: string;
  id?: string;
  score?: number;
}

/** One message of a chat prompt template: its role and its template text. */
export interface ChatTemplateMessage {
  role: string;
  content: string;
}

/** The prompt template an `llm` span was rendered from (LLM Observability prompt tracking). */
export interface Prompt {
  id?: string;
  version?: string;
  /** A string template; mutually exclusive with `chatTemplate`. */
  template?: string;
  chatTemplate?: ChatTemplateMessage[];
  variables?: Record<string, string>;
  /** Variable names holding the RAG context (wire: `_dd_context_variable_keys`, default `["context"]`). */
  contextVariableKeys?: string[];
  /** Variable names holding the RAG query (wire: `_dd_query_variable_keys`, default `["question"]`). */
  queryVariableKeys?: string[];
  tags?: Record<string, string>;
  promptUuid?: string;
  promptVersionUuid?: string;
}

/**
 * Input or output of a span. Which member is meaningful depends on the kind:
 * llm → messages (+ prompt on input); embedding → documents in, value out;
 * retrieval → value in, documents out; everything else → value.
 */
export interface SpanIO {
  messages?: Message[];
  documents?: Document[];
  value?: string;
  /** Input only, llm spans only. */
  prompt?: Prompt;
}

/** A tool offered to the model on an `llm` span. */
export interface ToolDefinition {
  name: string;
  description?: string;
  schema?: Record<string, unknown>;
  version?: string;
}

/** Well-known metric names (the LLM Observability wire names). Any other numeric key is allowed. */
export interface KnownMetrics {
  input_tokens?: number;
  output_tokens?: number;
  total_tokens?: number;
  cache_read_input_tokens?: number;
  cache_write_input_tokens?: number;
  reasoning_output_tokens?: number;
  /** Seconds. */
  time_to_first_token?: number;
  /** Seconds. */
  time_per_output_token?: number;
  /** USD, when the source reports it. */
  estimated_total_cost?: number;
}

/** A span's numeric metrics: the known token and cost counts, and any of the application's own. */
export type Metrics = KnownMetrics & Record<string, number>;

/** What an errored span reports: the exception's type, message and stack. */
export interface SpanError {
  type?: string;
  message?: string;
  stack?: string;
}

/** Tag values: a string, or a list that fans out into one `key:value` tag per element. */
export type TagValue = string | string[];

/**
 * Everything the mapper can derive from a finished span's own attributes and events, without
 * knowing its place in the trace.
 */
export interface MappedSpan {
  kind: SpanKind;
  name: string;
  status: 'ok' | 'error';
  error?: SpanError;
  input: SpanIO;
  output: SpanIO;
  modelName?: string;
  modelProvider?: string;
  metadata: Record<string, unknown>;
  metrics: Metrics;
  /** User-level tags, in insertion order. Defaults (service, env, …) are added by the encoder. */
  tags: Record<string, TagValue>;
  sessionId?: string;
  userId?: string;
  toolDefinitions?: ToolDefinition[];
  /** Which conventions contributed (e.g. `['openinference']`), most authoritative first. */
  sources: string[];
  /** Instrumentation scope name of the source span, when known (used to spot duplicate LLM spans). */
  scopeName?: string;
  /** Human-readable problems met while mapping; sent as `collection_errors`. Never fatal. */
  collectionErrors: string[];
}

/** OTel-style high-resolution time: `[seconds, nanoseconds]` since the Unix epoch. */
export type HrTime = [number, number];

/** A mapped span placed in its trace: ids, timing, parent and application. */
export interface LLMObsSpan extends MappedSpan {
  /**
   * LLM Observability trace id, 32 lowercase hex digits: the OTel trace id, unless the trace was
   * continued from a dd-trace service that propagated its own `_dd.p.llmobs_trace_id`.
   */
  traceId: string;
  /** The OTel (APM) trace id when it differs from `traceId`; the wire's `_dd.apm_trace_id`. */
  apmTraceId?: string;
  /** OTel span id, 16 lowercase hex digits (the wire carries it as an unsigned decimal). */
  spanId: string;
  /** Span id (16 hex) of the nearest LLM Observability ancestor; absent for a root. */
  parentId?: string;
  startTime: HrTime;
  /** Nanoseconds. */
  durationNs: number;
  mlApp: string;
  /** Client-side sampling: the rate in force and the decision made at the trace's root. */
  sampling?: { rate: number; decision: boolean };
  /** The nearest `agent` ancestor, when there is one. */
  agentAttribution?: { name?: string; spanId: string };
}
