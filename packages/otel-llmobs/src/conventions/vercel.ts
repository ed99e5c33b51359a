/**
 * Vercel AI SDK keys: `ai` ≤ 6 built-in telemetry and `ai` 7 `LegacyOpenTelemetry` (spec conventions
 * §6.1, §6.2); the same `ai.*` extras appear on `ai` 7 `@ai-sdk/otel` `OpenTelemetry` spans (§6.3).
 */
export const VERCEL = {
  OPERATION_ID: 'ai.operationId',
  SCOPE: 'ai',
  /** Every Vercel attribute starts with this. */
  PREFIX: 'ai.',
  FUNCTION_ID: 'ai.telemetry.functionId',
  TELEMETRY_METADATA_PREFIX: 'ai.telemetry.metadata',
  SETTINGS_PREFIX: 'ai.settings',
  /** ai 7: `runtimeContext` entries. */
  SETTINGS_CONTEXT_PREFIX: 'ai.settings.context',

  MODEL_ID: 'ai.model.id',
  MODEL_PROVIDER: 'ai.model.provider',
  /** The Vercel provider id (`openai.chat`) on ai ≤ 6 provider-call spans. */
  GENAI_SYSTEM: 'gen_ai.system',

  /** Outer calls: JSON `{system?, prompt? | messages}`. */
  PROMPT: 'ai.prompt',
  /** Provider calls: JSON array of AI SDK model messages. */
  PROMPT_MESSAGES: 'ai.prompt.messages',
  /** string[], each a JSON tool definition. */
  PROMPT_TOOLS: 'ai.prompt.tools',
  /** JSON `{type, toolName?}`. */
  PROMPT_TOOL_CHOICE: 'ai.prompt.toolChoice',
  SCHEMA: 'ai.schema',

  RESPONSE_TEXT: 'ai.response.text',
  RESPONSE_REASONING: 'ai.response.reasoning',
  RESPONSE_OBJECT: 'ai.response.object',
  /** JSON array of `{toolCallId, toolName, input | args}`. */
  RESPONSE_TOOL_CALLS: 'ai.response.toolCalls',
  RESPONSE_FINISH_REASON: 'ai.response.finishReason',
  RESPONSE_MODEL: 'ai.response.model',
  RESPONSE_PROVIDER_METADATA: 'ai.response.providerMetadata',
  RESPONSE_MS_TO_FIRST_CHUNK: 'ai.response.msToFirstChunk',

  TOOL_CALL_NAME: 'ai.toolCall.name',
  TOOL_CALL_ID: 'ai.toolCall.id',
  TOOL_CALL_ARGS: 'ai.toolCall.args',
  TOOL_CALL_RESULT: 'ai.toolCall.result',
  TOOL_CALL_INPUT: 'ai.toolCall.input',
  TOOL_CALL_OUTPUT: 'ai.toolCall.output',

  /** Embeddings: each item JSON-encoded. */
  VALUE: 'ai.value',
  VALUES: 'ai.values',
  EMBEDDING: 'ai.embedding',
  EMBEDDINGS: 'ai.embeddings',

  USAGE_INPUT_TOKENS: 'ai.usage.inputTokens',
  USAGE_PROMPT_TOKENS: 'ai.usage.promptTokens',
  USAGE_TOKENS: 'ai.usage.tokens',
  USAGE_OUTPUT_TOKENS: 'ai.usage.outputTokens',
  USAGE_COMPLETION_TOKENS: 'ai.usage.completionTokens',
  USAGE_TOTAL_TOKENS: 'ai.usage.totalTokens',
  USAGE_REASONING_TOKENS: 'ai.usage.reasoningTokens',
  USAGE_CACHED_INPUT_TOKENS: 'ai.usage.cachedInputTokens',
  USAGE_NO_CACHE_TOKENS: 'ai.usage.inputTokenDetails.noCacheTokens',
  USAGE_CACHE_READ_TOKENS: 'ai.usage.inputTokenDetails.cacheReadTokens',
  USAGE_CACHE_WRITE_TOKENS: 'ai.usage.inputTokenDetails.cacheWriteTokens',
  USAGE_OUTPUT_REASONING_TOKENS: 'ai.usage.outputTokenDetails.reasoningTokens',
} as const;

/** Metadata keys that identity.ts reads as session / user; not repeated in metadata. */
export const VERCEL_IDENTITY_KEYS: ReadonlySet<string> = new Set(['sessionId', 'session_id', 'userId', 'user_id']);
