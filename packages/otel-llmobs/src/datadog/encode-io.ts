import type { Document, LLMObsSpan, MediaPart, Message, Prompt, SpanIO, ToolCall, ToolDefinition, ToolResult } from '../conventions/model.js';
import type { WireDocument, WireIO, WireMediaPart, WireMessage, WirePrompt, WireToolCall, WireToolDefinition, WireToolResult } from './wire-types.js';

/**
 * `meta.input` / `meta.output` for each span kind (spec §2.3): llm → messages (+ prompt on input);
 * embedding → documents in, value out; retrieval → value in, documents out; others → value.
 * Keys are added in dd-trace's order, and only when they carry something.
 */

export function encodeInput(span: LLMObsSpan): WireIO {
  const io: SpanIO | undefined = span.input;
  const out: WireIO = {};
  if (!io) return out;
  switch (span.kind) {
    case 'llm':
      if (io.messages && io.messages.length > 0) out.messages = io.messages.map(encodeMessage);
      if (io.prompt) out.prompt = encodePrompt(io.prompt, span.mlApp);
      return out;
    case 'embedding':
      if (io.documents && io.documents.length > 0) out.documents = io.documents.map(encodeDocument);
      return out;
    default:
      if (typeof io.value === 'string' && io.value !== '') out.value = io.value;
      return out;
  }
}

export function encodeOutput(span: LLMObsSpan): WireIO {
  const io: SpanIO | undefined = span.output;
  const out: WireIO = {};
  if (!io) return out;
  switch (span.kind) {
    case 'llm':
      if (io.messages && io.messages.length > 0) out.messages = io.messages.map(encodeMessage);
      return out;
    case 'retrieval':
      if (io.documents && io.documents.length > 0) out.documents = io.documents.map(encodeDocument);
      return out;
    default:
      if (typeof io.value === 'string' && io.value !== '') out.value = io.value;
      return out;
  }
}

/**
 * Key order `role, content, tool_calls, tool_results, audio_parts, image_parts, tool_id`.
 * `content` is `""` when the message has neither content nor tool calls/results, and omitted when
 * it has tool calls/results but no content; `tool_id` only on `role: "tool"` (dd-trace drops it
 * elsewhere). A tool call without a name is left out: the intake requires one (dd-trace drops
 * invalid entries the same way), and any convention or user hook could supply an empty one.
 */
export function encodeMessage(message: Message): WireMessage {
  const toolCalls = nonEmpty(Array.isArray(message.toolCalls) ? message.toolCalls.filter(hasName) : undefined);
  const toolResults = nonEmpty(message.toolResults);
  const out: WireMessage = { role: typeof message.role === 'string' ? message.role : '' };
  if (typeof message.content === 'string') out.content = message.content;
  else if (!toolCalls && !toolResults) out.content = '';
  if (toolCalls) out.tool_calls = toolCalls.map(encodeToolCall);
  if (toolResults) out.tool_results = toolResults.map(encodeToolResult);
  const audio = nonEmpty(message.audioParts);
  if (audio) out.audio_parts = audio.map(encodeMediaPart);
  const images = nonEmpty(message.imageParts);
  if (images) out.image_parts = images.map(encodeMediaPart);
  if (message.role === 'tool' && message.toolId) out.tool_id = message.toolId;
  return out;
}

function encodeToolCall(call: ToolCall): WireToolCall {
  const out: WireToolCall = {};
  if (call.name !== undefined) out.name = call.name;
  if (call.arguments !== undefined) out.arguments = call.arguments;
  if (call.toolId !== undefined) out.tool_id = call.toolId;
  if (call.type !== undefined) out.type = call.type;
  return out;
}

/** `{result, tool_id, name, type}`; `name` is always present (default `""`), as in dd-trace. */
function encodeToolResult(result: ToolResult): WireToolResult {
  const out: WireToolResult = {};
  out.result = typeof result.result === 'string' ? result.result : '';
  if (result.toolId !== undefined) out.tool_id = result.toolId;
  out.name = typeof result.name === 'string' ? result.name : '';
  if (result.type !== undefined) out.type = result.type;
  return out;
}

function encodeMediaPart(part: MediaPart): WireMediaPart {
  const out: WireMediaPart = {};
  if (part.mimeType !== undefined) out.mime_type = part.mimeType;
  if (part.content !== undefined) out.content = part.content;
  else if (part.attachmentKey !== undefined) out.attachment_key = part.attachmentKey;
  return out;
}

/** `{text, name?, id?, score?}`. A document without text is still sent (text `""`): its id and score matter. */
export function encodeDocument(doc: Document): WireDocument {
  const out: WireDocument = { text: typeof doc.text === 'string' ? doc.text : '' };
  if (doc.name !== undefined) out.name = doc.name;
  if (doc.id !== undefined) out.id = doc.id;
  if (typeof doc.score === 'number' && Number.isFinite(doc.score)) out.score = doc.score;
  return out;
}

/**
 * Spec §2.4: `{id, version, prompt_uuid, prompt_version_uuid, variables, template | chat_template,
 * tags, _dd_context_variable_keys, _dd_query_variable_keys}`; the id defaults to
 * `<ml_app>_unnamed-prompt`, and both variable-key lists are always sent, with dd-trace's defaults.
 */
export function encodePrompt(prompt: Prompt, mlApp: string): WirePrompt {
  const out: WirePrompt = { id: prompt.id || `${mlApp}_unnamed-prompt` };
  if (prompt.version) out.version = prompt.version;
  if (prompt.promptUuid) out.prompt_uuid = prompt.promptUuid;
  if (prompt.promptVersionUuid) out.prompt_version_uuid = prompt.promptVersionUuid;
  if (prompt.variables) out.variables = prompt.variables;
  if (typeof prompt.template === 'string' && prompt.template !== '') {
    out.template = prompt.template;
  } else if (prompt.chatTemplate && prompt.chatTemplate.length > 0) {
    out.chat_template = prompt.chatTemplate.map((m) => ({ role: m.role, content: m.content }));
  }
  if (prompt.tags) out.tags = prompt.tags;
  out._dd_context_variable_keys = prompt.contextVariableKeys ?? ['context'];
  out._dd_query_variable_keys = prompt.queryVariableKeys ?? ['question'];
  return out;
}

/** Tool calls and tool definitions need a non-empty name on the wire. */
export function hasName(item: { name?: unknown } | null | undefined): boolean {
  return typeof item?.name === 'string' && item.name !== '';
}

/** `[{name, description?, schema?, version?}]`; callers leave out definitions without a name (`hasName`). */
export function encodeToolDefinition(def: ToolDefinition): WireToolDefinition {
  const out: WireToolDefinition = { name: def.name };
  if (def.description !== undefined) out.description = def.description;
  if (def.schema !== undefined) out.schema = def.schema;
  if (def.version !== undefined) out.version = def.version;
  return out;
}

function nonEmpty<T>(items: readonly T[] | undefined): readonly T[] | undefined {
  return Array.isArray(items) && items.length > 0 ? items : undefined;
}
