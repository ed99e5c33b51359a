import type { SpanKind } from './model.js';

/**
 * OpenTelemetry GenAI semantic convention keys (every vintage). Hard-coded: the `gen_ai.*`
 * constants in `@opentelemetry/semantic-conventions` are deprecated since GenAI moved to its own
 * repository (spec conventions §0.2).
 */
export const GENAI = {
  OPERATION_NAME: 'gen_ai.operation.name',
  PROVIDER_NAME: 'gen_ai.provider.name',
  /** Deprecated in 1.37 in favour of `gen_ai.provider.name`. */
  SYSTEM: 'gen_ai.system',
  REQUEST_MODEL: 'gen_ai.request.model',
  RESPONSE_MODEL: 'gen_ai.response.model',
  INPUT_MESSAGES: 'gen_ai.input.messages',
  OUTPUT_MESSAGES: 'gen_ai.output.messages',
  SYSTEM_INSTRUCTIONS: 'gen_ai.system_instructions',
  TOOL_NAME: 'gen_ai.tool.name',
  AGENT_NAME: 'gen_ai.agent.name',
  WORKFLOW_NAME: 'gen_ai.workflow.name',
  CONVERSATION_ID: 'gen_ai.conversation.id',
  /** Pre-1.37 flattened prompt/completion prefixes (OpenLLMetry). */
  PROMPT_PREFIX: 'gen_ai.prompt',
  COMPLETION_PREFIX: 'gen_ai.completion',
  /** Event carrying messages when the attributes are absent (1.37+). */
  EVENT_OPERATION_DETAILS: 'gen_ai.client.inference.operation.details',

  RESPONSE_ID: 'gen_ai.response.id',
  RESPONSE_FINISH_REASONS: 'gen_ai.response.finish_reasons',
  /** Seconds (1.41). */
  RESPONSE_TIME_TO_FIRST_CHUNK: 'gen_ai.response.time_to_first_chunk',
  /** Every `gen_ai.request.*` attribute but the model is request metadata. */
  REQUEST_PREFIX: 'gen_ai.request',
  TOOL_DEFINITIONS: 'gen_ai.tool.definitions',
  TOOL_DESCRIPTION: 'gen_ai.tool.description',
  TOOL_TYPE: 'gen_ai.tool.type',
  TOOL_CALL_ID: 'gen_ai.tool.call.id',
  TOOL_CALL_ARGUMENTS: 'gen_ai.tool.call.arguments',
  TOOL_CALL_RESULT: 'gen_ai.tool.call.result',
  AGENT_ID: 'gen_ai.agent.id',
  AGENT_DESCRIPTION: 'gen_ai.agent.description',
  AGENT_VERSION: 'gen_ai.agent.version',
  DATA_SOURCE_ID: 'gen_ai.data_source.id',
  RETRIEVAL_QUERY_TEXT: 'gen_ai.retrieval.query.text',
  /** JSON `[{id, score, content | text, …}]` (1.40). */
  RETRIEVAL_DOCUMENTS: 'gen_ai.retrieval.documents',
  EMBEDDINGS_DIMENSION_COUNT: 'gen_ai.embeddings.dimension.count',
  /** The only prompt-template attribute semconv has: an identifier. */
  PROMPT_NAME: 'gen_ai.prompt.name',

  USAGE_INPUT_TOKENS: 'gen_ai.usage.input_tokens',
  USAGE_OUTPUT_TOKENS: 'gen_ai.usage.output_tokens',
  /** Not semconv: a traceloop / Vercel extension. */
  USAGE_TOTAL_TOKENS: 'gen_ai.usage.total_tokens',
  USAGE_CACHE_READ_INPUT_TOKENS: 'gen_ai.usage.cache_read.input_tokens',
  USAGE_CACHE_CREATION_INPUT_TOKENS: 'gen_ai.usage.cache_creation.input_tokens',
  /** The Anthropic SDK's own spelling of `cache_creation.input_tokens`. */
  USAGE_CACHE_WRITE_INPUT_TOKENS: 'gen_ai.usage.cache_write.input_tokens',
  USAGE_REASONING_OUTPUT_TOKENS: 'gen_ai.usage.reasoning.output_tokens',
  /** Metric names that Vercel `ai@7` and openlit also set as span attributes (seconds). */
  CLIENT_TIME_TO_FIRST_CHUNK: 'gen_ai.client.operation.time_to_first_chunk',
  CLIENT_TIME_PER_OUTPUT_CHUNK: 'gen_ai.client.operation.time_per_output_chunk',
} as const;

/**
 * Pre-1.37 keys (spec conventions §2): OpenLLMetry's flattened prompts and completions, the
 * deprecated token names, and the per-message events of 1.28–1.36.
 */
/**
 * `gen_ai.operation.name` per LLM Observability kind, for what we write (OTLP attributes, metrics).
 * `task` has no GenAI operation; `execute_task` is OpenLIT's spelling.
 */
export const OPERATION_BY_KIND: Record<SpanKind, string> = {
  llm: 'chat',
  embedding: 'embeddings',
  retrieval: 'retrieval',
  tool: 'execute_tool',
  agent: 'invoke_agent',
  workflow: 'invoke_workflow',
  task: 'execute_task',
};

export const GENAI_LEGACY = {
  USAGE_PROMPT_TOKENS: 'gen_ai.usage.prompt_tokens',
  USAGE_COMPLETION_TOKENS: 'gen_ai.usage.completion_tokens',
  /** OpenLLMetry's underscore spellings. */
  USAGE_CACHE_READ_INPUT_TOKENS: 'gen_ai.usage.cache_read_input_tokens',
  USAGE_CACHE_CREATION_INPUT_TOKENS: 'gen_ai.usage.cache_creation_input_tokens',
  USAGE_REASONING_TOKENS: 'gen_ai.usage.reasoning_tokens',
  LLM_USAGE_TOTAL_TOKENS: 'llm.usage.total_tokens',
  LLM_REQUEST_FUNCTIONS_PREFIX: 'llm.request.functions',
  LLM_TOP_K: 'llm.top_k',
  LLM_FREQUENCY_PENALTY: 'llm.frequency_penalty',
  LLM_PRESENCE_PENALTY: 'llm.presence_penalty',
  LLM_CHAT_STOP_SEQUENCES: 'llm.chat.stop_sequences',
  LLM_IS_STREAMING: 'llm.is_streaming',
  /** Deprecated message events (1.28–1.36), usually log records, occasionally span events. */
  EVENT_SYSTEM_MESSAGE: 'gen_ai.system.message',
  EVENT_USER_MESSAGE: 'gen_ai.user.message',
  EVENT_ASSISTANT_MESSAGE: 'gen_ai.assistant.message',
  EVENT_TOOL_MESSAGE: 'gen_ai.tool.message',
  EVENT_CHOICE: 'gen_ai.choice',
  /** OpenLIT's older prompt/completion events, with the text in `gen_ai.prompt` / `gen_ai.completion`. */
  EVENT_CONTENT_PROMPT: 'gen_ai.content.prompt',
  EVENT_CONTENT_COMPLETION: 'gen_ai.content.completion',
} as const;

/**
 * The GenAI events that carry content (spec conventions §1–§2): the 1.28–1.36 per-message events,
 * which `@opentelemetry/instrumentation-openai` still emits for chat completions (as log records),
 * OpenLIT's prompt/completion events, and the ≥ 1.37 `gen_ai.client.inference.operation.details`.
 */
export const GENAI_CONTENT_EVENT_NAMES: readonly string[] = [
  GENAI.EVENT_OPERATION_DETAILS,
  GENAI_LEGACY.EVENT_SYSTEM_MESSAGE,
  GENAI_LEGACY.EVENT_USER_MESSAGE,
  GENAI_LEGACY.EVENT_ASSISTANT_MESSAGE,
  GENAI_LEGACY.EVENT_TOOL_MESSAGE,
  GENAI_LEGACY.EVENT_CHOICE,
  GENAI_LEGACY.EVENT_CONTENT_PROMPT,
  GENAI_LEGACY.EVENT_CONTENT_COMPLETION,
];

/** Operation names, by the LLM Observability kind they map to (spec conventions §10 row 4). */
export const GENAI_OPERATIONS = {
  llm: ['chat', 'text_completion', 'generate_content', 'completion', 'responses', 'image', 'audio'],
  embedding: ['embeddings', 'embedding'],
  retrieval: ['retrieval'],
  tool: ['execute_tool'],
  agent: ['invoke_agent', 'create_agent'],
  workflow: ['invoke_workflow', 'workflow'],
  task: ['guardrail.run', 'guard', 'execute_task', 'memory', 'fine_tuning'],
} as const;

/** Vercel AI SDK 7's per-iteration span: bookkeeping, not an LLM Observability span. */
export const GENAI_SKIPPED_OPERATIONS = ['agent_step'] as const;

/** `db.system` values of vector databases (spec conventions §10 row 8). */
export const VECTOR_DB_SYSTEMS = [
  'pinecone',
  'qdrant',
  'chroma',
  'chromadb',
  'milvus',
  'weaviate',
  'lancedb',
  'pgvector',
  'astra',
  'marqo',
] as const;
