import type { Attributes, AttributeValue } from '@opentelemetry/api';
import type { Document, Message, Metrics, Prompt, SpanIO, SpanKind, TagValue, ToolDefinition } from '../conventions/model.js';
import { OPENINFERENCE as OI } from '../conventions/openinference.js';
import { isRecord, readCount, readIndexed, readJson, readNonEmpty, readNumber, readString, toFiniteNumber, tryParseJson } from './attributes.js';
import { toStringRecord } from './coerce.js';
import type { Contribution, ConventionMapper } from './contribution.js';
import { summarizeEmbeddings } from './embedding-summary.js';
import { isCopyableKey, toScalarMetadata } from './metadata-values.js';
import { readOpenInferenceMessages } from './openinference-messages.js';
import { normalizeProvider } from './provider.js';
import { normalizeToolDefinitions } from './tool-definitions.js';
import { toValueString } from './values.js';

/**
 * OpenInference (spec conventions §5): every span states its kind in `openinference.span.kind`.
 * Second in precedence after our own `_dd.ml_obs.*`. Session and user (`session.id`, `user.id`) are
 * read by the orchestrator's identity key lists; errors come from the OTel status and exception
 * event. See docs/mapping.md "OpenInference" for the field table and the decisions taken.
 */
export const openInferenceMapper: ConventionMapper = {
  id: 'openinference',
  detect: (span) => readNonEmpty(span.attributes, OI.SPAN_KIND) !== undefined,
  map(span, { kind, problems }) {
    const a = span.attributes;
    const oiKind = readNonEmpty(a, OI.SPAN_KIND)?.trim().toUpperCase();
    const userMetadata = readUserMetadata(a, problems);
    const c: Contribution = {};

    c.name = readName(a, kind);
    c.modelName = readModelName(a, kind);
    c.modelProvider = firstProvider(
      readNonEmpty(a, OI.LLM_PROVIDER),
      readNonEmpty(a, OI.LLM_SYSTEM),
      // LangChain's standard metadata: OpenInference's LangChain instrumentation sets no llm.provider.
      typeof userMetadata?.ls_provider === 'string' ? userMetadata.ls_provider : undefined,
    );

    switch (kind) {
      case 'llm':
        c.input = readLlmInput(a, problems);
        c.output = readLlmOutput(a);
        break;
      case 'embedding': {
        const embeddings = readIndexed(a, OI.EMBEDDING_EMBEDDINGS);
        c.input = readEmbeddingInput(a, embeddings);
        c.output = readEmbeddingOutput(a, embeddings);
        break;
      }
      case 'retrieval':
        c.input = readRetrievalInput(a, oiKind, problems);
        c.output = readRetrievalOutput(a, oiKind, problems);
        break;
      default:
        c.input = readValueIO(a, OI.INPUT_VALUE, OI.LLM_INPUT_MESSAGES);
        c.output = readValueIO(a, OI.OUTPUT_VALUE, OI.LLM_OUTPUT_MESSAGES);
        if (kind === 'tool' && c.output.value !== undefined) c.output.value = toolMessageContent(c.output.value);
    }

    // `session.id` / `user.id` are read by the orchestrator's identity keys; LangChain users often
    // put them in the invoke metadata only (OpenInference lifts session_id but not user_id).
    if (userMetadata && readNonEmpty(a, OI.SESSION_ID) === undefined) c.sessionId = firstText(userMetadata, SESSION_METADATA_KEYS);
    if (userMetadata && readNonEmpty(a, OI.USER_ID) === undefined) c.userId = firstText(userMetadata, USER_METADATA_KEYS);
    c.metadata = readMetadata(a, kind, oiKind, userMetadata, problems);
    c.metrics = readMetrics(a, problems);
    c.tags = readTags(a, problems);
    c.toolDefinitions = readToolDefinitions(a, problems);
    return c;
  },
};

/**
 * A LangChain tool run's output is `{"output": <serialized ToolMessage>}`: the tool's result is the
 * message's content (what the tool returned, as dd-trace reports it), not LangChain's envelope.
 * Anything else is kept as it is.
 */
function toolMessageContent(value: string): string {
  if (!value.startsWith('{"output":{"lc":1')) return value;
  try {
    const output = (JSON.parse(value) as { output?: { type?: unknown; id?: unknown; kwargs?: { content?: unknown } } }).output;
    const isToolMessage = output?.type === 'constructor' && Array.isArray(output.id) && output.id[output.id.length - 1] === 'ToolMessage';
    return isToolMessage && typeof output.kwargs?.content === 'string' ? output.kwargs.content : value;
  } catch {
    return value;
  }
}

/** Tools and agents are named after what they are; everything else keeps the span name. */
function readName(a: Attributes, kind: SpanKind): string | undefined {
  if (kind === 'tool') return readNonEmpty(a, OI.TOOL_NAME);
  if (kind === 'agent') return readNonEmpty(a, OI.AGENT_NAME);
  return undefined;
}

function readModelName(a: Attributes, kind: SpanKind): string | undefined {
  const llmModel =
    readNonEmpty(a, OI.LLM_MODEL_NAME) ?? readNonEmpty(a, OI.LLM_RESPONSE_MODEL_NAME) ?? readNonEmpty(a, OI.LLM_REQUEST_MODEL_NAME);
  if (kind === 'embedding') return readNonEmpty(a, OI.EMBEDDING_MODEL_NAME) ?? llmModel;
  return llmModel;
}

function firstProvider(...candidates: Array<string | undefined>): string | undefined {
  for (const raw of candidates) {
    const provider = normalizeProvider(raw);
    if (provider !== undefined) return provider;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Input / output per kind

/**
 * LLM input: the flattened input messages; else the completions API prompts (`llm.prompts`); else
 * `input.value` (plain text becomes a user message; a JSON request body is kept as is). With
 * messages present, `input.value` (the whole request JSON) is ignored.
 */
function readLlmInput(a: Attributes, problems: string[]): SpanIO {
  const io: SpanIO = {};
  const messages = readOpenInferenceMessages(a, OI.LLM_INPUT_MESSAGES) ?? readPrompts(a) ?? textMessage(a, 'input');
  if (messages) io.messages = messages;
  else io.value = readNonEmpty(a, OI.INPUT_VALUE);
  const prompt = readPromptTemplate(a, problems);
  if (prompt) io.prompt = prompt;
  return io;
}

function readLlmOutput(a: Attributes): SpanIO {
  const messages = readOpenInferenceMessages(a, OI.LLM_OUTPUT_MESSAGES) ?? textMessage(a, 'output');
  return messages ? { messages } : { value: readNonEmpty(a, OI.OUTPUT_VALUE) };
}

/** `input.value` / `output.value` that is plain text, as a user / assistant message. */
function textMessage(a: Attributes, side: 'input' | 'output'): Message[] | undefined {
  const value = readNonEmpty(a, side === 'input' ? OI.INPUT_VALUE : OI.OUTPUT_VALUE);
  if (value === undefined) return undefined;
  const mime = readString(a, side === 'input' ? OI.INPUT_MIME_TYPE : OI.OUTPUT_MIME_TYPE)?.toLowerCase();
  const isJson = mime !== undefined ? mime.includes('json') : /^\s*[[{]/.test(value);
  if (isJson) return undefined;
  return [{ role: side === 'input' ? 'user' : 'assistant', content: value }];
}

/** Completions API prompts: `llm.prompts` as a string[] / JSON array / string, or flattened per index. */
function readPrompts(a: Attributes): Message[] | undefined {
  const direct = a[OI.LLM_PROMPTS];
  let prompts: string[] = [];
  if (Array.isArray(direct)) {
    prompts = direct.filter((p): p is string => typeof p === 'string');
  } else if (typeof direct === 'string' && direct !== '') {
    const parsed = direct.trimStart().startsWith('[') ? tryParseJson(direct) : undefined;
    prompts = parsed?.ok && Array.isArray(parsed.value) ? parsed.value.map((p) => toValueString(p) ?? '') : [direct];
  } else {
    for (const entry of readIndexed(a, OI.LLM_PROMPTS)) {
      const text = readString(entry, 'prompt.text') ?? readString(entry, '');
      if (text !== undefined) prompts.push(text);
    }
  }
  const messages = prompts.filter((p) => p !== '').map((content) => ({ role: 'user', content }));
  return messages.length > 0 ? messages : undefined;
}

/**
 * Prompt template (llm spans only): template, variables (JSON), version; the id is `prompt.id`,
 * else derived from the template text so that different templates stay different prompts.
 */
function readPromptTemplate(a: Attributes, problems: string[]): Prompt | undefined {
  const template = readNonEmpty(a, OI.PROMPT_TEMPLATE);
  const variables = readJson(a, OI.PROMPT_TEMPLATE_VARIABLES, problems);
  const id = readNonEmpty(a, OI.PROMPT_ID);
  if (template === undefined && variables === undefined && id === undefined) return undefined;
  const prompt: Prompt = {};
  if (id !== undefined) prompt.id = id;
  else if (template !== undefined) prompt.id = derivedPromptId(template);
  const version = readNonEmpty(a, OI.PROMPT_TEMPLATE_VERSION);
  if (version !== undefined) prompt.version = version;
  if (template !== undefined) prompt.template = template;
  const vars = toStringRecord(variables, problems, OI.PROMPT_TEMPLATE_VARIABLES);
  if (vars) prompt.variables = vars;
  const tags: Record<string, string> = {};
  const vendor = readNonEmpty(a, OI.PROMPT_VENDOR);
  if (vendor !== undefined) tags.vendor = vendor;
  const url = readNonEmpty(a, OI.PROMPT_URL);
  if (url !== undefined) tags.url = url;
  if (Object.keys(tags).length > 0) prompt.tags = tags;
  return prompt;
}

/** `openinference-<fnv1a32 of the template>`: stable across processes, no Node built-ins. */
export function derivedPromptId(template: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < template.length; i++) {
    hash ^= template.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `openinference-${(hash >>> 0).toString(16).padStart(8, '0')}`;
}

/** Embedding input: the embedded texts as documents; else `input.value` (a JSON string array or a text). */
function readEmbeddingInput(a: Attributes, embeddings: ReadonlyArray<Record<string, AttributeValue>>): SpanIO {
  const documents: Document[] = [];
  for (const entry of embeddings) {
    const text = readString(entry, 'embedding.text');
    if (text !== undefined) documents.push({ text });
  }
  if (documents.length > 0) return { documents };
  const value = readNonEmpty(a, OI.INPUT_VALUE);
  if (value === undefined) return {};
  const parsed = value.trimStart().startsWith('[') ? tryParseJson(value) : undefined;
  if (parsed?.ok && Array.isArray(parsed.value)) {
    return { documents: parsed.value.map((item) => ({ text: toValueString(item) ?? '' })) };
  }
  return { documents: [{ text: value }] };
}

/** Embedding output: `"[N embedding(s) returned with size D]"` from the vectors (never the vectors). */
function readEmbeddingOutput(a: Attributes, embeddings: ReadonlyArray<Record<string, AttributeValue>>): SpanIO {
  const vectors: AttributeValue[] = [];
  for (const entry of embeddings) {
    const vector = entry['embedding.vector'];
    if (vector !== undefined) vectors.push(vector);
  }
  if (vectors.length > 0) return { value: summarizeEmbeddings(vectors) };
  return { value: readNonEmpty(a, OI.OUTPUT_VALUE) };
}

/**
 * Retrieval input: `input.value`; for a RERANKER without one, the query, with the documents to
 * rerank folded in as JSON `{query, documents}` (LLM Observability has no rerank kind, §11.11).
 */
function readRetrievalInput(a: Attributes, oiKind: string | undefined, problems: string[]): SpanIO {
  const value = readNonEmpty(a, OI.INPUT_VALUE);
  if (value !== undefined || oiKind !== 'RERANKER') return { value };
  const query = readNonEmpty(a, OI.RERANKER_QUERY);
  const documents = readDocuments(a, OI.RERANKER_INPUT_DOCUMENTS, problems);
  if (!documents) return { value: query };
  return { value: toValueString(query === undefined ? { documents } : { query, documents }) };
}

function readRetrievalOutput(a: Attributes, oiKind: string | undefined, problems: string[]): SpanIO {
  const documents =
    (oiKind === 'RERANKER' ? readDocuments(a, OI.RERANKER_OUTPUT_DOCUMENTS, problems) : undefined) ??
    readDocuments(a, OI.RETRIEVAL_DOCUMENTS, problems);
  return documents ? { documents } : { value: readNonEmpty(a, OI.OUTPUT_VALUE) };
}

/**
 * `<prefix>.N.document.{content,id,score,metadata}` → `{text, id, score, name}`. LangChain keeps id
 * and score in the metadata JSON, so they are read there when the attributes are absent; the name
 * comes from `metadata.name` or `metadata.title`.
 */
function readDocuments(a: Attributes, prefix: string, problems: string[]): Document[] | undefined {
  const out: Document[] = [];
  let badMetadata = false;
  for (const entry of readIndexed(a, prefix)) {
    const doc: Document = {};
    const text = readString(entry, 'document.content');
    if (text !== undefined) doc.text = text;
    let metadata: Record<string, unknown> = {};
    const rawMetadata = entry['document.metadata'];
    if (typeof rawMetadata === 'string' && rawMetadata !== '') {
      const parsed = tryParseJson(rawMetadata);
      if (parsed.ok && isRecord(parsed.value)) metadata = parsed.value;
      else badMetadata = true;
    }
    const id = readNonEmpty(entry, 'document.id') ?? scalarText(metadata.id);
    if (id !== undefined) doc.id = id;
    const score = readNumber(entry, 'document.score') ?? toFiniteNumber(metadata.score);
    if (score !== undefined) doc.score = score;
    const name = scalarText(metadata.name) ?? scalarText(metadata.title);
    if (name !== undefined) doc.name = name;
    if (Object.keys(doc).length > 0) out.push(doc);
  }
  if (badMetadata) problems.push(`${prefix}: document metadata that is not a JSON object ignored`);
  return out.length > 0 ? out : undefined;
}

/** The metadata keys OpenInference's LangChain instrumentation lifts to `session.id`, and their user twins. */
const SESSION_METADATA_KEYS = ['session_id', 'thread_id', 'conversation_id', 'sessionId'];
const USER_METADATA_KEYS = ['user_id', 'userId'];

function firstText(record: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const text = scalarText(record[key]);
    if (text !== undefined) return text;
  }
  return undefined;
}

function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string') return v !== '' ? v : undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** Workflow / agent / task / tool spans: `input.value` / `output.value`, messages as a fallback. */
function readValueIO(a: Attributes, valueKey: string, messagesPrefix: string): SpanIO {
  const io: SpanIO = {};
  const value = readNonEmpty(a, valueKey);
  if (value !== undefined) io.value = value;
  else {
    const messages = readOpenInferenceMessages(a, messagesPrefix);
    if (messages) io.messages = messages;
  }
  return io;
}

// ---------------------------------------------------------------------------------------------
// Metadata, metrics, tags, tool definitions

/** Request parameters that are not metadata: the model, and inputs that are shown elsewhere. */
const NOT_INVOCATION_METADATA = new Set(['model', 'messages', 'tools', 'functions', 'input', 'prompt', 'instructions']);

function readUserMetadata(a: Attributes, problems: string[]): Record<string, unknown> | undefined {
  const metadata = readJson(a, OI.METADATA, problems);
  if (metadata === undefined || isRecord(metadata)) return metadata;
  problems.push(`${OI.METADATA}: expected a JSON object`);
  return undefined;
}

function readMetadata(
  a: Attributes,
  kind: SpanKind,
  oiKind: string | undefined,
  userMetadata: Record<string, unknown> | undefined,
  problems: string[],
): Record<string, unknown> {
  const md: Record<string, unknown> = {};
  const params = readJson(a, OI.LLM_INVOCATION_PARAMETERS, problems);
  if (isRecord(params)) {
    for (const [key, value] of Object.entries(params)) {
      if (!NOT_INVOCATION_METADATA.has(key) && isCopyableKey(key) && value !== undefined && value !== null) md[key] = toScalarMetadata(value);
    }
  } else if (params !== undefined) {
    problems.push(`${OI.LLM_INVOCATION_PARAMETERS}: expected a JSON object`);
  }
  const finishReason = readNonEmpty(a, OI.LLM_FINISH_REASON);
  if (finishReason !== undefined) md.finish_reasons = [finishReason];

  if (kind === 'tool') {
    setIfPresent(md, 'tool_id', readNonEmpty(a, OI.TOOL_ID));
    setIfPresent(md, 'tool_description', readNonEmpty(a, OI.TOOL_DESCRIPTION));
    setIfPresent(md, 'tool_parameters', readNonEmpty(a, OI.TOOL_PARAMETERS));
  }
  if (oiKind === 'RERANKER') {
    setIfPresent(md, 'model_name', readNonEmpty(a, OI.RERANKER_MODEL_NAME));
    const topK = readNumber(a, OI.RERANKER_TOP_K);
    if (topK !== undefined) md.top_k = topK;
  }
  if (kind !== 'agent') setIfPresent(md, 'agent_name', readNonEmpty(a, OI.AGENT_NAME));
  setIfPresent(md, 'graph_node_id', readNonEmpty(a, OI.GRAPH_NODE_ID));
  setIfPresent(md, 'graph_node_name', readNonEmpty(a, OI.GRAPH_NODE_NAME));
  setIfPresent(md, 'graph_node_parent_id', readNonEmpty(a, OI.GRAPH_NODE_PARENT_ID));
  // LLM spans carry the template as `input.prompt`; elsewhere (LangChain PROMPT spans) it is metadata.
  if (kind !== 'llm') {
    setIfPresent(md, 'prompt_template', readNonEmpty(a, OI.PROMPT_TEMPLATE));
    setIfPresent(md, 'prompt_template_version', readNonEmpty(a, OI.PROMPT_TEMPLATE_VERSION));
  }
  // The user's own metadata is kept as given (nested values included) and wins on a clash.
  for (const [key, value] of Object.entries(userMetadata ?? {})) if (isCopyableKey(key)) md[key] = value;
  return md;
}

function setIfPresent(target: Record<string, unknown>, key: string, value: string | undefined): void {
  if (value !== undefined) target[key] = value;
}

const TOKEN_METRICS: ReadonlyArray<[string, string]> = [
  ['input_tokens', OI.TOKEN_PROMPT],
  ['output_tokens', OI.TOKEN_COMPLETION],
  ['total_tokens', OI.TOKEN_TOTAL],
  ['cache_read_input_tokens', OI.TOKEN_CACHE_READ],
  ['cache_write_input_tokens', OI.TOKEN_CACHE_WRITE],
  ['reasoning_output_tokens', OI.TOKEN_REASONING],
];

/**
 * Token counts as reported: OpenInference's `prompt` count already includes cached tokens (OpenAI
 * semantics), so no adjustment. Audio counts are kept under their own names only when non-zero
 * (OpenAI reports 0 on every call). Cost is USD.
 */
function readMetrics(a: Attributes, problems: string[]): Metrics {
  const metrics: Metrics = {};
  for (const [metric, key] of TOKEN_METRICS) {
    const n = readCount(a, key, problems);
    if (n !== undefined) metrics[metric] = n;
  }
  const inputAudio = readCount(a, OI.TOKEN_PROMPT_AUDIO, problems);
  if (inputAudio) metrics.input_audio_tokens = inputAudio;
  const outputAudio = readCount(a, OI.TOKEN_COMPLETION_AUDIO, problems);
  if (outputAudio) metrics.output_audio_tokens = outputAudio;
  const cost = readNumber(a, OI.COST_TOTAL);
  if (cost !== undefined) metrics.estimated_total_cost = cost;
  return metrics;
}

/**
 * `tag.tags` → tags. A `key:value` entry becomes that tag; a bare entry (`"prod"`) is grouped under
 * the key `tag`, so `["prod","geo"]` is sent as `tag:prod`, `tag:geo`.
 */
function readTags(a: Attributes, problems: string[]): Record<string, TagValue> | undefined {
  const raw = a[OI.TAG_TAGS];
  if (raw === undefined) return undefined;
  let list: unknown[];
  if (Array.isArray(raw)) list = raw;
  else if (typeof raw === 'string') {
    const parsed = raw.trimStart().startsWith('[') ? tryParseJson(raw) : undefined;
    if (parsed?.ok && Array.isArray(parsed.value)) list = parsed.value;
    else list = raw === '' ? [] : [raw];
  } else {
    problems.push(`${OI.TAG_TAGS}: expected a list of strings`);
    return undefined;
  }
  const tags: Record<string, TagValue> = {};
  for (const item of list) {
    const text = scalarText(item) ?? (typeof item === 'boolean' ? String(item) : undefined);
    if (text === undefined) continue;
    const colon = text.indexOf(':');
    const [key, value] = colon > 0 ? [text.slice(0, colon), text.slice(colon + 1)] : ['tag', text];
    if (!isCopyableKey(key)) continue;
    const existing = Object.hasOwn(tags, key) ? tags[key] : undefined;
    if (existing === undefined) tags[key] = key === 'tag' ? [value] : value;
    else tags[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return Object.keys(tags).length > 0 ? tags : undefined;
}

/** `llm.tools.N.tool.json_schema` (OpenAI tool JSON), or `llm.tools.N.tool.{name,description,parameters}`. */
function readToolDefinitions(a: Attributes, problems: string[]): ToolDefinition[] | undefined {
  const entries = readIndexed(a, OI.LLM_TOOLS);
  if (entries.length === 0) return undefined;
  const raw = entries.map(
    (e) => e['tool.json_schema'] ?? { name: e['tool.name'], description: e['tool.description'], parameters: e['tool.parameters'] },
  );
  return normalizeToolDefinitions(raw, problems);
}
