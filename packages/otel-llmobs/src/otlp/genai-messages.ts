import type { Document, MediaPart, Message, ToolCall, ToolResult } from '../conventions/model.js';

/**
 * Canonical messages → OTel GenAI (≥ 1.37) message JSON: `{role, parts[], finish_reason?}` with
 * `text`, `reasoning`, `tool_call`, `server_tool_call`, `tool_call_response`,
 * `server_tool_call_response`, `blob` and `uri` parts. The inverse of what the GenAI mapper reads
 * (`mapping/genai-parts.ts`), so a span written here and read back gives the same messages; where
 * GenAI has no way to say something (see `canonical-attributes.ts`), the writer checks and carries
 * the exact value beside it.
 *
 * System messages stay in `gen_ai.input.messages` (role `system`, which semconv allows): moving them
 * to `gen_ai.system_instructions` would lose their position and their number, and both Datadog and
 * our mapper read either place.
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

/**
 * `finishReasons`: the response's finish reasons, one per choice (output messages only); set as
 * each output message's `finish_reason` when there is exactly one per message.
 */
export function toGenAiMessages(messages: readonly Message[], finishReasons?: readonly string[]): GenAiMessage[] {
  const out: GenAiMessage[] = [];
  let reasoning: GenAiPart[] = [];
  for (const m of messages) {
    // A reasoning message before an assistant message (how the mappers split a `reasoning` part
    // out) goes back into it as a `reasoning` part.
    if (m.role === 'reasoning' && isPlainText(m)) {
      reasoning.push({ type: 'reasoning', content: m.content ?? '' });
      continue;
    }
    const message = toGenAiMessage(m);
    if (reasoning.length > 0) {
      if (m.role === 'assistant') message.parts.unshift(...reasoning);
      else out.push(...reasoning.map((part) => ({ role: 'reasoning', parts: [{ type: 'text', content: part.content }] })));
      reasoning = [];
    }
    out.push(message);
  }
  out.push(...reasoning.map((part) => ({ role: 'reasoning', parts: [{ type: 'text', content: part.content }] })));
  if (finishReasons && finishReasons.length === out.length && out.every((m) => m.role === 'assistant')) {
    out.forEach((m, i) => (m.finish_reason = finishReasons[i]));
  }
  return out;
}

function isPlainText(m: Message): boolean {
  return (
    typeof m.content === 'string' &&
    m.content !== '' &&
    !m.toolCalls?.length &&
    !m.toolResults?.length &&
    !m.imageParts?.length &&
    !m.audioParts?.length &&
    m.toolId === undefined
  );
}

function toGenAiMessage(m: Message): GenAiMessage {
  const parts: GenAiPart[] = [];
  if (m.content !== undefined && m.content !== '') parts.push({ type: 'text', content: m.content });
  for (const call of m.toolCalls ?? []) parts.push(toolCallPart(call));
  for (const result of m.toolResults ?? []) parts.push(toolResultPart(result));
  // A tool message answering a call by id (dd-trace's `{role:'tool', content, tool_id}` form).
  if (m.role === 'tool' && m.toolId !== undefined && (m.toolResults ?? []).length === 0 && parts.length === 1 && parts[0]?.type === 'text') {
    parts[0] = { type: 'tool_call_response', id: m.toolId, response: m.content ?? '' };
  }
  for (const image of m.imageParts ?? []) parts.push(mediaPart(image, 'image'));
  for (const audio of m.audioParts ?? []) parts.push(mediaPart(audio, 'audio'));
  return { role: m.role, parts };
}

function toolCallPart(call: ToolCall): GenAiPart {
  const server = call.type === 'server';
  const part: GenAiPart = { type: server ? 'server_tool_call' : 'tool_call' };
  if (call.toolId !== undefined) part.id = call.toolId;
  part.name = call.name;
  if (call.arguments !== undefined) part[server ? 'server_tool_call' : 'arguments'] = call.arguments;
  return part;
}

function toolResultPart(result: ToolResult): GenAiPart {
  if (result.type === 'server') {
    const part: GenAiPart = { type: 'server_tool_call_response', server_tool_call_response: result.result };
    if (result.toolId !== undefined) part.id = result.toolId;
    return part;
  }
  const part: GenAiPart = { type: 'tool_call_response', response: result.result };
  if (result.toolId !== undefined) part.id = result.toolId;
  return part;
}

function mediaPart(p: MediaPart, modality: 'image' | 'audio'): GenAiPart {
  const content = p.content ?? '';
  const part: GenAiPart = /^(https?|data|gs|s3):/i.test(content) ? { type: 'uri', modality, uri: content } : { type: 'blob', modality, content };
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
