/** OpenLLMetry (Traceloop) keys. */
export const TRACELOOP = {
  SPAN_KIND: 'traceloop.span.kind',
  ENTITY_NAME: 'traceloop.entity.name',
  ENTITY_INPUT: 'traceloop.entity.input',
  ENTITY_OUTPUT: 'traceloop.entity.output',
  ENTITY_PATH: 'traceloop.entity.path',
  ENTITY_VERSION: 'traceloop.entity.version',
  WORKFLOW_NAME: 'traceloop.workflow.name',
  ASSOCIATION_PREFIX: 'traceloop.association.properties',
  PROMPT_PREFIX: 'traceloop.prompt',
  /** Managed prompts (`getPrompt`), copied onto the LLM span by the provider instrumentation. */
  PROMPT_KEY: 'traceloop.prompt.key',
  PROMPT_VERSION: 'traceloop.prompt.version',
  PROMPT_VERSION_HASH: 'traceloop.prompt.version_hash',
  PROMPT_VERSION_NAME: 'traceloop.prompt.version_name',
  /** Python only: the template text and the variables as one JSON object. */
  PROMPT_TEMPLATE: 'traceloop.prompt.template',
  PROMPT_TEMPLATE_VARIABLES: 'traceloop.prompt.template_variables',
  /** Legacy request type on LLM and vector-DB spans. */
  LLM_REQUEST_TYPE: 'llm.request.type',
  /** Vector-DB span events (`withVectorDBCall`, pinecone / qdrant / chroma instrumentations). */
  EVENT_DB_QUERY_EMBEDDINGS: 'db.query.embeddings',
  EVENT_DB_QUERY_RESULT: 'db.query.result',
  DB_QUERY_EMBEDDINGS_VECTOR: 'db.query.embeddings.vector',
  DB_QUERY_RESULT_PREFIX: 'db.query.result',
  DB_VECTOR_QUERY_TOP_K: 'db.vector.query.top_k',
  /** The LangChain instrumentation's scope: its chain spans carry LangChain's `{input}` / `{output}` wrappers. */
  LANGCHAIN_SCOPE: '@traceloop/instrumentation-langchain',
  ANTHROPIC_SCOPE: '@traceloop/instrumentation-anthropic',
} as const;

export const TRACELOOP_SPAN_KINDS = {
  workflow: 'workflow',
  task: 'task',
  agent: 'agent',
  tool: 'tool',
  session: 'workflow',
  unknown: 'task',
} as const;
