/** OpenInference keys (`@arizeai/openinference-semantic-conventions`). */
export const OPENINFERENCE = {
  SPAN_KIND: 'openinference.span.kind',
} as const;

/** `openinference.span.kind` → LLM Observability kind (spec conventions §10 row 2). */
export const OPENINFERENCE_SPAN_KINDS = {
  LLM: 'llm',
  EMBEDDING: 'embedding',
  RETRIEVER: 'retrieval',
  // LLM Observability has no rerank kind; a reranker returns documents like a retriever.
  RERANKER: 'retrieval',
  TOOL: 'tool',
  AGENT: 'agent',
  CHAIN: 'workflow',
  GUARDRAIL: 'task',
  EVALUATOR: 'task',
  PROMPT: 'task',
  UNKNOWN: 'task',
} as const;
