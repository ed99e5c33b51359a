import type { Attributes, AttributeValue } from '@opentelemetry/api';
import type { Message, Metrics, ToolCall } from '../conventions/model.js';
import { GENAI, GENAI_LEGACY } from '../conventions/genai.js';
import { isRecord, readIndexed, readNonEmpty, readNumber, readStringArray, tryParseJson } from './attributes.js';
import type { Contribution, ConventionMapper } from './contribution.js';
import type { PartsContext } from './genai-parts.js';
import { nameToolResults, semconvMessage } from './genai-parts.js';
import { isCopyableKey } from './metadata-values.js';
import { normalizeProvider } from './provider.js';
import type { SpanData, SpanEventData } from './span-data.js';
import { includeCacheInInputTokens } from './token-semantics.js';
import { normalizeToolDefinitions } from './tool-definitions.js';
import { toolCall, toValueString } from './values.js';

/**
 * Pre-1.37 GenAI styles (spec conventions §2): OpenLLMetry's flattened `gen_ai.prompt.N.*` /
 * `gen_ai.completion.N.*` (traceloop JS ≤ 0.22, traceloop's `withLLMCall`, OpenLLMetry Python),
 * the deprecated token names, `llm.*` request parameters and `llm.request.functions.N.*` tool
 * definitions; and, best effort, the 1.28–1.36 per-message events when a bridge put them on the span.
 *
 * Message content may be a string, a JSON-stringified OpenAI or Anthropic content-block array, or the
 * literal `"null"` (an assistant message that only called tools).
 */
const LEGACY_KEYS = [
  GENAI_LEGACY.USAGE_PROMPT_TOKENS,
  GENAI_LEGACY.USAGE_COMPLETION_TOKENS,
  GENAI_LEGACY.USAGE_CACHE_READ_INPUT_TOKENS,
  GENAI_LEGACY.USAGE_CACHE_CREATION_INPUT_TOKENS,
  GENAI_LEGACY.USAGE_REASONING_TOKENS,
  GENAI_LEGACY.LLM_USAGE_TOTAL_TOKENS,
  GENAI_LEGACY.LLM_TOP_K,
  GENAI_LEGACY.LLM_FREQUENCY_PENALTY,
  GENAI_LEGACY.LLM_PRESENCE_PENALTY,
  GENAI_LEGACY.LLM_CHAT_STOP_SEQUENCES,
  GENAI_LEGACY.LLM_IS_STREAMING,
];

const INPUT_EVENTS = new Map<string, string>([
  [GENAI_LEGACY.EVENT_SYSTEM_MESSAGE, 'system'],
  [GENAI_LEGACY.EVENT_USER_MESSAGE, 'user'],
  [GENAI_LEGACY.EVENT_ASSISTANT_MESSAGE, 'assistant'],
  [GENAI_LEGACY.EVENT_TOOL_MESSAGE, 'tool'],
  [GENAI_LEGACY.EVENT_CONTENT_PROMPT, 'user'],
]);
const OUTPUT_EVENTS = new Set<string>([GENAI_LEGACY.EVENT_CHOICE, GENAI_LEGACY.EVENT_CONTENT_COMPLETION]);

/**
 * `gen_ai.prompt.<N>.…` / `gen_ai.completion.<N>.…`, not `gen_ai.prompt.name` (a semconv prompt
 * identifier). Also decides the kind of a span that has nothing else (`kind.ts`, row 7).
 */
export const FLATTENED_MESSAGE_KEY = /^gen_ai\.(?:prompt|completion)\.\d+\./;
/** A flattened message or an `llm.request.functions.<N>.…` tool definition: one regex, one pass over the keys. */
const FLATTENED_KEY = /^(?:gen_ai\.(?:prompt|completion)\.\d+|llm\.request\.functions)\./;

export const genaiLegacyMapper: ConventionMapper = {
  id: 'genai-legacy',
  detect(span) {
    const a = span.attributes;
    for (const key in a) if (FLATTENED_KEY.test(key)) return true;
    if (LEGACY_KEYS.some((k) => a[k] !== undefined)) return true;
    return span.events?.some((e) => INPUT_EVENTS.has(e.name) || OUTPUT_EVENTS.has(e.name)) ?? false;
  },
  map(span, { problems }) {
    const a = span.attributes;
    const c: Contribution = {};
    c.modelName = readNonEmpty(a, GENAI.RESPONSE_MODEL) ?? readNonEmpty(a, GENAI.REQUEST_MODEL);
    c.modelProvider = normalizeProvider(readNonEmpty(a, GENAI.SYSTEM));
    const finishReasons: string[] = [];
    let input = flattenedMessages(a, GENAI.PROMPT_PREFIX, 'user', problems);
    let output = flattenedMessages(a, GENAI.COMPLETION_PREFIX, 'assistant', problems, finishReasons);
    if (input.length === 0 && output.length === 0 && span.events && span.events.length > 0) {
      ({ input, output } = eventMessages(span.events, problems, finishReasons));
    }
    nameToolResults(input, output);
    if (input.length > 0) c.input = { messages: input };
    if (output.length > 0) c.output = { messages: output };

    c.metadata = readMetadata(a, finishReasons);
    c.metrics = readMetrics(a, span, c.modelProvider);

    const functions = readIndexed(a, GENAI_LEGACY.LLM_REQUEST_FUNCTIONS_PREFIX);
    if (functions.length > 0) c.toolDefinitions = normalizeToolDefinitions(functions, problems);
    return c;
  },
};

function flattenedMessages(a: Attributes, prefix: string, defaultRole: string, problems: string[], finishReasons?: string[]): Message[] {
  const ctx: PartsContext = { problems, where: `${prefix}.*`, reported: new Set() };
  const out: Message[] = [];
  for (const entry of readIndexed(a, prefix)) {
    const role = str(entry.role) ?? defaultRole;
    // Completions API prompts in OpenLLMetry Python: `gen_ai.prompt.0.user`.
    const content = entry.content ?? entry.user;
    const calls = flattenedToolCalls(entry);
    out.push(...legacyMessage(role, content, calls, str(entry.tool_call_id), ctx));
    const reason = str(entry.finish_reason);
    if (finishReasons && reason !== undefined) finishReasons.push(reason);
  }
  return out;
}

/** `tool_calls.<j>.{id,name,arguments}` and the legacy `function_call.{name,arguments}`. */
function flattenedToolCalls(entry: Record<string, AttributeValue>): ToolCall[] {
  const byIndex = new Map<number, Record<string, AttributeValue>>();
  for (const [key, value] of Object.entries(entry)) {
    const m = /^tool_calls\.(\d+)\.(.+)$/.exec(key);
    if (!m || !isCopyableKey(m[2] as string)) continue;
    const i = Number(m[1]);
    const call = byIndex.get(i) ?? {};
    call[m[2] as string] = value;
    byIndex.set(i, call);
  }
  const calls = [...byIndex.entries()].sort((x, y) => x[0] - y[0]).map(([, c]) => toolCall(c.name, c.arguments, c.id, 'function'));
  if (entry['function_call.name'] !== undefined) calls.push(toolCall(entry['function_call.name'], entry['function_call.arguments'], undefined, 'function'));
  return calls;
}

/**
 * One legacy message → canonical messages. Content-block arrays (OpenAI, Anthropic) are translated to
 * semconv parts and converted like semconv messages, so tool results inside a user message are split
 * out the same way.
 */
function legacyMessage(
  rawRole: string,
  content: unknown,
  extraCalls: ToolCall[],
  toolCallId: string | undefined,
  ctx: PartsContext,
): Message[] {
  // OpenLLMetry Python records Anthropic thinking blocks as a `thinking` completion.
  const role = rawRole === 'thinking' ? 'reasoning' : rawRole;
  const parts = contentParts(content);
  const messages = semconvMessage({ role, parts }, role, ctx);
  if (extraCalls.length > 0 || toolCallId !== undefined) {
    let main = messages.find((m) => m.role === role);
    if (!main) {
      main = { role };
      messages.push(main);
    }
    if (extraCalls.length > 0) main.toolCalls = [...(main.toolCalls ?? []), ...extraCalls];
    if (toolCallId !== undefined && role === 'tool') main.toolId = toolCallId;
  }
  return messages;
}

/** Content as semconv parts: `"null"` and `""` are no content; JSON block arrays are translated; anything else is text. */
function contentParts(content: unknown): unknown[] {
  if (content === undefined || content === null || content === '' || content === 'null') return [];
  if (typeof content !== 'string') {
    // Already parsed (event bodies): a block array, or any other value shown as JSON text.
    if (isBlockArray(content)) return content.map(nativeBlockToPart);
    return [toValueString(content) ?? ''];
  }
  if (!content.trimStart().startsWith('[')) return [content];
  const parsed = tryParseJson(content);
  return parsed.ok && isBlockArray(parsed.value) ? parsed.value.map(nativeBlockToPart) : [content];
}

function isBlockArray(value: unknown): value is Array<Record<string, unknown>> {
  return Array.isArray(value) && value.length > 0 && value.every((b) => isRecord(b) && typeof b.type === 'string');
}

/** An OpenAI or Anthropic content block as a semconv part. */
function nativeBlockToPart(block: Record<string, unknown>): unknown {
  switch (block.type) {
    case 'text':
    case 'input_text':
    case 'output_text':
      return { type: 'text', content: block.text ?? block.content };
    case 'refusal':
      return { type: 'text', content: block.refusal };
    case 'thinking':
      return { type: 'reasoning', content: block.thinking };
    case 'image_url': {
      const image = block.image_url;
      const url = isRecord(image) ? image.url : image;
      return { type: 'uri', modality: 'image', uri: url };
    }
    case 'input_audio': {
      const audio = isRecord(block.input_audio) ? block.input_audio : {};
      const format = typeof audio.format === 'string' ? audio.format : undefined;
      return { type: 'blob', modality: 'audio', mime_type: format ? `audio/${format}` : undefined, content: audio.data };
    }
    case 'image': {
      const source = isRecord(block.source) ? block.source : {};
      if (source.type === 'url') return { type: 'uri', modality: 'image', uri: source.url };
      return { type: 'blob', modality: 'image', mime_type: source.media_type, content: source.data };
    }
    case 'tool_use':
      return { type: 'tool_call', id: block.id, name: block.name, arguments: block.input };
    case 'tool_result':
      return { type: 'tool_call_response', id: block.tool_use_id, response: toolResultContent(block.content) };
    default:
      return block;
  }
}

/** Anthropic tool results hold a string or an array of text blocks. */
function toolResultContent(content: unknown): unknown {
  if (!Array.isArray(content)) return content;
  const texts = content.map((b) => (isRecord(b) && typeof b.text === 'string' ? b.text : undefined));
  return texts.every((t) => t !== undefined) ? texts.join('\n') : content;
}

/**
 * The deprecated per-message events, when they are on the span. Their body (`content`, `tool_calls`,
 * `message`) is usually missing from span events; keep what there is.
 */
function eventMessages(events: readonly SpanEventData[], problems: string[], finishReasons: string[]): { input: Message[]; output: Message[] } {
  const input: Message[] = [];
  const output: Message[] = [];
  const ctx: PartsContext = { problems, where: 'gen_ai message events', reported: new Set() };
  for (const event of events) {
    const a = event.attributes ?? {};
    const inputRole = INPUT_EVENTS.get(event.name);
    if (inputRole !== undefined) {
      const content = a.content ?? a[GENAI.PROMPT_PREFIX];
      const calls = eventToolCalls(a.tool_calls);
      const toolId = str(a.id) ?? str(a.tool_call_id);
      input.push(...legacyMessage(str(a.role) ?? inputRole, content, calls, toolId, ctx));
    } else if (OUTPUT_EVENTS.has(event.name)) {
      const rawMessage = typeof a.message === 'string' ? tryParseJson(a.message) : undefined;
      const message = rawMessage?.ok && isRecord(rawMessage.value) ? rawMessage.value : {};
      const content = message.content ?? a.content ?? a[GENAI.COMPLETION_PREFIX];
      const calls = eventToolCalls(message.tool_calls ?? a.tool_calls);
      output.push(...legacyMessage(str(message.role) ?? str(a.role) ?? 'assistant', content, calls, undefined, ctx));
      const reason = str(a.finish_reason);
      if (reason !== undefined) finishReasons.push(reason);
    }
  }
  return { input, output };
}

/** `[{id, type, function:{name, arguments}}]`, as a JSON string or already parsed. */
function eventToolCalls(raw: unknown): ToolCall[] {
  let value = raw;
  if (typeof value === 'string') {
    const parsed = tryParseJson(value);
    value = parsed.ok ? parsed.value : undefined;
  }
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((c) => {
    const fn = isRecord(c.function) ? c.function : c;
    return toolCall(fn.name, fn.arguments, c.id, 'function');
  });
}

function readMetadata(a: Attributes, finishReasons: string[]): Record<string, unknown> {
  const metadata: Record<string, unknown> = {};
  const number = (name: string, key: string) => {
    const v = readNumber(a, key);
    if (v !== undefined) metadata[name] = v;
  };
  number('top_k', GENAI_LEGACY.LLM_TOP_K);
  number('frequency_penalty', GENAI_LEGACY.LLM_FREQUENCY_PENALTY);
  number('presence_penalty', GENAI_LEGACY.LLM_PRESENCE_PENALTY);
  const stops = readStringArray(a, GENAI_LEGACY.LLM_CHAT_STOP_SEQUENCES);
  if (stops) metadata.stop_sequences = stops;
  const stream = a[GENAI_LEGACY.LLM_IS_STREAMING];
  if (typeof stream === 'boolean') metadata.stream = stream;
  const reasons = finishReasons.filter((r) => r !== '');
  if (reasons.length > 0) metadata.finish_reasons = reasons;
  return metadata;
}

function readMetrics(a: Attributes, span: SpanData, provider: string | undefined): Metrics {
  const m: Metrics = {};
  const set = (name: string, value: number | undefined) => {
    if (value !== undefined) m[name] = value;
  };
  set('input_tokens', readNumber(a, GENAI_LEGACY.USAGE_PROMPT_TOKENS));
  set('output_tokens', readNumber(a, GENAI_LEGACY.USAGE_COMPLETION_TOKENS));
  set('total_tokens', readNumber(a, GENAI_LEGACY.LLM_USAGE_TOTAL_TOKENS));
  set('cache_read_input_tokens', readNumber(a, GENAI_LEGACY.USAGE_CACHE_READ_INPUT_TOKENS));
  set('cache_write_input_tokens', readNumber(a, GENAI_LEGACY.USAGE_CACHE_CREATION_INPUT_TOKENS));
  set('reasoning_output_tokens', readNumber(a, GENAI_LEGACY.USAGE_REASONING_TOKENS));
  includeCacheInInputTokens(m, span, provider);
  return m;
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

