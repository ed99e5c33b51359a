import type { Attributes, AttributeValue } from '@opentelemetry/api';
import type { MediaPart, Message, ToolCall } from '../conventions/model.js';
import { OPENINFERENCE_MESSAGE as M } from '../conventions/openinference.js';
import { readIndexed, readNonEmpty, readString } from './attributes.js';
import { toolCall, toValueString } from './values.js';

type Flat = Record<string, AttributeValue>;

/** Content types whose text is the model's reasoning rather than its answer. */
const REASONING_TYPES = new Set(['reasoning', 'thinking', 'redacted_thinking']);

/**
 * Read OpenInference's flattened messages (`<prefix>.N.message.*`, spec conventions §5.2) into
 * canonical messages. Text comes from `message.content`, or from the text parts of
 * `message.contents.K.message_content.*` (multimodal and Responses API messages), whose images and
 * audio become media parts. Reasoning parts become a separate `reasoning` message placed before the
 * message they belong to (as Datadog's own integrations do). Tool-role messages keep OpenInference's
 * shape: `{role: 'tool', content, toolId}` (`tool_call_id`), as dd-trace's OpenAI integration sends
 * them. Sparse or unordered indices are read in index order; entries that carry nothing are skipped.
 */
export function readOpenInferenceMessages(attrs: Attributes, prefix: string): Message[] | undefined {
  const out: Message[] = [];
  for (const entry of readIndexed(attrs, prefix)) out.push(...toMessages(entry));
  return out.length > 0 ? out : undefined;
}

function toMessages(entry: Flat): Message[] {
  const role = readString(entry, M.ROLE) ?? '';
  const message: Message = { role };

  const texts: string[] = [];
  const reasoning: string[] = [];
  const images: MediaPart[] = [];
  const audio: MediaPart[] = [];
  for (const part of readIndexed(entry, M.CONTENTS)) {
    const type = readString(part, M.CONTENT_TYPE)?.toLowerCase();
    const text = readString(part, M.CONTENT_TEXT);
    if (text !== undefined) (type !== undefined && REASONING_TYPES.has(type) ? reasoning : texts).push(text);
    const imageUrl = readNonEmpty(part, M.CONTENT_IMAGE_URL);
    if (imageUrl !== undefined) images.push(toMediaPart(imageUrl));
    const audioUrl = readNonEmpty(part, M.CONTENT_AUDIO_URL);
    if (audioUrl !== undefined) audio.push(toMediaPart(audioUrl, readNonEmpty(part, M.CONTENT_AUDIO_MIME_TYPE)));
  }

  const content = entry[M.CONTENT];
  if (content !== undefined) message.content = typeof content === 'string' ? content : toValueString(content);
  else if (texts.length > 0) message.content = texts.join('');

  const toolCalls = readToolCalls(entry);
  if (toolCalls.length > 0) message.toolCalls = toolCalls;
  if (images.length > 0) message.imageParts = images;
  if (audio.length > 0) message.audioParts = audio;
  const toolCallId = readNonEmpty(entry, M.TOOL_CALL_ID);
  // Datadog only keeps `tool_id` on tool messages (it drops it elsewhere with a warning).
  if (toolCallId !== undefined && role === 'tool') message.toolId = toolCallId;
  // An assistant turn that only calls tools has `content: ""` in OpenAI's API; the wire omits it.
  if (message.content === '' && message.toolCalls) delete message.content;

  const out: Message[] = [];
  if (reasoning.length > 0) out.push({ role: 'reasoning', content: reasoning.join('') });
  const carriesSomething =
    role !== '' || message.content !== undefined || message.toolCalls || message.imageParts || message.audioParts;
  if (carriesSomething) out.push(message);
  return out;
}

function readToolCalls(entry: Flat): ToolCall[] {
  const calls: ToolCall[] = [];
  for (const raw of readIndexed(entry, M.TOOL_CALLS)) {
    const call = toolCall(readString(raw, M.TOOL_CALL_FUNCTION_NAME), raw[M.TOOL_CALL_FUNCTION_ARGUMENTS], readNonEmpty(raw, M.TOOL_CALL_ID_IN_CALL), 'function');
    if (call.name !== '' || call.arguments !== undefined || call.toolId !== undefined) calls.push(call);
  }
  // Legacy functions API: one call per message, no id.
  const functionName = readNonEmpty(entry, M.FUNCTION_CALL_NAME);
  if (functionName !== undefined) calls.push(toolCall(functionName, entry[M.FUNCTION_CALL_ARGUMENTS], undefined, 'function'));
  return calls;
}

/** A URL or data URL; a data URL also tells the MIME type. */
function toMediaPart(url: string, mimeType?: string): MediaPart {
  const part: MediaPart = { content: url };
  const dataUrl = /^data:([^;,]+)[;,]/.exec(url);
  const mime = mimeType ?? dataUrl?.[1];
  if (mime !== undefined) part.mimeType = mime;
  return part;
}
