import type { MediaPart, Message, ToolCall, ToolResult } from '../conventions/model.js';
import { isRecord } from './attributes.js';
import { toolCall, toolResult, toValueString } from './values.js';

/**
 * Vercel AI SDK model messages (`ai.prompt.messages`, spec conventions §6.1, §11.4) → canonical
 * messages. Content is a string or a list of parts:
 * - `text` → concatenated into `content`;
 * - `reasoning` / `redacted-reasoning` → a separate `{role: 'reasoning'}` message before the turn
 *   (as dd-trace's ai 7 plugin does);
 * - `image` / `file` with an image or audio media type → image / audio parts (other files are not
 *   shown);
 * - `tool-call {toolCallId, toolName, input | args}` → `toolCalls` (`type: 'server'` when the provider
 *   executed it);
 * - `tool-result {toolCallId, toolName, output: {type, value} | result}` → `toolResults`, so a
 *   `tool` message keeps the tool's name as well as the call id.
 * Anything unusable is skipped and reported once.
 */
export function convertVercelMessages(raw: unknown, problems: string[], where: string): Message[] | undefined {
  if (!Array.isArray(raw)) {
    problems.push(`${where}: expected a JSON array of messages`);
    return undefined;
  }
  const out: Message[] = [];
  let skipped = 0;
  for (const item of raw) {
    if (!isRecord(item)) {
      skipped++;
      continue;
    }
    out.push(...convertMessage(item));
  }
  if (skipped > 0) problems.push(`${where}: skipped ${skipped} message(s) that are not objects`);
  return out.length > 0 ? out : undefined;
}

function convertMessage(item: Record<string, unknown>): Message[] {
  const role = typeof item.role === 'string' ? item.role : '';
  const message: Message = { role };
  const content = item.content;
  if (typeof content === 'string') return [{ role, content }];
  if (!Array.isArray(content)) {
    if (content !== undefined && content !== null) message.content = toValueString(content);
    return [message];
  }

  let text: string | undefined;
  let reasoning: string | undefined;
  const toolCalls: ToolCall[] = [];
  const toolResults: ToolResult[] = [];
  const images: MediaPart[] = [];
  const audio: MediaPart[] = [];
  for (const part of content) {
    if (typeof part === 'string') {
      text = (text ?? '') + part;
      continue;
    }
    if (!isRecord(part)) continue;
    switch (part.type) {
      case 'text':
        if (typeof part.text === 'string') text = (text ?? '') + part.text;
        break;
      case 'reasoning':
      case 'redacted-reasoning': {
        const r = typeof part.text === 'string' ? part.text : typeof part.data === 'string' ? part.data : undefined;
        if (r !== undefined) reasoning = (reasoning ?? '') + r;
        break;
      }
      case 'image':
        pushMedia(part.image, mediaTypeOf(part), 'image', images, audio);
        break;
      case 'file':
        pushMedia(part.data, mediaTypeOf(part), undefined, images, audio);
        break;
      case 'tool-call':
        toolCalls.push(toToolCall(part));
        break;
      case 'tool-result':
        toolResults.push(toToolResult(part));
        break;
      default:
        break;
    }
  }
  if (text !== undefined) message.content = text;
  if (toolCalls.length > 0) message.toolCalls = toolCalls;
  if (toolResults.length > 0) message.toolResults = toolResults;
  if (images.length > 0) message.imageParts = images;
  if (audio.length > 0) message.audioParts = audio;
  if (message.content === '' && (message.toolCalls || message.toolResults)) delete message.content;

  const out: Message[] = [];
  if (reasoning !== undefined) out.push({ role: 'reasoning', content: reasoning });
  // Several results in one tool message: one message per result, as the OTel GenAI mapper does.
  if (role === 'tool' && toolResults.length > 1 && Object.keys(message).length === 2) {
    for (const result of toolResults) out.push({ role, toolResults: [result] });
    return out;
  }
  const hasTurn = message.content !== undefined || message.toolCalls || message.toolResults || message.imageParts || message.audioParts;
  if (hasTurn || reasoning === undefined) out.push(message);
  return out;
}

function mediaTypeOf(part: Record<string, unknown>): string | undefined {
  const mime = part.mediaType ?? part.mimeType;
  return typeof mime === 'string' && mime !== '' ? mime : undefined;
}

/**
 * Telemetry serializes binary data as base64 and URLs as strings; anything else is not shown.
 * `image` parts are images whatever their media type says; `file` parts are sorted by media type.
 */
function pushMedia(
  data: unknown,
  mimeType: string | undefined,
  kind: 'image' | undefined,
  images: MediaPart[],
  audio: MediaPart[],
): void {
  if (typeof data !== 'string' || data === '') return;
  const part: MediaPart = { content: data };
  if (mimeType !== undefined) part.mimeType = mimeType;
  if (kind === 'image' || mimeType?.startsWith('image/')) images.push(part);
  else if (mimeType?.startsWith('audio/')) audio.push(part);
}

/** A `tool-call` part, or an entry of `ai.response.toolCalls`. `input` (ai ≥ 5) or `args` (ai 4). */
export function toToolCall(part: Record<string, unknown>): ToolCall {
  return toolCall(part.toolName, part.input ?? part.args, part.toolCallId, part.providerExecuted === true ? 'server' : 'function');
}

function toToolResult(part: Record<string, unknown>): ToolResult {
  return toolResult(toolResultText(part), part.toolCallId, 'tool_result', part.toolName);
}

/**
 * The text of a tool result. ai ≥ 5 wraps it as `output: {type, value}` (`text`, `json`,
 * `error-text`, `error-json`, `content`, `execution-denied`); ai 4 has a bare `result`.
 */
function toolResultText(part: Record<string, unknown>): string {
  const output = part.output;
  if (isRecord(output) && typeof output.type === 'string') {
    switch (output.type) {
      case 'text':
      case 'error-text':
        return typeof output.value === 'string' ? output.value : (toValueString(output.value) ?? '');
      case 'json':
      case 'error-json':
        return toValueString(output.value) ?? 'null';
      case 'content':
        return contentText(output.value);
      case 'execution-denied':
        return typeof output.reason === 'string' ? output.reason : '[Tool Execution Denied]';
      default:
        return toValueString(output.value ?? output) ?? '';
    }
  }
  const result = output !== undefined ? output : part.result;
  return toValueString(result) ?? '';
}

/** `content` tool output: text parts verbatim, media as placeholders (dd-trace's spelling). */
function contentText(value: unknown): string {
  if (!Array.isArray(value)) return toValueString(value) ?? '';
  let text = '';
  for (const part of value) {
    if (!isRecord(part)) continue;
    if (part.type === 'text' && typeof part.text === 'string') text += part.text;
    else if (typeof part.type === 'string' && part.type.startsWith('image')) text += '[Image]';
    else if (part.type === 'media' || part.type === 'file') {
      const mime = mediaTypeOf(part);
      text += mime !== undefined && mime.startsWith('image') ? '[Image]' : '[File]';
    } else if (typeof part.type === 'string' && part.type.startsWith('file')) text += '[File]';
  }
  return text;
}

/** Text of a model message's content (string, or the text parts of a part list). */
export function messageText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  let text: string | undefined;
  for (const part of content) {
    if (typeof part === 'string') text = (text ?? '') + part;
    else if (isRecord(part) && part.type === 'text' && typeof part.text === 'string') text = (text ?? '') + part.text;
  }
  return text;
}
