import type { Attributes } from '@opentelemetry/api';
import type { Document, Message, Metrics, SpanIO, SpanKind } from '../conventions/model.js';
import { GENAI } from '../conventions/genai.js';
import { hasPrefix, isRecord, readJson, readNonEmpty, readNumber, readStringArray, tryParseJson } from './attributes.js';
import { coerceDocuments } from './coerce.js';
import type { Contribution, ConventionMapper } from './contribution.js';
import type { PartsContext } from './genai-parts.js';
import { instructionsText, nameToolResults, semconvMessages } from './genai-parts.js';
import { isCopyableKey, toScalarMetadata } from './metadata-values.js';
import { normalizeProvider } from './provider.js';
import type { SpanData } from './span-data.js';
import { includeCacheInInputTokens } from './token-semantics.js';
import { normalizeToolDefinitions } from './tool-definitions.js';
import { lastMessageText, toValueString, valueIO } from './values.js';

/**
 * OTel GenAI semantic conventions ≥ 1.37 (spec conventions §1, §9): traceloop ≥ 0.25, openlit,
 * Vercel `ai@7` + `@ai-sdk/otel`, the Anthropic SDK's native spans, and anything else that follows
 * semconv. Messages, request and response attributes are read from the span's attributes, or from
 * the `gen_ai.client.inference.operation.details` span event when the attributes are absent.
 *
 * Detected on any `gen_ai.*` attribute: pre-1.37 spans share `gen_ai.request.*`,
 * `gen_ai.response.*` and `gen_ai.system` with semconv, and this mapper reads those for them too;
 * their flattened messages and deprecated token names are `genai-legacy`'s.
 */
export const genaiMapper: ConventionMapper = {
  id: 'genai',
  detect: (span) => hasPrefix(span.attributes, 'gen_ai.') || detailsEvent(span) !== undefined,
  map(span, { kind, problems }) {
    const details = detailsEvent(span);
    // Attributes win over the event's copy of them.
    const a: Attributes = details ? { ...details, ...span.attributes } : span.attributes;
    const c: Contribution = {};
    c.name = nameFor(kind, a);
    c.modelName = readNonEmpty(a, GENAI.RESPONSE_MODEL) ?? readNonEmpty(a, GENAI.REQUEST_MODEL);
    c.modelProvider = normalizeProvider(readNonEmpty(a, GENAI.PROVIDER_NAME)) ?? normalizeProvider(readNonEmpty(a, GENAI.SYSTEM));

    const io = readIO(kind, a, problems);
    c.input = io.input;
    c.output = io.output;
    c.metadata = readMetadata(kind, a);
    c.metrics = readMetrics(a, span, c.modelProvider);

    const tools = readJson(a, GENAI.TOOL_DEFINITIONS, problems);
    if (tools !== undefined) c.toolDefinitions = normalizeToolDefinitions(tools, problems);
    return c;
  },
};

function detailsEvent(span: SpanData): Attributes | undefined {
  return span.events?.find((e) => e.name === GENAI.EVENT_OPERATION_DETAILS)?.attributes;
}

/**
 * Span name: `gen_ai.tool.name` for tools (Datadog's backend does the same), `gen_ai.agent.name`
 * for agents, `gen_ai.workflow.name` for workflows; otherwise the span name. Only for those kinds:
 * traceloop copies `gen_ai.agent.name` onto every descendant of an agent.
 */
function nameFor(kind: SpanKind, a: Attributes): string | undefined {
  switch (kind) {
    case 'tool':
      return readNonEmpty(a, GENAI.TOOL_NAME);
    case 'agent':
      return readNonEmpty(a, GENAI.AGENT_NAME);
    case 'workflow':
      return readNonEmpty(a, GENAI.WORKFLOW_NAME);
    default:
      return undefined;
  }
}

/** What a message attribute held, before deciding what the span's kind wants from it. */
type MessagesValue =
  | { type: 'messages'; messages: Message[] }
  /** openlit embeddings: a JSON array of input strings. */
  | { type: 'strings'; texts: string[] }
  /** openlit `setResult`: raw text, not JSON. */
  | { type: 'text'; text: string };

function readIO(kind: SpanKind, a: Attributes, problems: string[]): { input: SpanIO; output: SpanIO } {
  const input = readMessages(a, GENAI.INPUT_MESSAGES, 'user', problems);
  const output = readMessages(a, GENAI.OUTPUT_MESSAGES, 'assistant', problems);
  switch (kind) {
    case 'llm':
      return llmIO(a, input, output, problems);
    case 'embedding':
      return embeddingIO(a, input, output);
    case 'retrieval':
      return retrievalIO(a, input, problems);
    default:
      return {
        input: valueIO(readToolValue(a, GENAI.TOOL_CALL_ARGUMENTS) ?? valueOf(input, 'user')),
        output: valueIO(readToolValue(a, GENAI.TOOL_CALL_RESULT) ?? valueOf(output, 'assistant')),
      };
  }
}

function llmIO(a: Attributes, input: MessagesValue | undefined, output: MessagesValue | undefined, problems: string[]) {
  const ctx: PartsContext = { problems, where: GENAI.SYSTEM_INSTRUCTIONS };
  const instructions = instructionsText(readLooseJson(a, GENAI.SYSTEM_INSTRUCTIONS, problems), ctx);
  const inputMessages = toMessages(input, 'user');
  const outputMessages = toMessages(output, 'assistant');
  if (instructions !== undefined) {
    const first = inputMessages[0];
    // openlit sends the system message in both places; do not show it twice.
    if (!(first?.role === 'system' && first.content === instructions)) inputMessages.unshift({ role: 'system', content: instructions });
  }
  nameToolResults(inputMessages, outputMessages);
  const io: { input: SpanIO; output: SpanIO } = { input: {}, output: {} };
  if (inputMessages.length > 0) io.input.messages = inputMessages;
  if (outputMessages.length > 0) io.output.messages = outputMessages;
  const promptName = readNonEmpty(a, GENAI.PROMPT_NAME);
  if (promptName !== undefined) io.input.prompt = { id: promptName };
  return io;
}

function embeddingIO(a: Attributes, input: MessagesValue | undefined, output: MessagesValue | undefined) {
  const io: { input: SpanIO; output: SpanIO } = { input: {}, output: {} };
  let documents: Document[] | undefined;
  if (input?.type === 'strings') documents = input.texts.map((text) => ({ text }));
  else if (input?.type === 'text') documents = [{ text: input.text }];
  else if (input?.type === 'messages') documents = input.messages.filter((m) => m.content !== undefined).map((m) => ({ text: m.content }));
  if (documents && documents.length > 0) io.input.documents = documents;
  const dimensions = readNumber(a, GENAI.EMBEDDINGS_DIMENSION_COUNT);
  if (dimensions !== undefined && documents && documents.length > 0) {
    // Datadog's convention for embedding outputs (vectors themselves are not worth sending).
    io.output.value = `[${documents.length} embedding(s) returned with size ${dimensions}]`;
  } else {
    const value = valueOf(output, 'assistant');
    if (value !== undefined) io.output.value = value;
  }
  return io;
}

function retrievalIO(a: Attributes, input: MessagesValue | undefined, problems: string[]) {
  const io: { input: SpanIO; output: SpanIO } = { input: {}, output: {} };
  const query = readNonEmpty(a, GENAI.RETRIEVAL_QUERY_TEXT) ?? valueOf(input, 'user');
  if (query !== undefined) io.input.value = query;
  const raw = readJson(a, GENAI.RETRIEVAL_DOCUMENTS, problems);
  if (raw !== undefined) {
    const documents = coerceDocuments(raw, problems, GENAI.RETRIEVAL_DOCUMENTS);
    if (documents && documents.length > 0) io.output.documents = documents;
  }
  return io;
}


function toMessages(value: MessagesValue | undefined, role: string): Message[] {
  if (value === undefined) return [];
  if (value.type === 'messages') return value.messages;
  if (value.type === 'strings') return value.texts.map((content) => ({ role, content }));
  return [{ role, content: value.text }];
}

/** For kinds that want a value: the last message of `role` with text (see `shapeIO`). */
function valueOf(value: MessagesValue | undefined, role: string): string | undefined {
  if (value === undefined) return undefined;
  if (value.type === 'text') return value.text;
  if (value.type === 'strings') return value.texts.length === 1 ? value.texts[0] : toValueString(value.texts);
  return lastMessageText(value.messages, role);
}

/**
 * Read a message attribute: a JSON array of semconv messages, a JSON array of strings, or raw
 * text. Text that looks like JSON but does not parse is reported and kept as text.
 */
function readMessages(a: Attributes, key: string, defaultRole: string, problems: string[]): MessagesValue | undefined {
  const parsed = readLooseJson(a, key, problems);
  if (parsed === undefined || parsed === null) return undefined;
  if (typeof parsed === 'string') return parsed === '' ? undefined : { type: 'text', text: parsed };
  if (Array.isArray(parsed)) {
    if (parsed.length === 0) return undefined;
    if (parsed.every((x): x is string => typeof x === 'string')) return { type: 'strings', texts: parsed };
    const messages = semconvMessages(parsed, defaultRole, problems, key);
    return messages && messages.length > 0 ? { type: 'messages', messages } : undefined;
  }
  if (isRecord(parsed)) {
    // One message where a list was expected: take it rather than lose it.
    const messages = semconvMessages([parsed], defaultRole, problems, key);
    return messages && messages.length > 0 ? { type: 'messages', messages } : undefined;
  }
  return { type: 'text', text: toValueString(parsed) ?? '' };
}

/**
 * A JSON-valued attribute that some producers set to plain text instead (openlit's `setResult`,
 * openlit's Anthropic `system_instructions`). Text that does not start like JSON is returned as is;
 * text that does but fails to parse is reported and returned as is. An OTel string-array value
 * has its JSON items parsed.
 */
function readLooseJson(a: Attributes, key: string, problems: string[]): unknown {
  const v = a[key];
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v.map((item) => (typeof item === 'string' ? parseIfJson(item) : item));
  if (typeof v !== 'string') return v;
  const trimmed = v.trimStart();
  if (!/^[[{"]/.test(trimmed)) return v;
  const parsed = tryParseJson(v);
  if (parsed.ok) return parsed.value;
  problems.push(`${key}: invalid JSON (${parsed.error}), kept as text`);
  return v;
}

function parseIfJson(text: string): unknown {
  if (!/^\s*[[{]/.test(text)) return text;
  const parsed = tryParseJson(text);
  return parsed.ok ? parsed.value : text;
}

/**
 * Tool arguments and results: JSON strings in practice (kept verbatim); openlit LangChain writes the
 * arguments as a string array (one element per call).
 */
function readToolValue(a: Attributes, key: string): string | undefined {
  const v = a[key];
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) {
    const items = v.filter((x) => x !== null && x !== undefined);
    if (items.length === 0) return undefined;
    return items.length === 1 ? String(items[0]) : toValueString(items);
  }
  const text = String(v);
  return text === '' ? undefined : text;
}

/** Non-semconv spellings of semconv request parameters. */
const REQUEST_KEY_ALIASES: Record<string, string> = {
  // openlit
  is_stream: 'stream',
};

/**
 * `gen_ai.request.*` minus the model, with the prefix stripped (as Datadog's OTLP ingestion does),
 * `finish_reasons`, and the tool / agent / data-source descriptors of tool, agent and retrieval spans.
 */
function readMetadata(kind: SpanKind, a: Attributes): Record<string, unknown> {
  const metadata: Record<string, unknown> = {};
  const prefix = `${GENAI.REQUEST_PREFIX}.`;
  for (const key in a) {
    if (!key.startsWith(prefix) || key === GENAI.REQUEST_MODEL) continue;
    const value = a[key];
    if (value === undefined || value === null || value === '') continue;
    const name = key.slice(prefix.length);
    if (!isCopyableKey(name)) continue;
    metadata[Object.hasOwn(REQUEST_KEY_ALIASES, name) ? (REQUEST_KEY_ALIASES[name] as string) : name] = toScalarMetadata(value);
  }
  const finishReasons = readStringArray(a, GENAI.RESPONSE_FINISH_REASONS)?.filter((r) => r !== '');
  if (finishReasons && finishReasons.length > 0) metadata.finish_reasons = finishReasons;
  if (kind === 'tool' || kind === 'task') {
    // On llm spans (openlit) these describe the model's tool call, already in the output messages.
    copy(metadata, 'tool_id', a, GENAI.TOOL_CALL_ID);
    copy(metadata, 'tool_type', a, GENAI.TOOL_TYPE);
    copy(metadata, 'tool_description', a, GENAI.TOOL_DESCRIPTION);
  }
  if (kind === 'agent') {
    copy(metadata, 'agent_id', a, GENAI.AGENT_ID);
    copy(metadata, 'agent_description', a, GENAI.AGENT_DESCRIPTION);
    copy(metadata, 'agent_version', a, GENAI.AGENT_VERSION);
  }
  if (kind === 'retrieval') copy(metadata, 'data_source_id', a, GENAI.DATA_SOURCE_ID);
  return metadata;
}

function copy(target: Record<string, unknown>, name: string, a: Attributes, key: string): void {
  const v = readNonEmpty(a, key);
  if (v !== undefined) target[name] = v;
}

function readMetrics(a: Attributes, span: SpanData, provider: string | undefined): Metrics {
  const m: Metrics = {};
  set(m, 'input_tokens', readNumber(a, GENAI.USAGE_INPUT_TOKENS));
  set(m, 'output_tokens', readNumber(a, GENAI.USAGE_OUTPUT_TOKENS));
  set(m, 'total_tokens', readNumber(a, GENAI.USAGE_TOTAL_TOKENS));
  set(m, 'cache_read_input_tokens', readNumber(a, GENAI.USAGE_CACHE_READ_INPUT_TOKENS));
  set(
    m,
    'cache_write_input_tokens',
    readNumber(a, GENAI.USAGE_CACHE_CREATION_INPUT_TOKENS) ?? readNumber(a, GENAI.USAGE_CACHE_WRITE_INPUT_TOKENS),
  );
  set(m, 'reasoning_output_tokens', readNumber(a, GENAI.USAGE_REASONING_OUTPUT_TOKENS));
  set(m, 'time_to_first_token', readNumber(a, GENAI.RESPONSE_TIME_TO_FIRST_CHUNK) ?? readNumber(a, GENAI.CLIENT_TIME_TO_FIRST_CHUNK));
  set(m, 'time_per_output_token', readNumber(a, GENAI.CLIENT_TIME_PER_OUTPUT_CHUNK));
  includeCacheInInputTokens(m, span, provider);
  return m;
}

function set(m: Metrics, key: string, value: number | undefined): void {
  if (value !== undefined) m[key] = value;
}
