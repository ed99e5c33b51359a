import type { Document, MediaPart, Message } from '../conventions/model.js';

/**
 * Canonical messages → OTel GenAI (≥ 1.37) message JSON: `{role, parts[], name?}` with `text`,
 * `tool_call`, `tool_call_response`, `blob` and `uri` parts. The inverse of what the GenAI mapper
 * reads, so a span written here and read back gives the same messages.
 */
export interface GenAiPart {
  type: string;
  [key: string]: unknown;
}

export interface GenAiMessage {
  role: string;
  parts: GenAiPart[];
  finish_reason?: string;
}

export function toGenAiMessages(messages: readonly Message[]): GenAiMessage[] {
  return messages.map(toGenAiMessage);
}

function toGenAiMessage(m: Message): GenAiMessage {
  const parts: GenAiPart[] = [];
  if (m.content !== undefined && m.content !== '') parts.push({ type: 'text', content: m.content });
  for (const call of m.toolCalls ?? []) {
    const part: GenAiPart = { type: 'tool_call', name: call.name, arguments: call.arguments ?? {} };
    if (call.toolId !== undefined) part.id = call.toolId;
    parts.push(part);
  }
  for (const result of m.toolResults ?? []) {
    const part: GenAiPart = { type: 'tool_call_response', response: result.result };
    if (result.toolId !== undefined) part.id = result.toolId;
    parts.push(part);
  }
  // A tool message answering a call by id (dd-trace's `{role:'tool', content, tool_id}` form).
  if (m.role === 'tool' && m.toolId !== undefined && (m.toolResults ?? []).length === 0 && parts[0]?.type === 'text') {
    parts[0] = { type: 'tool_call_response', id: m.toolId, response: m.content ?? '' };
  }
  for (const image of m.imageParts ?? []) parts.push(mediaPart(image, 'image'));
  for (const audio of m.audioParts ?? []) parts.push(mediaPart(audio, 'audio'));
  return { role: m.role, parts };
}

function mediaPart(p: MediaPart, modality: 'image' | 'audio'): GenAiPart {
  const content = p.content ?? '';
  const part: GenAiPart = /^(https?|data|gs|s3):/i.test(content)
    ? { type: 'uri', modality, uri: content }
    : { type: 'blob', modality, content };
  if (p.mimeType !== undefined) part.mime_type = p.mimeType;
  return part;
}

/** A plain value as a single-message conversation (agent/workflow spans in GenAI terms). */
export function valueAsMessages(value: string, role: 'user' | 'assistant'): GenAiMessage[] {
  return [{ role, parts: [{ type: 'text', content: value }] }];
}

/** Embedding input documents as one user message per document (what Datadog reads back as documents). */
export function documentsAsMessages(documents: readonly Document[]): GenAiMessage[] {
  return documents.map((d) => ({ role: 'user', parts: [{ type: 'text', content: d.text ?? '' }] }));
}
