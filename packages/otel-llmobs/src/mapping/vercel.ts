import type { Attributes } from '@opentelemetry/api';
import type { Message, Metrics, SpanIO, SpanKind, ToolDefinition } from '../conventions/model.js';
import { VERCEL as V, VERCEL_IDENTITY_KEYS } from '../conventions/vercel.js';
import { hasPrefix, isRecord, readCount, readJson, readNonEmpty, readNumber, readPrefixed, readString, tryParseJson } from './attributes.js';
import type { Contribution, ConventionMapper } from './contribution.js';
import type { SpanData } from './span-data.js';
import { summarizeEmbeddings } from './embedding-summary.js';
import { camelToSnake, isCopyableKey, toScalarMetadata } from './metadata-values.js';
import { normalizeProvider } from './provider.js';
import { normalizeToolDefinitions } from './tool-definitions.js';
import { toValueString } from './values.js';
import { convertVercelMessages, messageText, toToolCall } from './vercel-messages.js';

/**
 * Vercel AI SDK `ai.*` attributes (spec conventions §6): `ai` ≤ 6 built-in telemetry and `ai` 7
 * `LegacyOpenTelemetry` in full, plus the `ai.*` extras that `ai` 7 `@ai-sdk/otel` `OpenTelemetry`
 * adds to its semconv spans (`ai.values`, `ai.embeddings`, `ai.settings.context.*`,
 * `ai.usage.*Details`, `ai.response.providerMetadata`). Lowest precedence: on spans that also carry
 * `gen_ai.*` the OTel GenAI mapper wins field by field and this one fills the gaps. Shapes its I/O
 * by the decided kind, not by the span name, so renamed spans (traceloop) still map. See
 * docs/mapping.md "Vercel AI SDK" for the field table and the decisions taken.
 */
export const vercelMapper: ConventionMapper = {
  id: 'vercel',
  detect: (span) => span.instrumentationScope?.name === V.SCOPE || hasPrefix(span.attributes, V.PREFIX),
  map(span, { kind, problems }) {
    const a = span.attributes;
    const c: Contribution = {};
    c.name = readName(span, kind);
    c.modelName = readNonEmpty(a, V.RESPONSE_MODEL) ?? readNonEmpty(a, V.MODEL_ID);
    c.modelProvider = normalizeProvider(readNonEmpty(a, V.GENAI_SYSTEM)) ?? normalizeProvider(readNonEmpty(a, V.MODEL_PROVIDER));
    switch (kind) {
      case 'llm':
        c.input = readLlmInput(a, problems);
        c.output = readLlmOutput(a, problems);
        break;
      case 'embedding': {
        const values = readEmbeddingValues(a, problems);
        c.input = values ? { documents: values.map((text) => ({ text })) } : {};
        c.output = readEmbeddingOutput(a);
        break;
      }
      case 'tool':
        c.input = { value: readAnyText(a, V.TOOL_CALL_ARGS) ?? readAnyText(a, V.TOOL_CALL_INPUT) };
        c.output = { value: readAnyText(a, V.TOOL_CALL_RESULT) ?? readAnyText(a, V.TOOL_CALL_OUTPUT) };
        break;
      default:
        c.input = readCallInput(a, problems);
        c.output = readCallOutput(a, problems);
    }
    c.metadata = readMetadata(a, kind, problems);
    c.metrics = readMetrics(a, problems);
    c.toolDefinitions = readToolDefinitions(a, problems);
    return c;
  },
};

/**
 * Tool spans are named after the tool (`ai.toolCall.name`; ai ≤ 3 put the tool's index there, which
 * is ignored). Other spans that still carry Vercel's own name (`span.name === ai.operationId`) are
 * named `{functionId}.{operation}` (`geo-answer.generateText`, `geo-answer.doGenerate`), as dd-trace
 * names ai 7 spans; a span renamed by another processor (traceloop's `chat gpt-4o-mini`) keeps its
 * new name, and so does one without a functionId.
 */
function readName(span: SpanData, kind: SpanKind): string | undefined {
  const a = span.attributes;
  if (kind === 'tool') {
    const tool = readNonEmpty(a, V.TOOL_CALL_NAME);
    if (tool !== undefined && !/^\d+$/.test(tool)) return tool;
  }
  const operationId = readNonEmpty(a, V.OPERATION_ID);
  const functionId = readNonEmpty(a, V.FUNCTION_ID);
  if (operationId === undefined || functionId === undefined || span.name !== operationId) return undefined;
  return `${functionId}.${operationId.slice(operationId.lastIndexOf('.') + 1)}`;
}

// ---------------------------------------------------------------------------------------------
// llm spans (`.doGenerate` / `.doStream`)

/** `ai.prompt.messages`; spans of old SDKs without it fall back to `ai.prompt`. */
function readLlmInput(a: Attributes, problems: string[]): SpanIO {
  const raw = readJson(a, V.PROMPT_MESSAGES, problems);
  if (raw !== undefined) return { messages: convertVercelMessages(raw, problems, V.PROMPT_MESSAGES) };
  const prompt = readJson(a, V.PROMPT, problems);
  return isRecord(prompt) ? { messages: promptMessages(prompt, problems) } : {};
}

/** `ai.prompt` `{system?, prompt? | messages?}` as messages. */
function promptMessages(prompt: Record<string, unknown>, problems: string[]): Message[] | undefined {
  const out: Message[] = [];
  if (typeof prompt.system === 'string') out.push({ role: 'system', content: prompt.system });
  if (typeof prompt.prompt === 'string') out.push({ role: 'user', content: prompt.prompt });
  const list = Array.isArray(prompt.prompt) ? prompt.prompt : prompt.messages;
  if (list !== undefined) out.push(...(convertVercelMessages(list, problems, V.PROMPT) ?? []));
  return out.length > 0 ? out : undefined;
}

/**
 * One assistant message from `ai.response.text` (or `ai.response.object`) and `ai.response.toolCalls`,
 * preceded by a `reasoning` message when `ai.response.reasoning` is set. Nothing when the call failed.
 */
function readLlmOutput(a: Attributes, problems: string[]): SpanIO {
  const messages: Message[] = [];
  const reasoning = readNonEmpty(a, V.RESPONSE_REASONING);
  if (reasoning !== undefined) messages.push({ role: 'reasoning', content: reasoning });
  const text = readString(a, V.RESPONSE_TEXT) ?? readNonEmpty(a, V.RESPONSE_OBJECT);
  const toolCalls = readResponseToolCalls(a, problems);
  if (text !== undefined || toolCalls) {
    const message: Message = { role: 'assistant' };
    if (text !== undefined && !(text === '' && toolCalls)) message.content = text;
    if (toolCalls) message.toolCalls = toolCalls;
    messages.push(message);
  }
  return messages.length > 0 ? { messages } : {};
}

function readResponseToolCalls(a: Attributes, problems: string[]): Message['toolCalls'] {
  const raw = readJson(a, V.RESPONSE_TOOL_CALLS, problems);
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) {
    problems.push(`${V.RESPONSE_TOOL_CALLS}: expected a JSON array`);
    return undefined;
  }
  const calls = raw.filter(isRecord).map(toToolCall);
  return calls.length > 0 ? calls : undefined;
}

// ---------------------------------------------------------------------------------------------
// Embeddings

/** `ai.values` (each item JSON-encoded) or `ai.value`, decoded to texts. */
function readEmbeddingValues(a: Attributes, problems: string[]): string[] | undefined {
  const many = a[V.VALUES];
  let items: unknown[] | undefined;
  if (Array.isArray(many)) items = many;
  else if (typeof many === 'string') {
    const parsed = tryParseJson(many);
    items = parsed.ok && Array.isArray(parsed.value) ? parsed.value : [many];
  } else if (a[V.VALUE] !== undefined) items = [a[V.VALUE]];
  if (!items) return undefined;
  const texts = items.filter((item) => item !== null && item !== undefined).map(decodeItem);
  if (texts.length === 0) problems.push(`${V.VALUES}: no usable value`);
  return texts.length > 0 ? texts : undefined;
}

/** An embedded value: telemetry JSON-encodes each one (`"\"hello\""`); objects stay JSON text. */
function decodeItem(item: unknown): string {
  if (typeof item !== 'string') return toValueString(item) ?? '';
  const parsed = tryParseJson(item);
  if (!parsed.ok) return item;
  return typeof parsed.value === 'string' ? parsed.value : (toValueString(parsed.value) ?? item);
}

/** `ai.embeddings` (each a JSON vector) or `ai.embedding` → `"[N embedding(s) returned with size D]"`. */
function readEmbeddingOutput(a: Attributes): SpanIO {
  const vectors = readVectors(a);
  return vectors ? { value: summarizeEmbeddings(vectors) } : {};
}

function readVectors(a: Attributes): unknown[] | undefined {
  const many = a[V.EMBEDDINGS];
  if (Array.isArray(many)) {
    // A bare number array is one vector, not many.
    if (many.length > 0 && many.every((x) => typeof x === 'number')) return [many];
    return many.length > 0 ? many : undefined;
  }
  if (typeof many === 'string') {
    const parsed = tryParseJson(many);
    if (parsed.ok && Array.isArray(parsed.value) && parsed.value.every((v) => Array.isArray(v))) return parsed.value;
    return [many];
  }
  const one = a[V.EMBEDDING];
  return one !== undefined && one !== null ? [one] : undefined;
}

// ---------------------------------------------------------------------------------------------
// Outer calls (workflow, or whatever the decision table says: agent when traceloop marks them)

/**
 * Input of an outer call: the last user message of `ai.prompt` (its `prompt` string, or the last
 * user entry of `messages`), as dd-trace does; else the embedded value(s).
 */
function readCallInput(a: Attributes, problems: string[]): SpanIO {
  const rawPrompt = readNonEmpty(a, V.PROMPT);
  if (rawPrompt !== undefined) {
    const prompt = readJson(a, V.PROMPT, problems);
    if (!isRecord(prompt)) return { value: rawPrompt };
    if (typeof prompt.prompt === 'string') return { value: prompt.prompt };
    const list = Array.isArray(prompt.prompt) ? prompt.prompt : prompt.messages;
    return { value: lastUserText(list) ?? rawPrompt };
  }
  const values = readEmbeddingValues(a, problems);
  if (!values) return {};
  return { value: values.length === 1 ? values[0] : toValueString(values) };
}

function lastUserText(list: unknown): string | undefined {
  if (!Array.isArray(list)) return undefined;
  for (let i = list.length - 1; i >= 0; i--) {
    const m: unknown = list[i];
    if (isRecord(m) && m.role === 'user') {
      const text = messageText(m.content);
      if (text !== undefined) return text;
    }
  }
  return undefined;
}

/** `ai.response.text`, else `ai.response.object`, else the tool calls JSON, else the embeddings summary. */
function readCallOutput(a: Attributes, problems: string[]): SpanIO {
  const text = readNonEmpty(a, V.RESPONSE_TEXT) ?? readNonEmpty(a, V.RESPONSE_OBJECT);
  if (text !== undefined) return { value: text };
  if (readResponseToolCalls(a, problems)) return { value: readString(a, V.RESPONSE_TOOL_CALLS) };
  return readEmbeddingOutput(a);
}

function readAnyText(a: Attributes, key: string): string | undefined {
  const v = a[key];
  if (v === undefined || v === null || v === '') return undefined;
  return toValueString(v);
}

// ---------------------------------------------------------------------------------------------
// Metadata, metrics, tool definitions

/**
 * - `ai.settings.*` (call settings) → snake_case (`maxRetries` → `max_retries`); `maxOutputTokens`
 *   (`maxTokens` in ai 4) → `max_tokens`, the name semconv's `gen_ai.request.max_tokens` gets.
 * - `ai.telemetry.metadata.*` (ai ≤ 6) and `ai.settings.context.*` (ai 7) → verbatim keys, minus the
 *   session / user keys that become the span's session and user.
 * - `ai.response.finishReason` → `finish_reasons` (AI SDK spelling kept); `ai.prompt.toolChoice` →
 *   `tool_choice`; `ai.toolCall.id` → `tool_id`; `ai.schema` → `schema`.
 * Request headers are not copied (they may carry credentials).
 */
function readMetadata(a: Attributes, kind: SpanKind, problems: string[]): Record<string, unknown> {
  const md: Record<string, unknown> = {};
  const contextPrefix = `${V.SETTINGS_CONTEXT_PREFIX.slice(V.SETTINGS_PREFIX.length + 1)}.`;
  for (const [key, value] of Object.entries(readPrefixed(a, V.SETTINGS_PREFIX))) {
    if (key.startsWith(contextPrefix) || !isCopyableKey(key)) continue;
    const name = key === 'maxOutputTokens' || key === 'maxTokens' ? 'max_tokens' : camelToSnake(key);
    md[name] = toScalarMetadata(value);
  }
  const finishReason = readNonEmpty(a, V.RESPONSE_FINISH_REASON);
  if (finishReason !== undefined) md.finish_reasons = [finishReason];
  const toolChoice = readToolChoice(a);
  if (toolChoice !== undefined) md.tool_choice = toolChoice;
  if (kind === 'tool') {
    const toolId = readNonEmpty(a, V.TOOL_CALL_ID);
    if (toolId !== undefined) md.tool_id = toolId;
  }
  const schema = readJson(a, V.SCHEMA, problems);
  if (schema !== undefined) md.schema = schema;
  for (const prefix of [V.TELEMETRY_METADATA_PREFIX, V.SETTINGS_CONTEXT_PREFIX]) {
    for (const [key, value] of Object.entries(readPrefixed(a, prefix))) {
      if (isCopyableKey(key) && !VERCEL_IDENTITY_KEYS.has(key)) md[key] = value;
    }
  }
  return md;
}

/** `{"type":"auto"}` → `auto`; `{"type":"tool","toolName":"x"}` → `tool:x`. */
function readToolChoice(a: Attributes): string | undefined {
  const raw = readNonEmpty(a, V.PROMPT_TOOL_CHOICE);
  if (raw === undefined) return undefined;
  const parsed = tryParseJson(raw);
  if (!parsed.ok || !isRecord(parsed.value) || typeof parsed.value.type !== 'string') return raw;
  const { type, toolName } = parsed.value;
  return typeof toolName === 'string' ? `${type}:${toolName}` : type;
}

/**
 * Usage (spec conventions §6.1, §9):
 * - input: `inputTokens` › `promptTokens` (ai 4) › `tokens` (embeddings);
 * - output: `outputTokens` › `completionTokens`; total: `totalTokens` (else computed by mapSpan);
 * - reasoning: `reasoningTokens` › `outputTokenDetails.reasoningTokens`;
 * - cache read: `cachedInputTokens` › `inputTokenDetails.cacheReadTokens` › provider metadata;
 *   cache write: `inputTokenDetails.cacheWriteTokens` › provider metadata (anthropic, bedrock).
 *   Zero cache counts are dropped: the SDK reports 0 for every provider (dd-trace does the same).
 * - input tokens must include the cache (semconv, Datadog): ai 6 already reports them inclusive
 *   (`inputTokens` = `noCacheTokens` + `cacheReadTokens`); when a provider passes an exclusive
 *   count through (input < noCache + cache, or input < cache), the cache is added.
 * - time to first token: `ai.response.msToFirstChunk` / 1000 (seconds).
 */
function readMetrics(a: Attributes, problems: string[]): Metrics {
  const m: Metrics = {};
  const count = (key: string): number | undefined => readCount(a, key, problems);
  const provider = readProviderUsage(a, problems);

  let input = count(V.USAGE_INPUT_TOKENS) ?? count(V.USAGE_PROMPT_TOKENS) ?? count(V.USAGE_TOKENS);
  const output = count(V.USAGE_OUTPUT_TOKENS) ?? count(V.USAGE_COMPLETION_TOKENS);
  let total = count(V.USAGE_TOTAL_TOKENS) ?? (a[V.USAGE_TOKENS] !== undefined && output === undefined ? input : undefined);
  const reasoning = count(V.USAGE_REASONING_TOKENS) ?? count(V.USAGE_OUTPUT_REASONING_TOKENS) ?? provider.reasoning;
  const cacheRead = positive(count(V.USAGE_CACHED_INPUT_TOKENS)) ?? positive(count(V.USAGE_CACHE_READ_TOKENS)) ?? positive(provider.cacheRead);
  const cacheWrite = positive(count(V.USAGE_CACHE_WRITE_TOKENS)) ?? positive(provider.cacheWrite);
  const noCache = count(V.USAGE_NO_CACHE_TOKENS);

  if (input !== undefined) {
    const cache = (cacheRead ?? 0) + (cacheWrite ?? 0);
    const inclusive = noCache !== undefined ? noCache + cache : cache;
    if (input < inclusive) {
      input = noCache !== undefined ? inclusive : input + cache;
      if (total !== undefined) total = input + (output ?? 0);
    }
    m.input_tokens = input;
  }
  if (output !== undefined) m.output_tokens = output;
  if (total !== undefined) m.total_tokens = total;
  if (cacheRead !== undefined) m.cache_read_input_tokens = cacheRead;
  if (cacheWrite !== undefined) m.cache_write_input_tokens = cacheWrite;
  if (reasoning !== undefined) m.reasoning_output_tokens = reasoning;
  const ttft = readNumber(a, V.RESPONSE_MS_TO_FIRST_CHUNK);
  if (ttft !== undefined && ttft >= 0) m.time_to_first_token = ttft / 1000;
  return m;
}

function positive(n: number | undefined): number | undefined {
  return n !== undefined && n > 0 ? n : undefined;
}

interface ProviderUsage {
  cacheRead?: number;
  cacheWrite?: number;
  reasoning?: number;
}

/**
 * Cache counts the SDK does not standardize, from `ai.response.providerMetadata`: Bedrock
 * `usage.cacheReadInputTokens` / `cacheWriteInputTokens`, Anthropic `cacheReadInputTokens` /
 * `cacheCreationInputTokens`, OpenAI (ai 4) `cachedPromptTokens` / `reasoningTokens`.
 */
function readProviderUsage(a: Attributes, problems: string[]): ProviderUsage {
  const meta = readJson(a, V.RESPONSE_PROVIDER_METADATA, problems);
  if (!isRecord(meta)) return {};
  const usage: ProviderUsage = {};
  const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);
  const bedrock = isRecord(meta.bedrock) && isRecord(meta.bedrock.usage) ? meta.bedrock.usage : undefined;
  const anthropic = isRecord(meta.anthropic) ? meta.anthropic : undefined;
  const anthropicUsage = anthropic && isRecord(anthropic.usage) ? anthropic.usage : undefined;
  const openai = isRecord(meta.openai) ? meta.openai : undefined;
  usage.cacheRead =
    num(bedrock?.cacheReadInputTokens) ??
    num(anthropic?.cacheReadInputTokens) ??
    num(anthropicUsage?.cache_read_input_tokens) ??
    num(openai?.cachedPromptTokens);
  usage.cacheWrite =
    num(bedrock?.cacheWriteInputTokens) ?? num(anthropic?.cacheCreationInputTokens) ?? num(anthropicUsage?.cache_creation_input_tokens);
  usage.reasoning = num(openai?.reasoningTokens);
  return usage;
}

/** `ai.prompt.tools`: a string[] of JSON tool definitions (or one JSON array). */
function readToolDefinitions(a: Attributes, problems: string[]): ToolDefinition[] | undefined {
  const raw = a[V.PROMPT_TOOLS];
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string') {
    const parsed = tryParseJson(raw);
    return normalizeToolDefinitions(parsed.ok ? parsed.value : raw, problems);
  }
  return normalizeToolDefinitions(raw, problems);
}
