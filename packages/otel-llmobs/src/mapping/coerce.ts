import type {
  ChatTemplateMessage,
  Document,
  MediaPart,
  Message,
  Prompt,
  SpanIO,
  ToolCall,
  ToolResult,
} from '../conventions/model.js';
import { isRecord, toFiniteNumber } from './attributes.js';
import { toolCall, toolResult, toValueString } from './values.js';

/**
 * Coerce loosely-typed JSON (from our own `_dd.ml_obs.*` attributes, or a user who wrote them by
 * hand) into the canonical model. Accepts the model's camelCase names and the intake's snake_case
 * names. Keeps what is usable, reports the rest, never throws.
 */
export function coerceIO(raw: unknown, problems: string[], where: string): SpanIO | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string') return { value: raw };
  if (!isRecord(raw)) {
    problems.push(`${where}: expected an object, got ${typeof raw}`);
    return undefined;
  }
  const io: SpanIO = {};
  if (raw.messages !== undefined) io.messages = coerceMessages(raw.messages, problems, `${where}.messages`);
  if (raw.documents !== undefined) io.documents = coerceDocuments(raw.documents, problems, `${where}.documents`);
  if (raw.value !== undefined && raw.value !== null) io.value = toValueString(raw.value);
  if (raw.prompt !== undefined) io.prompt = coercePrompt(raw.prompt, problems, `${where}.prompt`);
  return io;
}

function coerceMessages(raw: unknown, problems: string[], where: string): Message[] | undefined {
  if (!Array.isArray(raw)) {
    problems.push(`${where}: expected an array`);
    return undefined;
  }
  const out: Message[] = [];
  for (const item of raw) {
    if (typeof item === 'string') {
      out.push({ role: '', content: item });
      continue;
    }
    if (!isRecord(item)) {
      problems.push(`${where}: skipped a message that is not an object`);
      continue;
    }
    out.push(coerceMessage(item, problems, where));
  }
  return out;
}

function coerceMessage(item: Record<string, unknown>, problems: string[], where: string): Message {
  const message: Message = { role: typeof item.role === 'string' ? item.role : '' };
  if (item.content !== undefined && item.content !== null) message.content = toValueString(item.content);
  const toolCalls = item.toolCalls ?? item.tool_calls;
  if (Array.isArray(toolCalls)) message.toolCalls = toolCalls.filter(isRecord).map(coerceToolCall);
  const toolResults = item.toolResults ?? item.tool_results;
  if (Array.isArray(toolResults)) message.toolResults = toolResults.filter(isRecord).map(coerceToolResult);
  const images = item.imageParts ?? item.image_parts;
  if (Array.isArray(images)) message.imageParts = images.filter(isRecord).map(coerceMediaPart);
  const audio = item.audioParts ?? item.audio_parts;
  if (Array.isArray(audio)) message.audioParts = audio.filter(isRecord).map(coerceMediaPart);
  const toolId = item.toolId ?? item.tool_id;
  if (typeof toolId === 'string' && toolId !== '') message.toolId = toolId;
  if (toolCalls !== undefined && !Array.isArray(toolCalls)) problems.push(`${where}: tool calls must be an array`);
  return message;
}

function coerceToolCall(raw: Record<string, unknown>): ToolCall {
  return toolCall(raw.name, raw.arguments, raw.toolId ?? raw.tool_id ?? raw.id, typeOf(raw));
}

function coerceToolResult(raw: Record<string, unknown>): ToolResult {
  return toolResult(raw.result, raw.toolId ?? raw.tool_id ?? raw.id, typeOf(raw), raw.name);
}

function typeOf(raw: Record<string, unknown>): string | undefined {
  return typeof raw.type === 'string' && raw.type !== '' ? raw.type : undefined;
}

function coerceMediaPart(raw: Record<string, unknown>): MediaPart {
  const part: MediaPart = {};
  const mime = raw.mimeType ?? raw.mime_type;
  if (typeof mime === 'string') part.mimeType = mime;
  if (typeof raw.content === 'string') part.content = raw.content;
  const key = raw.attachmentKey ?? raw.attachment_key;
  if (typeof key === 'string') part.attachmentKey = key;
  return part;
}

export function coerceDocuments(raw: unknown, problems: string[], where: string): Document[] | undefined {
  const list = Array.isArray(raw) ? raw : [raw];
  const out: Document[] = [];
  for (const item of list) {
    if (typeof item === 'string') {
      out.push({ text: item });
      continue;
    }
    if (!isRecord(item)) {
      problems.push(`${where}: skipped a document that is not an object`);
      continue;
    }
    const doc: Document = {};
    const text = item.text ?? item.content;
    if (text !== undefined && text !== null) doc.text = toValueString(text);
    if (typeof item.name === 'string') doc.name = item.name;
    if (typeof item.id === 'string' || typeof item.id === 'number') doc.id = String(item.id);
    const score = toFiniteNumber(item.score);
    if (score !== undefined) doc.score = score;
    out.push(doc);
  }
  return out;
}

/**
 * A prompt in our model's shape or in Datadog's documented `_dd.ml_obs.prompt_tracking` shape
 * (`chat_template`, `rag_context_variables`, `rag_query_variables`, `name` as an id fallback).
 */
export function coercePrompt(raw: unknown, problems: string[], where: string): Prompt | undefined {
  if (!isRecord(raw)) {
    problems.push(`${where}: expected an object`);
    return undefined;
  }
  const prompt: Prompt = {};
  const id = raw.id ?? raw.name;
  if (typeof id === 'string' && id !== '') prompt.id = id;
  if (typeof raw.version === 'string' || typeof raw.version === 'number') prompt.version = String(raw.version);
  const template = raw.template;
  const chatTemplate = raw.chatTemplate ?? raw.chat_template ?? (Array.isArray(template) ? template : undefined);
  if (typeof template === 'string') prompt.template = template;
  if (Array.isArray(chatTemplate)) prompt.chatTemplate = chatTemplate.filter(isRecord).map(toChatTemplateMessage);
  const variables = toStringRecord(raw.variables, problems, `${where}.variables`);
  if (variables) prompt.variables = variables;
  const context = toStringList(raw.contextVariableKeys ?? raw.rag_context_variables ?? raw._dd_context_variable_keys);
  if (context) prompt.contextVariableKeys = context;
  const query = toStringList(raw.queryVariableKeys ?? raw.rag_query_variables ?? raw._dd_query_variable_keys);
  if (query) prompt.queryVariableKeys = query;
  const tags = toStringRecord(raw.tags, problems, `${where}.tags`);
  if (tags) prompt.tags = tags;
  const uuid = raw.promptUuid ?? raw.prompt_uuid;
  if (typeof uuid === 'string') prompt.promptUuid = uuid;
  const versionUuid = raw.promptVersionUuid ?? raw.prompt_version_uuid;
  if (typeof versionUuid === 'string') prompt.promptVersionUuid = versionUuid;
  return prompt;
}

function toChatTemplateMessage(raw: Record<string, unknown>): ChatTemplateMessage {
  return { role: typeof raw.role === 'string' ? raw.role : '', content: toValueString(raw.content) ?? '' };
}

/** A string→string record; non-string values are JSON-encoded (and reported). */
export function toStringRecord(raw: unknown, problems: string[], where: string): Record<string, string> | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isRecord(raw)) {
    problems.push(`${where}: expected an object`);
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === 'string') out[key] = value;
    else if (value !== undefined) out[key] = toValueString(value) ?? '';
  }
  return out;
}

function toStringList(raw: unknown): string[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const out = raw.filter((x): x is string => typeof x === 'string');
  return out.length > 0 || raw.length === 0 ? out : undefined;
}
