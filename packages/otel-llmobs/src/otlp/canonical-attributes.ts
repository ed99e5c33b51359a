import type { Attributes } from '@opentelemetry/api';
import type { LLMObsSpan, Prompt, SpanKind } from '../conventions/model.js';
import { LLMOBS_ATTR } from '../conventions/llmobs-attributes.js';
import { safeReplacer } from '../mapping/values.js';
import { documentsAsMessages, toGenAiMessages, valueAsMessages } from './genai-messages.js';

/**
 * The canonical attributes an LLM span carries when it leaves through an OTLP exporter: the latest
 * OTel GenAI semantic conventions, which any GenAI-aware backend reads, plus Datadog's documented
 * `_dd.ml_obs.prompt_tracking` and `_dd.ml_obs.metadata`, plus our `_dd.ml_obs.*` for what GenAI
 * cannot express (the `task` kind, the LLM Observability name, ml_app, tags, custom metrics).
 *
 * Datadog's own OTLP conversion has no `task` kind: such spans show up there as workflows. Send
 * through `LLMObsExporter` (the intake route) to keep them as tasks.
 */

/** `gen_ai.operation.name` per kind. `task` has no GenAI operation; `execute_task` is OpenLIT's spelling. */
export const OPERATION_BY_KIND: Record<SpanKind, string> = {
  llm: 'chat',
  embedding: 'embeddings',
  retrieval: 'retrieval',
  tool: 'execute_tool',
  agent: 'invoke_agent',
  workflow: 'invoke_workflow',
  task: 'execute_task',
};

const TOKEN_ATTRIBUTES: ReadonlyArray<[string, string]> = [
  ['input_tokens', 'gen_ai.usage.input_tokens'],
  ['output_tokens', 'gen_ai.usage.output_tokens'],
  ['total_tokens', 'gen_ai.usage.total_tokens'],
  ['cache_read_input_tokens', 'gen_ai.usage.cache_read.input_tokens'],
  ['cache_write_input_tokens', 'gen_ai.usage.cache_creation.input_tokens'],
  ['reasoning_output_tokens', 'gen_ai.usage.reasoning.output_tokens'],
  ['time_to_first_token', 'gen_ai.response.time_to_first_chunk'],
];
const GENAI_METRICS = new Set(TOKEN_ATTRIBUTES.map(([metric]) => metric));

export function toCanonicalAttributes(span: LLMObsSpan): Attributes {
  const a: Attributes = {};
  a['gen_ai.operation.name'] = OPERATION_BY_KIND[span.kind];
  a[LLMOBS_ATTR.SPAN_KIND] = span.kind;
  a[LLMOBS_ATTR.NAME] = span.name;
  a[LLMOBS_ATTR.ML_APP] = span.mlApp;
  if (span.modelProvider !== undefined) a['gen_ai.provider.name'] = span.modelProvider;
  if (span.modelName !== undefined) a['gen_ai.request.model'] = span.modelName;
  if (span.sessionId !== undefined) a['gen_ai.conversation.id'] = span.sessionId;
  if (span.userId !== undefined) a['user.id'] = span.userId;
  if (span.error?.type !== undefined) a['error.type'] = span.error.type;

  writeIO(a, span);

  const custom: Record<string, number> = {};
  for (const [metric, attribute] of TOKEN_ATTRIBUTES) {
    const v = span.metrics[metric];
    if (v !== undefined) a[attribute] = v;
  }
  for (const [key, v] of Object.entries(span.metrics)) if (!GENAI_METRICS.has(key)) custom[key] = v;
  if (Object.keys(custom).length > 0) a[LLMOBS_ATTR.METRICS] = json(custom);

  if (span.toolDefinitions && span.toolDefinitions.length > 0) {
    a['gen_ai.tool.definitions'] = json(
      span.toolDefinitions.map((t) => ({ type: 'function', name: t.name, description: t.description, parameters: t.schema })),
    );
  }
  if (Object.keys(span.metadata).length > 0) a[LLMOBS_ATTR.METADATA] = json(span.metadata);
  if (Object.keys(span.tags).length > 0) a[LLMOBS_ATTR.TAGS] = json(span.tags);
  if (span.input.prompt) a[LLMOBS_ATTR.PROMPT_TRACKING] = json(toPromptTracking(span.input.prompt));
  return a;
}

function writeIO(a: Attributes, span: LLMObsSpan): void {
  const { input, output } = span;
  switch (span.kind) {
    case 'llm':
      if (input.messages) a['gen_ai.input.messages'] = json(toGenAiMessages(input.messages));
      if (output.messages) a['gen_ai.output.messages'] = json(toGenAiMessages(output.messages));
      return;
    case 'embedding':
      if (input.documents) a['gen_ai.input.messages'] = json(documentsAsMessages(input.documents));
      if (output.value !== undefined) a['gen_ai.output.messages'] = json(valueAsMessages(output.value, 'assistant'));
      return;
    case 'retrieval':
      if (input.value !== undefined) a['gen_ai.retrieval.query.text'] = input.value;
      if (output.documents) {
        a['gen_ai.retrieval.documents'] = json(output.documents.map((d) => ({ id: d.id, score: d.score, content: d.text, name: d.name })));
      }
      return;
    case 'tool':
      a['gen_ai.tool.name'] = span.name;
      if (input.value !== undefined) a['gen_ai.tool.call.arguments'] = input.value;
      if (output.value !== undefined) a['gen_ai.tool.call.result'] = output.value;
      return;
    case 'agent':
    case 'workflow':
    case 'task':
      if (span.kind === 'agent') a['gen_ai.agent.name'] = span.name;
      if (span.kind === 'workflow') a['gen_ai.workflow.name'] = span.name;
      if (input.value !== undefined) a['gen_ai.input.messages'] = json(valueAsMessages(input.value, 'user'));
      if (output.value !== undefined) a['gen_ai.output.messages'] = json(valueAsMessages(output.value, 'assistant'));
      return;
  }
}

/** Datadog's documented prompt-tracking JSON (`rag_*_variables`, `chat_template`). */
function toPromptTracking(p: Prompt): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (p.id !== undefined) out.id = p.id;
  if (p.version !== undefined) out.version = p.version;
  if (p.template !== undefined) out.template = p.template;
  if (p.chatTemplate !== undefined) out.chat_template = p.chatTemplate;
  if (p.variables !== undefined) out.variables = p.variables;
  if (p.contextVariableKeys !== undefined) out.rag_context_variables = p.contextVariableKeys;
  if (p.queryVariableKeys !== undefined) out.rag_query_variables = p.queryVariableKeys;
  if (p.tags !== undefined) out.tags = p.tags;
  return out;
}

function json(value: unknown): string {
  return JSON.stringify(value, safeReplacer()) ?? 'null';
}
