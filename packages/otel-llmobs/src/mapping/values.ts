import type { Message, SpanIO, ToolCall, ToolResult } from '../conventions/model.js';
import { stringifySafely } from '../internal/safe-json.js';

/**
 * Turn any value into the string LLM Observability shows as `input.value` / `output.value`:
 * strings as is, everything else JSON-encoded by the one safe serializer (`stringifySafely`), so
 * a value mapped from a span reads the same as the value passed to `llmobs.annotate()`.
 */
export function toValueString(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  return stringifySafely(value);
}

/** Content of the last message with `role`, or of the last message with content when no role matches. */
export function lastMessageText(messages: readonly Message[] | undefined, role: string): string | undefined {
  if (!messages || messages.length === 0) return undefined;
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m && m.role === role && m.content) return m.content;
  }
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m?.content) return m.content;
  }
  return undefined;
}

/**
 * Parse tool-call arguments into an object: objects pass through, JSON object strings are parsed,
 * anything else is wrapped as `{ value }` so nothing is lost.
 */
function toArgumentsObject(args: unknown): Record<string, unknown> | undefined {
  if (args === undefined || args === null || args === '') return undefined;
  if (typeof args === 'object' && !Array.isArray(args)) return args as Record<string, unknown>;
  if (typeof args === 'string') {
    try {
      const parsed = JSON.parse(args) as unknown;
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
      return { value: parsed };
    } catch {
      return { value: args };
    }
  }
  return { value: args };
}

/**
 * A tool call, the same whatever the convention: the name (`''` when missing), the arguments as an
 * object (`toArgumentsObject`), the call id when it is a non-empty string or a finite number, and
 * the type when the source says it.
 */
export function toolCall(name: unknown, args: unknown, id: unknown, type?: string): ToolCall {
  const call: ToolCall = { name: typeof name === 'string' ? name : '' };
  const parsed = toArgumentsObject(args);
  if (parsed) call.arguments = parsed;
  const toolId = toolIdOf(id);
  if (toolId !== undefined) call.toolId = toolId;
  if (type !== undefined) call.type = type;
  return call;
}

/** A tool result: the result as text (structured results JSON-encoded, `''` when absent), its call id, type and tool name. */
export function toolResult(value: unknown, id: unknown, type?: string, name?: unknown): ToolResult {
  const result: ToolResult = { result: toValueString(value) ?? '' };
  const toolId = toolIdOf(id);
  if (toolId !== undefined) result.toolId = toolId;
  if (typeof name === 'string') result.name = name;
  if (type !== undefined) result.type = type;
  return result;
}

function toolIdOf(id: unknown): string | undefined {
  if (typeof id === 'string' && id !== '') return id;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  return undefined;
}

/** `{ value }` for a non-empty value, `{}` otherwise: the I/O of a span whose kind wants a value. */
export function valueIO(value: string | undefined): SpanIO {
  return value !== undefined && value !== '' ? { value } : {};
}
