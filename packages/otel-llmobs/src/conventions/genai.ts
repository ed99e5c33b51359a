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
} as const;

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
