import { diag } from '@opentelemetry/api';
import type {
  Document,
  MediaPart,
  Message,
  Metrics,
  Prompt,
  SpanIO,
  SpanKind,
  TagValue,
  ToolCall,
  ToolDefinition,
  ToolResult,
} from '../conventions/model.js';

/**
 * `annotate()` input validation, with dd-trace's messages (spec §7, golden `j-validation`). Every
 * function here either returns the canonical value or throws `Error(<dd-trace message>)`; warnings
 * (dropped `toolId`, skipped tool definition fields) go through `diag`, as dd-trace logs them.
 */

const logger = /* @__PURE__ */ diag.createComponentLogger({ namespace: 'otel-llmobs/api' });

export class AnnotationError extends Error {
  override name = 'Error';
}

function fail(message: string): never {
  throw new AnnotationError(message);
}

const METRIC_ALIASES: Readonly<Record<string, string>> = {
  inputTokens: 'input_tokens',
  outputTokens: 'output_tokens',
  totalTokens: 'total_tokens',
  cacheReadTokens: 'cache_read_input_tokens',
  cacheWriteTokens: 'cache_write_input_tokens',
  cacheWrite5mTokens: 'ephemeral_5m_input_tokens',
  cacheWrite1hTokens: 'ephemeral_1h_input_tokens',
  reasoningOutputTokens: 'reasoning_output_tokens',
};

// ---------------------------------------------------------------------------------------------
// Input / output

/** `inputData` / `outputData` in the shape the span kind wants; `undefined` for falsy data (ignored, as dd-trace does). */
export function validateIO(kind: SpanKind, side: 'input' | 'output', data: unknown): SpanIO | undefined {
  if (!data) return undefined;
  if (kind === 'llm') {
    const messages = validateMessages(data);
    return messages.length > 0 ? { messages } : undefined;
  }
  if ((kind === 'embedding' && side === 'input') || (kind === 'retrieval' && side === 'output')) {
    const documents = validateDocuments(data);
    return documents.length > 0 ? { documents } : undefined;
  }
  return { value: validateText(side, data) };
}

export function validateText(side: 'input' | 'output', data: unknown): string {
  if (typeof data === 'string') return data;
  let text: string | undefined;
  try {
    text = JSON.stringify(data);
  } catch {
    fail(`Failed to parse ${side} value, must be JSON serializable.`);
  }
  // `JSON.stringify` gives undefined for a function or a symbol: nothing usable either.
  if (text === undefined) fail(`Failed to parse ${side} value, must be JSON serializable.`);
  return text;
}

export function validateMessages(data: unknown): Message[] {
  const list = Array.isArray(data) ? (data as unknown[]) : [data];
  const messages: Message[] = [];
  for (const raw of list) {
    if (typeof raw === 'string') {
      messages.push({ content: raw, role: '' });
      continue;
    }
    if (raw === null || typeof raw !== 'object') fail('Messages must be a string, object, or list of objects');
    const m = raw as Record<string, unknown>;
    const role = m.role ?? '';
    if (typeof role !== 'string') fail('"Message role" must be a string.');
    const message: Message = { role };
    const { content, toolCalls, toolResults, toolId, audioParts, imageParts } = m;
    if (content == null && toolCalls == null && toolResults == null) message.content = '';
    if (content != null) {
      if (typeof content !== 'string') fail('"Message content" must be a string.');
      message.content = content;
    }
    if (toolCalls != null) {
      const calls = validateToolCalls(toolCalls);
      if (calls.length > 0) message.toolCalls = calls;
    }
    if (toolResults != null) {
      const results = validateToolResults(toolResults);
      if (results.length > 0) message.toolResults = results;
    }
    if (audioParts != null) {
      const parts = validateMediaParts(audioParts, 'Audio');
      if (parts.length > 0) message.audioParts = parts;
    }
    if (imageParts != null) {
      const parts = validateMediaParts(imageParts, 'Image');
      if (parts.length > 0) message.imageParts = parts;
    }
    if (toolId) {
      if (role === 'tool') {
        if (typeof toolId !== 'string') fail('"Tool ID" must be a string.');
        message.toolId = toolId;
      } else {
        logger.warn(`Tool ID for tool message not associated with a "tool" role, instead got "${role}"`);
      }
    }
    messages.push(message);
  }
  return messages;
}

function optionalString(value: unknown, what: string): string | undefined {
  if (value == null) return undefined;
  if (typeof value !== 'string') fail(`"${what}" must be a string.`);
  return value;
}

function validateToolCalls(raw: unknown): ToolCall[] {
  const list = Array.isArray(raw) ? (raw as unknown[]) : [raw];
  return list.map((item) => {
    if (item === null || typeof item !== 'object') fail('Tool call must be an object.');
    const { name, arguments: args, toolId, type } = item as Record<string, unknown>;
    const call: ToolCall = { name: optionalString(name, 'Tool name') ?? '' };
    if (args != null) {
      if (typeof args !== 'object') fail('"Tool arguments" must be an object.');
      call.arguments = args as Record<string, unknown>;
    }
    const id = optionalString(toolId, 'Tool ID');
    if (id !== undefined) call.toolId = id;
    const t = optionalString(type, 'Tool type');
    if (t !== undefined) call.type = t;
    return call;
  });
}

function validateToolResults(raw: unknown): ToolResult[] {
  const list = Array.isArray(raw) ? (raw as unknown[]) : [raw];
  return list.map((item) => {
    if (item === null || typeof item !== 'object') fail('Tool result must be an object.');
    const { result, toolId, name = '', type } = item as Record<string, unknown>;
    const out: ToolResult = { result: optionalString(result, 'Tool result') ?? '' };
    const id = optionalString(toolId, 'Tool ID');
    if (id !== undefined) out.toolId = id;
    if (typeof name !== 'string') fail(`[LLMObs] Expected tool result name to be a string, instead got "${typeof name}"`);
    out.name = name;
    const t = optionalString(type, 'Tool type');
    if (t !== undefined) out.type = t;
    return out;
  });
}

function validateMediaParts(raw: unknown, what: 'Audio' | 'Image'): MediaPart[] {
  const list = Array.isArray(raw) ? (raw as unknown[]) : [raw];
  return list.map((item) => {
    if (item === null || typeof item !== 'object') fail(`${what} part must be an object.`);
    const { mimeType, content, attachmentKey } = item as Record<string, unknown>;
    if (typeof mimeType !== 'string' || mimeType === '') fail(`${what} part mimeType must be a non-empty string.`);
    if (content == null && attachmentKey == null) fail(`${what} part must have either 'content' or 'attachmentKey'.`);
    if (content != null && attachmentKey != null) fail(`${what} part must have only one of 'content' or 'attachmentKey', not both.`);
    if (content == null) {
      if (typeof attachmentKey !== 'string') fail(`${what} part attachmentKey must be a string.`);
      return { mimeType, attachmentKey };
    }
    if (typeof content !== 'string') fail(`${what} part content must be a base64-encoded string.`);
    return { mimeType, content };
  });
}

export function validateDocuments(data: unknown): Document[] {
  const list = Array.isArray(data) ? (data as unknown[]) : [data];
  const documents: Document[] = [];
  for (const raw of list) {
    if (typeof raw === 'string') {
      documents.push({ text: raw });
      continue;
    }
    if (raw === null || typeof raw !== 'object') fail('Documents must be a string, object, or list of objects.');
    const { text, name, id, score } = raw as Record<string, unknown>;
    if (typeof text !== 'string') fail('Document text must be a string.');
    const document: Document = { text };
    const n = optionalString(name, 'Document name');
    if (n !== undefined) document.name = n;
    const i = optionalString(id, 'Document ID');
    if (i !== undefined) document.id = i;
    if (score != null) {
      if (typeof score !== 'number') fail('"Document score" must be a number.');
      document.score = score;
    }
    documents.push(document);
  }
  return documents;
}

// ---------------------------------------------------------------------------------------------
// Metrics, tags, tool definitions, prompt

export function validateMetrics(metrics: unknown): Metrics {
  const out: Metrics = {};
  for (const [key, value] of Object.entries(metrics as object)) {
    if (typeof value !== 'number') fail(`Value for metric '${key}' must be a number, instead got ${String(value)}`);
    out[METRIC_ALIASES[key] ?? key] = value;
  }
  return out;
}

/**
 * Tags as dd-trace turns them into `key:value` strings: arrays fan out (one tag per element),
 * `null`/`undefined` give an empty value, objects give `[object Object]`, other values `String()`.
 * A string given as tags spreads into index keys (`Object.assign` semantics), as in dd-trace.
 */
export function normalizeTags(tags: unknown): Record<string, TagValue> {
  const out: Record<string, TagValue> = {};
  if (tags === null || tags === undefined) return out;
  const source = Object.assign({}, tags) as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (Array.isArray(value) && value.length > 0) out[key] = value.map(tagText);
    else if (Array.isArray(value)) out[key] = '';
    else out[key] = tagText(value);
  }
  return out;
}

function tagText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  try {
    // dd-trace's `${value}`: an object gives '[object Object]' on purpose (wire compatibility).
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    return String(value);
  } catch {
    return '';
  }
}

export function validateToolDefinitions(raw: unknown): ToolDefinition[] {
  if (!Array.isArray(raw)) {
    logger.warn('toolDefinitions must be an array.');
    fail('Tool definitions must be a non-empty array.');
  }
  const out: ToolDefinition[] = [];
  (raw as unknown[]).forEach((item, i) => {
    if (item === null || typeof item !== 'object') {
      logger.warn(`Tool definition at index ${i} must be an object. Skipping.`);
      return;
    }
    const { name, description, schema, version } = item as Record<string, unknown>;
    if (typeof name !== 'string' || name === '') {
      logger.warn(`Tool definition at index ${i} must have a non empty string "name". Skipping.`);
      return;
    }
    const definition: ToolDefinition = { name };
    if (description !== undefined) {
      if (typeof description === 'string') definition.description = description;
      else logger.warn(`Tool definition "description" at index ${i} must be a string. Skipping field.`);
    }
    if (schema !== undefined) {
      if (schema !== null && typeof schema === 'object' && !Array.isArray(schema)) definition.schema = schema as Record<string, unknown>;
      else logger.warn(`Tool definition "schema" at index ${i} must be a plain object. Skipping field.`);
    }
    if (version !== undefined) {
      if (typeof version === 'string') definition.version = version;
      else logger.warn(`Tool definition "version" at index ${i} must be a string. Skipping field.`);
    }
    out.push(definition);
  });
  if (out.length === 0) fail('Tool definitions must be a non-empty array.');
  return out;
}

/** dd-trace's prompt checks, in its order; `undefined` id means "`<ml_app>_unnamed-prompt`" (filled by the encoder). */
export function validatePrompt(raw: unknown): Prompt {
  if (!raw || typeof raw !== 'object') fail('Prompt must be an object.');
  const { id, version, tags, variables, template, contextVariables, queryVariables, promptUuid, promptVersionUuid } = raw as Record<string, unknown>;
  if (id != null && typeof id !== 'string') fail('Prompt ID must be a string.');
  const contextKeys = validateKeyList(contextVariables ?? ['context'], 'context');
  const queryKeys = validateKeyList(queryVariables ?? ['question'], 'query');
  if (version && typeof version !== 'string') fail('Prompt version must be a string.');
  if (tags && (typeof tags !== 'object' || tags instanceof Map)) fail('Prompt tags must be an non-Map object.');
  if (tags) {
    for (const value of Object.values(tags)) {
      if (typeof value !== 'string') fail('Prompt tags must be an object of string key-value pairs.');
    }
  }
  if (template && !(typeof template === 'string' || Array.isArray(template))) fail('Prompt template must be a string or an array of messages.');
  if (Array.isArray(template)) {
    for (const message of template as unknown[]) {
      const m = message as Record<string, unknown> | null;
      if (m === null || typeof m !== 'object' || !m.role || !m.content) {
        fail('Prompt chat template must be an array of objects with role and content properties.');
      }
    }
  }
  if (variables && (typeof variables !== 'object' || variables instanceof Map)) fail('Prompt variables must be an non-Map object.');
  if (variables) {
    for (const value of Object.values(variables)) {
      if (typeof value !== 'string') fail('Prompt variables must be an object of string key-value pairs.');
    }
  }

  const prompt: Prompt = {};
  if (typeof id === 'string' && id !== '') prompt.id = id;
  if (typeof version === 'string' && version !== '') prompt.version = version;
  if (variables) prompt.variables = { ...(variables as Record<string, string>) };
  if (typeof template === 'string' && template !== '') prompt.template = template;
  else if (Array.isArray(template) && template.length > 0) {
    prompt.chatTemplate = (template as Array<{ role: unknown; content: unknown }>).map((m) => ({ role: String(m.role), content: String(m.content) }));
  }
  if (tags) prompt.tags = { ...(tags as Record<string, string>) };
  if (contextKeys) prompt.contextVariableKeys = contextKeys;
  if (queryKeys) prompt.queryVariableKeys = queryKeys;
  if (typeof promptUuid === 'string') prompt.promptUuid = promptUuid;
  if (typeof promptVersionUuid === 'string') prompt.promptVersionUuid = promptVersionUuid;
  return prompt;
}

function validateKeyList(raw: unknown, what: 'context' | 'query'): string[] | undefined {
  if (Array.isArray(raw)) {
    for (const key of raw as unknown[]) {
      if (typeof key !== 'string') fail(`Prompt ${what} variables keys must be an array of strings.`);
    }
    return [...(raw as string[])];
  }
  if (raw) fail(`Prompt ${what} variables keys must be an array.`);
  return undefined;
}

/** `annotate({ agent })` → `metadata._dd.agent_manifest` (dd-trace 6.21 shape). */
export function validateAgentManifest(raw: unknown, spanName: string): Record<string, unknown> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail('Agent manifest must be an object.');
  const { name, instructions, model, modelSettings, model_settings: modelSettingsSnake, tools } = raw as Record<string, unknown>;
  const manifest: Record<string, unknown> = { framework: 'manual' };
  if (instructions != null) {
    if (typeof instructions !== 'string') fail('Agent manifest "instructions" must be a string.');
    manifest.instructions = instructions;
  }
  if (model != null) {
    if (typeof model !== 'string') fail('Agent manifest "model" must be a string.');
    manifest.model = model;
  }
  const settings = modelSettings ?? modelSettingsSnake;
  if (settings != null) {
    if (typeof settings !== 'object' || Array.isArray(settings)) fail('Agent manifest "modelSettings" must be an object.');
    manifest.model_settings = settings;
  }
  if (tools != null) {
    if (!Array.isArray(tools)) fail('Agent manifest "tools" must be an array.');
    manifest.tools = tools;
  }
  if (name != null && typeof name !== 'string') fail('Agent manifest "name" must be a string.');
  manifest.name = typeof name === 'string' && name !== '' ? name : spanName;
  return manifest;
}

/** `costTags`: string keys that must already be span tags; bad entries are skipped with a warning (dd-trace). */
export function validateCostTags(raw: unknown, tags: Readonly<Record<string, TagValue>>): string[] {
  if (!Array.isArray(raw)) {
    logger.warn('costTags must be an array of strings. Ignoring value.');
    return [];
  }
  const out = new Set<string>();
  for (const key of raw as unknown[]) {
    if (typeof key !== 'string') {
      logger.warn(`costTags entries must be strings. Skipping entry ${String(key)}.`);
      continue;
    }
    if (!Object.hasOwn(tags, key)) {
      logger.warn(`costTags entry "${key}" must reference a key present in span tags. Skipping entry.`);
      continue;
    }
    out.add(key);
  }
  return [...out];
}
