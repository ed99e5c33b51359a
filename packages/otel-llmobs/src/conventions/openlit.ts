/** OpenLIT (`openlit` TypeScript SDK) keys beyond OTel GenAI (spec conventions §4). */
export const OPENLIT = {
  /** openlit copies `telemetry.sdk.name=openlit` onto every span, with `service.name` and `deployment.environment`. */
  SDK_NAME_ATTRIBUTE: 'telemetry.sdk.name',
  SDK_NAME: 'openlit',
  /** Instrumentation scopes are `@openlit/instrumentation-<lib>`; manual `startTrace` spans use `openlit`. */
  SCOPE_PREFIX: '@openlit/',
  MANUAL_SCOPE: 'openlit',
  LANGCHAIN_SCOPE: '@openlit/instrumentation-langchain',
  ANTHROPIC_SCOPE: '@openlit/instrumentation-anthropic',
  /** USD, computed from openlit's `pricingJson`; 0 when the model is not priced. */
  USAGE_COST: 'gen_ai.usage.cost',
  /** Seconds. */
  SERVER_TIME_TO_FIRST_TOKEN: 'gen_ai.server.time_to_first_token',
  SERVER_TIME_PER_OUTPUT_TOKEN: 'gen_ai.server.time_per_output_token',
  USAGE_REASONING_TOKENS: 'gen_ai.usage.reasoning_tokens',
  USAGE_PROMPT_CACHE_READ: 'gen_ai.usage.prompt_tokens_details.cache_read',
  USAGE_PROMPT_CACHE_WRITE: 'gen_ai.usage.prompt_tokens_details.cache_write',
  /** The token-usage metric, set as an attribute (input + output) on LangChain spans. */
  CLIENT_TOKEN_USAGE: 'gen_ai.client.token.usage',
  /** Non-semconv spelling of `gen_ai.request.stream`. */
  REQUEST_IS_STREAM: 'gen_ai.request.is_stream',
  /** Tool-call arguments of the model's tool call, on LLM spans (non-standard). */
  TOOL_ARGS: 'gen_ai.tool.args',
  WORKFLOW_INPUT: 'gen_ai.workflow.input',
  WORKFLOW_OUTPUT: 'gen_ai.workflow.output',
  /** Vector-DB spans (`gen_ai.operation.name=vectordb`). */
  DB_SYSTEM_NAME: 'db.system.name',
  DB_OPERATION_NAME: 'db.operation.name',
  DB_COLLECTION_NAME: 'db.collection.name',
  DB_QUERY_TEXT: 'db.query.text',
  DB_VECTOR_QUERY_TOP_K: 'db.vector.query.top_k',
  DB_N_RESULTS: 'db.n_results',
  DB_RESPONSE_RETURNED_ROWS: 'db.response.returned_rows',
} as const;

/**
 * First segments of attribute keys that belong to a known convention. openlit copies custom
 * attributes (`usingAttributes`, `customSpanAttributes`, `setMetadata`) verbatim onto spans;
 * a key whose namespace is none of these is taken for one of them.
 */
export const OPENLIT_KNOWN_NAMESPACES: readonly string[] = [
  'gen_ai',
  'openlit',
  'telemetry',
  'service',
  'deployment',
  'server',
  'client',
  'http',
  'url',
  'net',
  'network',
  'error',
  'exception',
  'db',
  'openai',
  'anthropic',
  'user',
  'session',
  'enduser',
  'code',
  'thread',
  'otel',
  'process',
  'host',
  'os',
  'container',
  'k8s',
  'cloud',
  'rpc',
  'messaging',
  'aws',
  'azure',
  'gcp',
  'llm',
  'ai',
  'traceloop',
  'openinference',
  '_dd',
  'dd',
  'langfuse',
  'operation',
  'resource',
];
