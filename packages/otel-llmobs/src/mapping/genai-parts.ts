import type { MediaPart, Message, ToolCall, ToolResult } from '../conventions/model.js';
import { isRecord } from './attributes.js';
import { toolCall, toolResult, toValueString } from './values.js';

/**
 * OTel GenAI ≥ 1.37 message JSON (`gen_ai.input.messages`, `gen_ai.output.messages`,
 * `gen_ai.system_instructions`) → canonical messages (spec conventions §1.3, §11.5):
 *
 * - `text` parts are joined with a newline into `content`;
 * - `tool_call` → `toolCalls` (`type: 'function'`), `server_tool_call` → `toolCalls` (`type: 'server'`);
 * - `tool_call_response` (`response`, or `result` as in the npm JSDoc) → a `role: 'tool'` message with
 *   `toolResults`; results found in a `user` (Anthropic style) or `assistant` message are split out
 *   into their own `tool` messages, one per result, placed before what remains of that message;
 * - `server_tool_call_response` stays on its message (the provider ran the tool) with `type: 'server'`;
 * - `reasoning` → a separate `{role: 'reasoning'}` message before its message (as Datadog's Vercel plugin);
 * - `blob` / `uri` with an image or audio modality (or mime type) → `imageParts` / `audioParts`;
 *   `file` parts and other modalities → a placeholder text (`[image file: <id>]`, `[video: <uri>]`);
 * - anything else: its `content` when it is a string, else a `[<type>]` placeholder, reported once.
 *
 * Tool results get their `name` from the tool call with the same id (`nameToolResults`).
 */

const TOOL_RESULT_TYPE = 'tool_result';

export interface PartsContext {
  readonly problems: string[];
  /** Attribute the parts came from, to prefix problems. */
  readonly where: string;
  /** Unknown part types already reported (each is reported once per attribute). */
  readonly reported?: Set<string>;
}

/** A JSON array of `{role, parts}` objects: the shape to expect before converting. */
export function isSemconvMessageList(value: unknown): value is unknown[] {
  return Array.isArray(value) && value.length > 0 && value.every((m) => isRecord(m) && (Array.isArray(m.parts) || typeof m.role === 'string'));
}

/**
 * Convert a parsed message list. Items that are plain strings become messages with
 * `defaultRole`; items that are neither objects nor strings are skipped and reported.
 */
export function semconvMessages(raw: unknown, defaultRole: string, problems: string[], where: string): Message[] | undefined {
  if (!Array.isArray(raw)) {
    problems.push(`${where}: expected a JSON array of messages`);
    return undefined;
  }
  const ctx: PartsContext = { problems, where, reported: new Set() };
  const out: Message[] = [];
  for (const item of raw) {
    if (typeof item === 'string') {
      out.push({ role: defaultRole, content: item });
    } else if (isRecord(item)) {
      out.push(...semconvMessage(item, defaultRole, ctx));
    } else {
      report(ctx, 'skipped a message that is not an object');
    }
  }
  return out;
}

/** One semconv message; may expand into several (reasoning first, split-out tool results, then the rest). */
export function semconvMessage(item: Record<string, unknown>, defaultRole: string, ctx: PartsContext): Message[] {
  const role = typeof item.role === 'string' && item.role !== '' ? item.role : defaultRole;
  const parts = Array.isArray(item.parts) ? item.parts : item.content !== undefined && item.content !== null ? [item.content] : [];
  if (item.parts !== undefined && !Array.isArray(item.parts)) report(ctx, 'message parts must be an array');

  const texts: string[] = [];
  const reasoning: string[] = [];
  const toolCalls: ToolCall[] = [];
  const toolResults: ToolResult[] = [];
  const serverResults: ToolResult[] = [];
  const images: MediaPart[] = [];
  const audio: MediaPart[] = [];

  for (const part of parts) {
    if (typeof part === 'string') {
      texts.push(part);
      continue;
    }
    if (!isRecord(part)) {
      report(ctx, 'skipped a part that is not an object');
      continue;
    }
    const type = typeof part.type === 'string' ? part.type : '';
    switch (type) {
      case 'text': {
        const text = textOf(part.content);
        if (text !== undefined) texts.push(text);
        break;
      }
      case 'reasoning': {
        const text = textOf(part.content);
        if (text !== undefined && text !== '') reasoning.push(text);
        break;
      }
      case 'tool_call':
        toolCalls.push(toolCall(part.name, part.arguments, part.id, 'function'));
        break;
      case 'server_tool_call':
        toolCalls.push(toolCall(part.name, part.server_tool_call ?? part.arguments, part.id, 'server'));
        break;
      case 'tool_call_response':
        toolResults.push(toolResult(part.response !== undefined ? part.response : part.result, part.id, TOOL_RESULT_TYPE));
        break;
      case 'server_tool_call_response':
        serverResults.push(toolResult(part.server_tool_call_response ?? part.response ?? part.result, part.id, 'server'));
        break;
      case 'blob':
      case 'uri':
      case 'file':
        media(type, part, texts, images, audio);
        break;
      default: {
        const text = textOf(part.content);
        if (text !== undefined) {
          texts.push(text);
        } else {
          texts.push(`[${type || 'unknown'}]`);
        }
        if (!ctx.reported?.has(type)) {
          ctx.reported?.add(type);
          report(ctx, type === '' ? 'part without a type kept as text' : `unknown part type '${type}' kept as text`);
        }
      }
    }
  }

  const out: Message[] = reasoning.map((content) => ({ role: 'reasoning', content }));
  const splitResults = role !== 'tool' || toolResults.length > 1 || texts.length > 0 || toolCalls.length > 0;
  if (splitResults) {
    // One `tool` message per result, OpenAI style: Anthropic puts them in the user message.
    for (const result of toolResults) out.push({ role: 'tool', toolResults: [result] });
  }
  const message: Message = { role };
  const content = texts.filter((t) => t !== '').join('\n');
  if (content !== '') message.content = content;
  if (toolCalls.length > 0) message.toolCalls = toolCalls;
  const ownResults = splitResults ? serverResults : [...toolResults, ...serverResults];
  if (ownResults.length > 0) message.toolResults = ownResults;
  if (images.length > 0) message.imageParts = images;
  if (audio.length > 0) message.audioParts = audio;
  // A user message that only carried tool results has nothing left to say.
  const emptied = splitResults && toolResults.length > 0 && Object.keys(message).length === 1;
  if (!emptied) out.push(message);
  return out;
}

/** Text of `gen_ai.system_instructions`: a JSON part array, a JSON string, or (openlit anthropic) plain text. */
export function instructionsText(raw: unknown, ctx: PartsContext): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string') return raw === '' ? undefined : raw;
  const parts = Array.isArray(raw) ? raw : [raw];
  const message = semconvMessage({ role: 'system', parts }, 'system', ctx);
  const texts = message.map((m) => m.content).filter((c): c is string => c !== undefined && c !== '');
  return texts.length > 0 ? texts.join('\n') : undefined;
}

/**
 * Give every tool result without a name the name of the tool call with the same id, looking
 * through all the given message lists (input and output of one span).
 */
export function nameToolResults(...lists: Array<readonly Message[] | undefined>): void {
  const names = new Map<string, string>();
  for (const list of lists) {
    for (const m of list ?? []) {
      for (const call of m.toolCalls ?? []) if (call.toolId !== undefined && call.name !== '') names.set(call.toolId, call.name);
    }
  }
  if (names.size === 0) return;
  for (const list of lists) {
    for (const m of list ?? []) {
      for (const result of m.toolResults ?? []) {
        if (result.name === undefined && result.toolId !== undefined) {
          const name = names.get(result.toolId);
          if (name !== undefined) result.name = name;
        }
      }
    }
  }
}

function textOf(content: unknown): string | undefined {
  if (content === undefined || content === null) return undefined;
  return typeof content === 'string' ? content : toValueString(content);
}

function media(type: string, part: Record<string, unknown>, texts: string[], images: MediaPart[], audio: MediaPart[]): void {
  const mime = typeof part.mime_type === 'string' ? part.mime_type : undefined;
  const modality = (typeof part.modality === 'string' ? part.modality : mime?.split('/')[0] ?? '').toLowerCase();
  const source = type === 'blob' ? part.content : type === 'uri' ? part.uri : (part.file_id ?? part.file_data);
  const value = typeof source === 'string' ? source : undefined;
  if (type !== 'file' && value !== undefined && (modality === 'image' || modality === 'audio')) {
    const mp: MediaPart = { content: value };
    if (mime !== undefined) mp.mimeType = mime;
    (modality === 'image' ? images : audio).push(mp);
    return;
  }
  // Files are provider ids, not content or URLs; other modalities have no LLM Observability slot.
  const label = type === 'file' ? `${modality || 'file'} file` : modality || type;
  texts.push(value !== undefined && type !== 'blob' ? `[${label}: ${value}]` : `[${label}]`);
}

function report(ctx: PartsContext, problem: string): void {
  ctx.problems.push(`${ctx.where}: ${problem}`);
}
