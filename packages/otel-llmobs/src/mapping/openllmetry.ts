import type { Attributes, AttributeValue } from '@opentelemetry/api';
import type { Document, Prompt, TagValue } from '../conventions/model.js';
import { TRACELOOP } from '../conventions/openllmetry.js';
import { hasPrefix, isRecord, readJson, readNonEmpty, readNumber, readPrefixed, readString, toFiniteNumber, tryParseJson } from './attributes.js';
import { toStringRecord } from './coerce.js';
import type { Contribution, ConventionMapper } from './contribution.js';
import { isSemconvMessageList, semconvMessages } from './genai-parts.js';
import { DEFAULT_SESSION_KEYS, DEFAULT_USER_KEYS } from './identity.js';
import { isCopyableKey, toTagValue } from './metadata-values.js';
import type { SpanEventData } from './span-data.js';
import { lastMessageText, toValueString, valueIO } from './values.js';

/**
 * OpenLLMetry (Traceloop) extensions (spec conventions §3): the decorator spans
 * (`withWorkflow` / `withTask` / `withAgent` / `withTool`, traceloop-langchain's chain spans),
 * association properties, managed prompts, and the vector-DB span events. Model calls themselves
 * are semconv (`genai`) or flattened legacy (`genai-legacy`).
 *
 * - name: `traceloop.entity.name`; traceloop-langchain chain spans have none and use
 *   `traceloop.workflow.name` (the runnable's name) instead of `workflow RunnableSequence`.
 * - input / output: `traceloop.entity.input` / `.output`, JSON. The decorators' `{"args":[…],"kwargs":{…}}`
 *   is unwrapped (no arguments → nothing; only kwargs → the kwargs object; one positional argument →
 *   that argument; several → the array); a JSON string (`"\"PARIS\""`) becomes its text; semconv
 *   message lists (traceloop's rewrite of Vercel spans) become the last user / assistant text;
 *   LangChain's `{input: x}` / `{output: x}` chain wrappers and serialized messages are unwrapped.
 * - tags: every `traceloop.association.properties.<key>` except the session and user keys (those are
 *   identity, see identity.ts), and `workflow_name` from `traceloop.workflow.name`.
 * - metadata: `version` from `traceloop.entity.version`.
 * - prompt (llm spans): `traceloop.prompt.key` → id, `.version` → version, `.template_variables.*` →
 *   variables, `.version_hash` / `.version_name` → prompt tags; `.template` (Python) → template.
 * - vector DB: `db.query.result` events → output documents (`document` → text, id, score);
 *   the `db.query.embeddings` vector → input value.
 */
export const openllmetryMapper: ConventionMapper = {
  id: 'openllmetry',
  detect: (span) => hasPrefix(span.attributes, 'traceloop.') || hasVectorEvents(span.events),
  map(span, { kind, problems }) {
    const a = span.attributes;
    const c: Contribution = {};
    const decoratorKind = readNonEmpty(a, TRACELOOP.SPAN_KIND);
    if (decoratorKind !== undefined) {
      c.name = readNonEmpty(a, TRACELOOP.ENTITY_NAME) ?? (decoratorKind === 'workflow' ? readNonEmpty(a, TRACELOOP.WORKFLOW_NAME) : undefined);
    }
    const langchain = span.instrumentationScope?.name === TRACELOOP.LANGCHAIN_SCOPE;
    c.input = valueIO(entityValue(a[TRACELOOP.ENTITY_INPUT], 'input', langchain, problems));
    c.output = valueIO(entityValue(a[TRACELOOP.ENTITY_OUTPUT], 'output', langchain, problems));

    if (kind === 'llm') {
      const prompt = readPrompt(a, problems);
      if (prompt) c.input.prompt = prompt;
    }
    const documents = resultDocuments(span.events);
    if (documents.length > 0) c.output.documents = documents;
    const vector = span.events?.find((e) => e.name === TRACELOOP.EVENT_DB_QUERY_EMBEDDINGS)?.attributes?.[TRACELOOP.DB_QUERY_EMBEDDINGS_VECTOR];
    if (c.input.value === undefined && vector !== undefined) c.input.value = toValueString(vector);

    c.tags = readTags(a);
    const metadata: Record<string, unknown> = {};
    const version = readString(a, TRACELOOP.ENTITY_VERSION);
    if (version !== undefined && version !== '') metadata.version = version;
    const topK = readNumber(a, TRACELOOP.DB_VECTOR_QUERY_TOP_K);
    if (topK !== undefined) metadata.top_k = topK;
    c.metadata = metadata;
    return c;
  },
};

function hasVectorEvents(events: readonly SpanEventData[] | undefined): boolean {
  return events?.some((e) => e.name === TRACELOOP.EVENT_DB_QUERY_RESULT || e.name === TRACELOOP.EVENT_DB_QUERY_EMBEDDINGS) ?? false;
}


/** `traceloop.entity.input` / `.output` → the value LLM Observability shows (see the module comment). */
export function entityValue(raw: AttributeValue | undefined, side: 'input' | 'output', langchain: boolean, problems: string[]): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string') return toValueString(raw);
  if (raw === '') return undefined;
  const parsed = tryParseJson(raw);
  if (!parsed.ok) {
    if (/^\s*[[{]/.test(raw)) problems.push(`traceloop.entity.${side}: invalid JSON (${parsed.error}), kept as text`);
    return raw;
  }
  let value = unwrapArguments(parsed.value);
  if (langchain) value = unwrapChainValues(value, side);
  value = unwrapLangChainMessage(value);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (isSemconvMessageList(value)) {
    const messages = semconvMessages(value, side === 'input' ? 'user' : 'assistant', [], `traceloop.entity.${side}`);
    return lastMessageText(messages, side === 'input' ? 'user' : 'assistant');
  }
  // Unchanged: keep the producer's own serialization.
  return value === parsed.value ? raw : toValueString(value);
}

/** The decorators' `{"args":[…],"kwargs":{…}}`: keep only what was passed. */
function unwrapArguments(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 0 || !keys.every((k) => k === 'args' || k === 'kwargs')) return value;
  const args = value.args ?? [];
  const kwargs = value.kwargs ?? {};
  if (!Array.isArray(args) || !isRecord(kwargs)) return value;
  const named = Object.keys(kwargs).length;
  if (args.length === 0) return named === 0 ? undefined : kwargs;
  if (named > 0) return value;
  return args.length === 1 ? args[0] : args;
}

/** LangChain's callbacks wrap non-object chain inputs and outputs as `{input: x}` / `{output: x}`. */
function unwrapChainValues(value: unknown, side: 'input' | 'output'): unknown {
  if (!isRecord(value)) return value;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === side ? value[side] : value;
}

/** A serialized LangChain message (`{"lc":1,"type":"constructor","id":[…,"AIMessage"],"kwargs":{"content":…}}`) → its text. */
function unwrapLangChainMessage(value: unknown): unknown {
  if (!isRecord(value) || value.lc !== 1 || value.type !== 'constructor' || !isRecord(value.kwargs)) return value;
  const id: unknown = Array.isArray(value.id) ? value.id[value.id.length - 1] : undefined;
  const content = value.kwargs.content;
  return typeof id === 'string' && id.endsWith('Message') && typeof content === 'string' ? content : value;
}

const IDENTITY_KEYS = new Set([...DEFAULT_SESSION_KEYS, ...DEFAULT_USER_KEYS]);

const ASSOCIATION_DOT = `${TRACELOOP.ASSOCIATION_PREFIX}.`;

/** One pass over the attributes, the identity keys matched whole (no per-key concatenation, no intermediate object). */
function readTags(a: Attributes): Record<string, TagValue> {
  const tags: Record<string, TagValue> = {};
  for (const key in a) {
    if (!key.startsWith(ASSOCIATION_DOT) || IDENTITY_KEYS.has(key)) continue;
    const value = a[key];
    const name = key.slice(ASSOCIATION_DOT.length);
    if (value === undefined || !isCopyableKey(name)) continue;
    const tag = toTagValue(value);
    if (tag !== undefined) tags[name] = tag;
  }
  const workflow = readNonEmpty(a, TRACELOOP.WORKFLOW_NAME);
  if (workflow !== undefined) tags.workflow_name = workflow;
  return tags;
}

function readPrompt(a: Attributes, problems: string[]): Prompt | undefined {
  const id = readNonEmpty(a, TRACELOOP.PROMPT_KEY);
  const template = readNonEmpty(a, TRACELOOP.PROMPT_TEMPLATE);
  const variables: Record<string, string> = {};
  const json = readJson(a, TRACELOOP.PROMPT_TEMPLATE_VARIABLES, problems);
  if (json !== undefined) Object.assign(variables, toStringRecord(json, problems, TRACELOOP.PROMPT_TEMPLATE_VARIABLES));
  for (const [key, value] of Object.entries(readPrefixed(a, TRACELOOP.PROMPT_TEMPLATE_VARIABLES))) {
    if (!isCopyableKey(key)) continue;
    variables[key] = Array.isArray(value) ? (toValueString(value) ?? '') : String(value);
  }
  const hasVariables = Object.keys(variables).length > 0;
  if (id === undefined && template === undefined && !hasVariables) return undefined;
  const prompt: Prompt = {};
  if (id !== undefined) prompt.id = id;
  const version = readNonEmpty(a, TRACELOOP.PROMPT_VERSION);
  if (version !== undefined) prompt.version = version;
  if (template !== undefined) prompt.template = template;
  if (hasVariables) prompt.variables = variables;
  const tags: Record<string, string> = {};
  const hash = readNonEmpty(a, TRACELOOP.PROMPT_VERSION_HASH);
  if (hash !== undefined) tags.version_hash = hash;
  const versionName = readNonEmpty(a, TRACELOOP.PROMPT_VERSION_NAME);
  if (versionName !== undefined) tags.version_name = versionName;
  if (Object.keys(tags).length > 0) prompt.tags = tags;
  return prompt;
}

/** One `db.query.result` event per result: `db.query.result.{id,score,distance,metadata,vector,document}`. */
function resultDocuments(events: readonly SpanEventData[] | undefined): Document[] {
  const out: Document[] = [];
  const prefix = `${TRACELOOP.DB_QUERY_RESULT_PREFIX}.`;
  for (const event of events ?? []) {
    if (event.name !== TRACELOOP.EVENT_DB_QUERY_RESULT) continue;
    const a = event.attributes ?? {};
    const doc: Document = {};
    const text = a[`${prefix}document`];
    if (text !== undefined && text !== null) doc.text = typeof text === 'string' ? text : toValueString(text);
    const id = readNonEmpty(a, `${prefix}id`);
    if (id !== undefined) doc.id = id;
    const score = toFiniteNumber(a[`${prefix}score`]);
    if (score !== undefined) doc.score = score;
    if (Object.keys(doc).length > 0) out.push(doc);
  }
  return out;
}

