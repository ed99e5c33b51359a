/** OpenInference keys (`@arizeai/openinference-semantic-conventions` 2.x; spec conventions §5). */
export const OPENINFERENCE = {
  SPAN_KIND: 'openinference.span.kind',

  INPUT_VALUE: 'input.value',
  INPUT_MIME_TYPE: 'input.mime_type',
  OUTPUT_VALUE: 'output.value',
  OUTPUT_MIME_TYPE: 'output.mime_type',

  LLM_MODEL_NAME: 'llm.model_name',
  LLM_RESPONSE_MODEL_NAME: 'llm.response.model_name',
  LLM_REQUEST_MODEL_NAME: 'llm.request.model_name',
  LLM_PROVIDER: 'llm.provider',
  LLM_SYSTEM: 'llm.system',
  LLM_INVOCATION_PARAMETERS: 'llm.invocation_parameters',
  LLM_FINISH_REASON: 'llm.finish_reason',
  /** Completions API prompts: a string[] (JS), or flattened `llm.prompts.N[.prompt.text]`. */
  LLM_PROMPTS: 'llm.prompts',
  /** Flattened: `llm.input_messages.N.message.*`. */
  LLM_INPUT_MESSAGES: 'llm.input_messages',
  LLM_OUTPUT_MESSAGES: 'llm.output_messages',
  /** Flattened: `llm.tools.N.tool.json_schema`. */
  LLM_TOOLS: 'llm.tools',

  TOKEN_PROMPT: 'llm.token_count.prompt',
  TOKEN_COMPLETION: 'llm.token_count.completion',
  TOKEN_TOTAL: 'llm.token_count.total',
  TOKEN_CACHE_READ: 'llm.token_count.prompt_details.cache_read',
  TOKEN_CACHE_WRITE: 'llm.token_count.prompt_details.cache_write',
  TOKEN_PROMPT_AUDIO: 'llm.token_count.prompt_details.audio',
  TOKEN_REASONING: 'llm.token_count.completion_details.reasoning',
  TOKEN_COMPLETION_AUDIO: 'llm.token_count.completion_details.audio',
  COST_TOTAL: 'llm.cost.total',

  PROMPT_TEMPLATE: 'llm.prompt_template.template',
  /** JSON string object. */
  PROMPT_TEMPLATE_VARIABLES: 'llm.prompt_template.variables',
  PROMPT_TEMPLATE_VERSION: 'llm.prompt_template.version',
  PROMPT_ID: 'prompt.id',
  PROMPT_VENDOR: 'prompt.vendor',
  PROMPT_URL: 'prompt.url',

  EMBEDDING_MODEL_NAME: 'embedding.model_name',
  /** Flattened: `embedding.embeddings.N.embedding.{text,vector}`. */
  EMBEDDING_EMBEDDINGS: 'embedding.embeddings',

  /** Flattened: `retrieval.documents.N.document.{id,content,score,metadata}`. */
  RETRIEVAL_DOCUMENTS: 'retrieval.documents',
  RERANKER_QUERY: 'reranker.query',
  RERANKER_MODEL_NAME: 'reranker.model_name',
  RERANKER_TOP_K: 'reranker.top_k',
  RERANKER_INPUT_DOCUMENTS: 'reranker.input_documents',
  RERANKER_OUTPUT_DOCUMENTS: 'reranker.output_documents',

  TOOL_NAME: 'tool.name',
  TOOL_DESCRIPTION: 'tool.description',
  /** JSON string. */
  TOOL_PARAMETERS: 'tool.parameters',
  TOOL_ID: 'tool.id',

  SESSION_ID: 'session.id',
  USER_ID: 'user.id',
  /** JSON string object. */
  METADATA: 'metadata',
  /** JSON string array in JS, string[] in Python. */
  TAG_TAGS: 'tag.tags',

  AGENT_NAME: 'agent.name',
  GRAPH_NODE_ID: 'graph.node.id',
  GRAPH_NODE_NAME: 'graph.node.name',
  GRAPH_NODE_PARENT_ID: 'graph.node.parent_id',
} as const;

/** Keys inside one flattened message (`llm.input_messages.N.<key>`). */
export const OPENINFERENCE_MESSAGE = {
  ROLE: 'message.role',
  CONTENT: 'message.content',
  NAME: 'message.name',
  TOOL_CALL_ID: 'message.tool_call_id',
  FUNCTION_CALL_NAME: 'message.function_call_name',
  FUNCTION_CALL_ARGUMENTS: 'message.function_call_arguments_json',
  /** Flattened: `message.tool_calls.M.tool_call.{id,function.name,function.arguments}`. */
  TOOL_CALLS: 'message.tool_calls',
  TOOL_CALL_ID_IN_CALL: 'tool_call.id',
  TOOL_CALL_FUNCTION_NAME: 'tool_call.function.name',
  TOOL_CALL_FUNCTION_ARGUMENTS: 'tool_call.function.arguments',
  /** Flattened: `message.contents.K.message_content.{type,text,image.image.url,…}`. */
  CONTENTS: 'message.contents',
  CONTENT_TYPE: 'message_content.type',
  CONTENT_TEXT: 'message_content.text',
  CONTENT_IMAGE_URL: 'message_content.image.image.url',
  CONTENT_AUDIO_URL: 'message_content.audio.audio.url',
  CONTENT_AUDIO_MIME_TYPE: 'message_content.audio.audio.mime_type',
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
