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
  /** Legacy request type on LLM and vector-DB spans. */
  LLM_REQUEST_TYPE: 'llm.request.type',
} as const;

export const TRACELOOP_SPAN_KINDS = {
  workflow: 'workflow',
  task: 'task',
  agent: 'agent',
  tool: 'tool',
  session: 'workflow',
  unknown: 'task',
} as const;
