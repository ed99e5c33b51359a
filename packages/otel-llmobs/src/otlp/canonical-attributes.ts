import type { Attributes, AttributeValue } from '@opentelemetry/api';
import type { Document, LLMObsSpan, Message, Metrics, Prompt, SpanIO, SpanKind, ToolDefinition } from '../conventions/model.js';
import { MODEL_KINDS } from '../conventions/model.js';
import { GENAI, OPERATION_BY_KIND } from '../conventions/genai.js';
import { LLMOBS_ATTR } from '../conventions/llmobs-attributes.js';
import { readNonEmpty } from '../mapping/attributes.js';
import { nameToolResults, semconvMessages } from '../mapping/genai-parts.js';
import { normalizeProvider } from '../mapping/provider.js';
import type { SpanData } from '../mapping/span-data.js';
import { inputTokensExcludeCache } from '../mapping/token-semantics.js';
import { safeReplacer } from '../mapping/values.js';
import { documentsAsMessages, toGenAiMessages, valueAsMessages } from './genai-messages.js';
import type { GenAiMessage } from './genai-messages.js';
import { sameValue } from './same-value.js';

/**
 * The canonical attributes an LLM span carries when it leaves through an OTLP exporter: the latest
 * OTel GenAI semantic conventions (which Datadog's OTLP conversion and any GenAI-aware backend
 * read), plus Datadog's documented `_dd.ml_obs.prompt_tracking` and `_dd.ml_obs.metadata`, plus our
 * own `_dd.ml_obs.*` only for what GenAI cannot express:
 *
 * | `_dd.ml_obs.*` | written when |
 * |---|---|
 * | `ml_app` | always (GenAI has no application; Datadog takes `dd-ml-app` / `service.name`) |
 * | `span_kind` | the kind is `task` (no GenAI operation; Datadog shows it as a workflow) |
 * | `name` | the LLM Observability name is not the span name |
 * | `metadata` | metadata other than the standard request parameters, finish reasons and tool / agent / data-source descriptors |
 * | `metrics` | metrics GenAI has no attribute for; token counts of non-model spans; input tokens our own mapper would otherwise re-adjust (see below) |
 * | `tags` | there are tags |
 * | `prompt_tracking` | there is a prompt (`gen_ai.prompt.name` carries its id as well) |
 * | `input` / `output` | GenAI messages cannot carry the exact I/O (checked by reading them back, see `exactIO`) |
 * | `model_provider` | the provider is not in our normalized form (an annotated `my.provider`) |
 * | `annotation_errors` | the span has collection errors |
 *
 * docs/otlp.md has the full table, and what Datadog's conversion makes of each attribute.
 */

/** What the writer knows about the span the attributes will travel on (the source span). */
export type CanonicalSource = Pick<SpanData, 'name' | 'attributes' | 'instrumentationScope'>;

/**
 * Source operations kept as they are: those that both our kind table and Datadog's OTLP
 * conversion map to the span's kind (`text_completion` stays `text_completion`; `responses`,
 * which Datadog would show as a workflow, becomes `chat`).
 */
const KEPT_OPERATIONS: Partial<Record<SpanKind, ReadonlySet<string>>> = {
  llm: new Set(['chat', 'generate_content', 'text_completion', 'completion']),
  embedding: new Set(['embeddings', 'embedding']),
  agent: new Set(['invoke_agent', 'create_agent']),
};

/** Metrics with a GenAI attribute (written on llm and embedding spans only, as dd-trace's reverse mapping does). */
const GENAI_METRICS: ReadonlyArray<[string, string]> = [
  ['input_tokens', GENAI.USAGE_INPUT_TOKENS],
  ['output_tokens', GENAI.USAGE_OUTPUT_TOKENS],
  ['total_tokens', GENAI.USAGE_TOTAL_TOKENS],
  ['cache_read_input_tokens', GENAI.USAGE_CACHE_READ_INPUT_TOKENS],
  ['cache_write_input_tokens', GENAI.USAGE_CACHE_CREATION_INPUT_TOKENS],
  ['reasoning_output_tokens', GENAI.USAGE_REASONING_OUTPUT_TOKENS],
  ['time_to_first_token', GENAI.RESPONSE_TIME_TO_FIRST_CHUNK],
];

/** Standard `gen_ai.request.*` parameters, by metadata key, with the value type semconv gives them. */
const REQUEST_PARAMETERS: Record<string, 'number' | 'string[]' | 'boolean'> = {
  temperature: 'number',
  top_p: 'number',
  top_k: 'number',
  max_tokens: 'number',
  frequency_penalty: 'number',
  presence_penalty: 'number',
  seed: 'number',
  stop_sequences: 'string[]',
  encoding_formats: 'string[]',
  stream: 'boolean',
};

/** Descriptor metadata with a GenAI attribute, per kind (what the GenAI mapper reads back). */
const DESCRIPTORS: Partial<Record<SpanKind, Record<string, string>>> = {
  tool: { tool_id: GENAI.TOOL_CALL_ID, tool_type: GENAI.TOOL_TYPE, tool_description: GENAI.TOOL_DESCRIPTION },
  agent: { agent_id: GENAI.AGENT_ID, agent_description: GENAI.AGENT_DESCRIPTION, agent_version: GENAI.AGENT_VERSION },
  retrieval: { data_source_id: GENAI.DATA_SOURCE_ID },
};

export function toCanonicalAttributes(span: LLMObsSpan, source?: CanonicalSource): Attributes {
  const a: Attributes = {};
  a[GENAI.OPERATION_NAME] = operationOf(span.kind, source);
  if (span.kind === 'task') a[LLMOBS_ATTR.SPAN_KIND] = 'task';
  if (source === undefined || span.name !== source.name) a[LLMOBS_ATTR.NAME] = span.name;
  a[LLMOBS_ATTR.ML_APP] = span.mlApp;
  if (span.modelProvider !== undefined && span.modelProvider !== '') {
    a[GENAI.PROVIDER_NAME] = span.modelProvider;
    if (normalizeProvider(span.modelProvider) !== span.modelProvider) a[LLMOBS_ATTR.MODEL_PROVIDER] = span.modelProvider;
  }
  if (span.modelName !== undefined && span.modelName !== '') a[GENAI.REQUEST_MODEL] = span.modelName;
  if (span.sessionId !== undefined) a[GENAI.CONVERSATION_ID] = span.sessionId;
  if (span.userId !== undefined) a['user.id'] = span.userId;
  if (span.error?.type !== undefined) a['error.type'] = span.error.type;

  const finishReasons = writeMetadata(a, span);
  const exact = writeIO(a, span, finishReasons);
  if (exact.input) a[LLMOBS_ATTR.INPUT] = json(exact.input);
  if (exact.output) a[LLMOBS_ATTR.OUTPUT] = json(exact.output);
  writeMetrics(a, span, source);

  if (span.toolDefinitions && span.toolDefinitions.length > 0) a[GENAI.TOOL_DEFINITIONS] = json(span.toolDefinitions.map(toolDefinition));
  if (Object.keys(span.tags).length > 0) a[LLMOBS_ATTR.TAGS] = json(span.tags);
  const prompt = span.input.prompt;
  if (prompt) {
    a[LLMOBS_ATTR.PROMPT_TRACKING] = json(toPromptTracking(prompt));
    if (prompt.id !== undefined && prompt.id !== '') a[GENAI.PROMPT_NAME] = prompt.id;
  }
  if (span.collectionErrors.length > 0) {
    // Our mapper prefixes what it reads from `annotation_errors` with `llmobs: `; do not repeat it.
    a[LLMOBS_ATTR.ANNOTATION_ERRORS] = json(span.collectionErrors.map((e) => (e.startsWith('llmobs: ') ? e.slice('llmobs: '.length) : e)));
  }
  return a;
}

function operationOf(kind: SpanKind, source: CanonicalSource | undefined): string {
  const original = source ? readNonEmpty(source.attributes, GENAI.OPERATION_NAME)?.toLowerCase() : undefined;
  return original !== undefined && KEPT_OPERATIONS[kind]?.has(original) ? original : OPERATION_BY_KIND[kind];
}

// -------------------------------------------------------------------------------------------------
// metadata

/** Lifts the metadata GenAI has attributes for; the rest goes to `_dd.ml_obs.metadata`. Returns the finish reasons. */
function writeMetadata(a: Attributes, span: LLMObsSpan): string[] | undefined {
  const rest: Record<string, unknown> = {};
  const model = MODEL_KINDS.has(span.kind);
  const descriptors = DESCRIPTORS[span.kind];
  let finishReasons: string[] | undefined;
  for (const [key, value] of Object.entries(span.metadata)) {
    if (model && Object.hasOwn(REQUEST_PARAMETERS, key)) {
      const attribute = asAttribute(value, REQUEST_PARAMETERS[key] as 'number' | 'string[]' | 'boolean');
      if (attribute !== undefined) {
        a[`${GENAI.REQUEST_PREFIX}.${key}`] = attribute;
        continue;
      }
    }
    if (model && key === 'finish_reasons' && isStringList(value) && value.length > 0 && value.every((r) => r !== '')) {
      a[GENAI.RESPONSE_FINISH_REASONS] = value;
      finishReasons = value;
      continue;
    }
    const descriptor = descriptors && Object.hasOwn(descriptors, key) ? descriptors[key] : undefined;
    if (descriptor !== undefined && typeof value === 'string' && value !== '') {
      a[descriptor] = value;
      continue;
    }
    rest[key] = value;
  }
  if (Object.keys(rest).length > 0) a[LLMOBS_ATTR.METADATA] = json(rest);
  return finishReasons;
}

function asAttribute(value: unknown, type: 'number' | 'string[]' | 'boolean'): AttributeValue | undefined {
  if (type === 'number') return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  if (type === 'boolean') return typeof value === 'boolean' ? value : undefined;
  return isStringList(value) ? value : undefined;
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

// -------------------------------------------------------------------------------------------------
// input and output

interface ExactIO {
  /** Set when GenAI cannot carry the input exactly: the exact input, for `_dd.ml_obs.input`. */
  input?: SpanIO;
  output?: SpanIO;
}

function writeIO(a: Attributes, span: LLMObsSpan, finishReasons: string[] | undefined): ExactIO {
  const { input, output } = span;
  switch (span.kind) {
    case 'llm':
      return writeMessages(a, input.messages, output.messages, finishReasons);
    case 'embedding': {
      const exact: ExactIO = {};
      if (input.documents && input.documents.length > 0) {
        a[GENAI.INPUT_MESSAGES] = json(documentsAsMessages(input.documents));
        // Only the text travels in a message: a document with a name, id or score, or without text, goes exactly beside it.
        if (!input.documents.every(isTextOnly)) exact.input = { documents: input.documents };
      }
      if (output.value !== undefined) a[GENAI.OUTPUT_MESSAGES] = json(valueAsMessages(output.value, 'assistant'));
      return exact;
    }
    case 'retrieval':
      if (input.value !== undefined) a[GENAI.RETRIEVAL_QUERY_TEXT] = input.value;
      if (output.documents && output.documents.length > 0) a[GENAI.RETRIEVAL_DOCUMENTS] = json(output.documents.map(retrievalDocument));
      return {};
    case 'tool':
      a[GENAI.TOOL_NAME] = span.name;
      if (input.value !== undefined) a[GENAI.TOOL_CALL_ARGUMENTS] = input.value;
      if (output.value !== undefined) a[GENAI.TOOL_CALL_RESULT] = output.value;
      return {};
    case 'agent':
    case 'workflow':
    case 'task':
      if (span.kind === 'agent') a[GENAI.AGENT_NAME] = span.name;
      if (span.kind === 'workflow') a[GENAI.WORKFLOW_NAME] = span.name;
      if (input.value !== undefined) a[GENAI.INPUT_MESSAGES] = json(valueAsMessages(input.value, 'user'));
      if (output.value !== undefined) a[GENAI.OUTPUT_MESSAGES] = json(valueAsMessages(output.value, 'assistant'));
      return {};
  }
}

/**
 * LLM messages. GenAI message JSON cannot say everything our model can (a tool result's name when
 * no tool call in the span has its id, several results in one tool message, an unknown role, a
 * tool-call type other than function or server, an empty content, a media attachment key, …).
 * Rather than keep a list of such cases, read the written messages back with the GenAI mapper's
 * own parser and compare: when the result differs, the exact messages go in
 * `_dd.ml_obs.input` / `_dd.ml_obs.output` as well (our mapper prefers them; other backends read
 * the GenAI messages, which say all that GenAI can).
 */
function writeMessages(
  a: Attributes,
  input: readonly Message[] | undefined,
  output: readonly Message[] | undefined,
  finishReasons: string[] | undefined,
): ExactIO {
  const writtenIn = input && input.length > 0 ? toGenAiMessages(input) : undefined;
  const writtenOut = output && output.length > 0 ? toGenAiMessages(output, finishReasons) : undefined;
  if (writtenIn) a[GENAI.INPUT_MESSAGES] = json(writtenIn);
  if (writtenOut) a[GENAI.OUTPUT_MESSAGES] = json(writtenOut);
  const readIn = readBack(writtenIn, 'user');
  const readOut = readBack(writtenOut, 'assistant');
  nameToolResults(readIn, readOut);
  const exact: ExactIO = {};
  if (input && input.length > 0 && !sameValue(readIn, input)) exact.input = { messages: [...input] };
  if (output && output.length > 0 && !sameValue(readOut, output)) exact.output = { messages: [...output] };
  return exact;
}

function readBack(written: GenAiMessage[] | undefined, defaultRole: string): Message[] {
  if (!written) return [];
  // Through JSON, as a reader gets them (drops undefined, copies objects).
  const parsed = JSON.parse(json(written)) as unknown;
  return semconvMessages(parsed, defaultRole, [], '') ?? [];
}

function isTextOnly(d: Document): boolean {
  return typeof d.text === 'string' && d.text !== '' && d.name === undefined && d.id === undefined && d.score === undefined;
}

function retrievalDocument(d: Document): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (d.id !== undefined) out.id = d.id;
  if (d.score !== undefined) out.score = d.score;
  if (d.text !== undefined) out.content = d.text;
  if (d.name !== undefined) out.name = d.name;
  return out;
}

// -------------------------------------------------------------------------------------------------
// metrics

function writeMetrics(a: Attributes, span: LLMObsSpan, source: CanonicalSource | undefined): void {
  const metrics: Metrics = span.metrics;
  const custom: Record<string, number> = {};
  const model = MODEL_KINDS.has(span.kind);
  const genai = new Set<string>();
  if (model) {
    for (const [metric, attribute] of GENAI_METRICS) {
      const v = metrics[metric];
      if (v === undefined) continue;
      a[attribute] = v;
      genai.add(metric);
    }
    if (inputTokensWouldBeAdjusted(span, source)) {
      // Our mapper adds cache tokens to the input count of some sources (Anthropic through
      // traceloop ≤ 0.27 and openlit, judged by instrumentation scope) and of any count smaller than
      // its cache tokens. The count written here already includes them (as GenAI says it SHOULD):
      // state it explicitly so that reading it back does not add them twice.
      genai.delete('input_tokens');
      genai.delete('total_tokens');
    }
  }
  for (const [key, value] of Object.entries(metrics)) if (!genai.has(key)) custom[key] = value;
  if (Object.keys(custom).length > 0) a[LLMOBS_ATTR.METRICS] = json(custom);
}

function inputTokensWouldBeAdjusted(span: LLMObsSpan, source: CanonicalSource | undefined): boolean {
  const { input_tokens: input, cache_read_input_tokens: read, cache_write_input_tokens: write } = span.metrics;
  if (input === undefined) return false;
  const cache = (read ?? 0) + (write ?? 0);
  if (cache <= 0) return false;
  if (input < cache) return true;
  const data: SpanData = { name: source?.name ?? span.name, attributes: source?.attributes ?? {} };
  const scope = source?.instrumentationScope;
  return inputTokensExcludeCache(scope ? { ...data, instrumentationScope: scope } : data, normalizeProvider(span.modelProvider));
}

// -------------------------------------------------------------------------------------------------
// tools and prompts

/** OTel GenAI's flat tool definition, plus `version` when the model has one. */
function toolDefinition(t: ToolDefinition): Record<string, unknown> {
  const out: Record<string, unknown> = { type: 'function', name: t.name };
  if (t.description !== undefined) out.description = t.description;
  if (t.schema !== undefined) out.parameters = t.schema;
  if (t.version !== undefined) out.version = t.version;
  return out;
}

/** Datadog's documented prompt-tracking JSON (`rag_*_variables`, `chat_template`), plus what our model adds. */
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
  if (p.promptUuid !== undefined) out.prompt_uuid = p.promptUuid;
  if (p.promptVersionUuid !== undefined) out.prompt_version_uuid = p.promptVersionUuid;
  return out;
}

function json(value: unknown): string {
  return JSON.stringify(value, safeReplacer()) ?? 'null';
}
