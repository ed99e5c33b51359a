/**
 * Attributes written by our own `llmobs` API (and accepted from any producer): the in-band,
 * lossless carrier of an LLM Observability annotation on an ordinary OTel span.
 *
 * `_dd.ml_obs.metadata` and `_dd.ml_obs.prompt_tracking` are Datadog's documented OTLP escape
 * hatches; the others follow the same prefix. Structured values are JSON strings in the canonical
 * model's shape (see `model.ts`), so an OTLP backend, our gateway and our processor all read the
 * same thing.
 */
export const LLMOBS_ATTR = {
  /** One of the seven span kinds; highest-precedence kind decision. */
  SPAN_KIND: '_dd.ml_obs.span_kind',
  NAME: '_dd.ml_obs.name',
  ML_APP: '_dd.ml_obs.ml_app',
  SESSION_ID: '_dd.ml_obs.session_id',
  USER_ID: '_dd.ml_obs.user_id',
  MODEL_NAME: '_dd.ml_obs.model_name',
  MODEL_PROVIDER: '_dd.ml_obs.model_provider',
  /** JSON `SpanIO` (without prompt). */
  INPUT: '_dd.ml_obs.input',
  /** JSON `SpanIO`. */
  OUTPUT: '_dd.ml_obs.output',
  /** JSON object, merged into metadata (Datadog documented). */
  METADATA: '_dd.ml_obs.metadata',
  /** JSON object of numeric metrics (wire names). */
  METRICS: '_dd.ml_obs.metrics',
  /** JSON object of user tags (`{key: value | value[]}`), in insertion order. */
  TAGS: '_dd.ml_obs.tags',
  /** JSON `{id?, name?, version?, template | chat_template, variables?, rag_context_variables?, rag_query_variables?, tags?}` (Datadog documented). */
  PROMPT_TRACKING: '_dd.ml_obs.prompt_tracking',
  /** JSON `ToolDefinition[]`. */
  TOOL_DEFINITIONS: '_dd.ml_obs.tool_definitions',
  /** JSON string array of problems met while annotating (kept, reported as collection errors). */
  ANNOTATION_ERRORS: '_dd.ml_obs.annotation_errors',
} as const;
