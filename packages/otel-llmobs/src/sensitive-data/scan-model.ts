import type { ChatTemplateMessage, Document, LLMObsSpan, Message, Prompt, SpanIO, TagValue, ToolCall, ToolResult } from '../conventions/model.js';
import type { SensitiveDataReport } from './report.js';
import { noteMatches } from './report.js';
import type { ActionOverride, SensitiveDataScanner } from './scanner.js';

/** Deeper values of a structured field are replaced unscanned: the walk is bounded (a 10,000-level JSON cannot exhaust the stack). */
export const MAX_DEPTH = 64;
/** Values visited per structured field before the rest is replaced unscanned (a shared sub-object reached by many paths). */
const MAX_NODES = 100_000;

/** Identifier tags hashed like `sessionId` / `userId`, so grouping by them survives. */
const IDENTIFIER_TAGS = new Set(['session_id', 'user_id']);

/**
 * Scans every field of spec §5 in a model and returns the redacted model: a new object wherever
 * something changed (copy on write), the same object, untouched, when nothing did. The model the
 * hooks saw and the application's own span objects are never written to.
 */
export function scanModel(span: LLMObsSpan, scanner: SensitiveDataScanner, report: SensitiveDataReport): LLMObsSpan {
  const walk = new ModelWalk(scanner, report);
  let out: LLMObsSpan = span;
  const set = <K extends keyof LLMObsSpan>(key: K, value: LLMObsSpan[K]): void => {
    if (value === out[key]) return;
    if (out === span) out = { ...span };
    out[key] = value;
  };
  set('input', walk.io(span.input, 'input'));
  set('output', walk.io(span.output, 'output'));
  set('metadata', walk.deep(span.metadata, 'metadata', '', 0) as Record<string, unknown>);
  set('tags', walk.tags(span.tags));
  if (span.error) set('error', walk.fields(span.error, 'error', ['message', 'stack']));
  if (span.sessionId !== undefined) set('sessionId', walk.text(span.sessionId, 'sessionId', '', 'hash'));
  if (span.userId !== undefined) set('userId', walk.text(span.userId, 'userId', '', 'hash'));
  if (span.toolDefinitions) set('toolDefinitions', walk.list(span.toolDefinitions, (d) => walk.fields(d, 'toolDefinitions', ['description'], 'report')));
  return out;
}

/** The walk over one span's fields: shared by the model scan and the wire span-event scan (`scan-span-event.ts`). */
export class ModelWalk {
  readonly #scanner: SensitiveDataScanner;
  readonly #report: SensitiveDataReport;
  #nodes = 0;

  constructor(scanner: SensitiveDataScanner, report: SensitiveDataReport) {
    this.#scanner = scanner;
    this.#report = report;
  }

  text(value: string, fieldPath: string, keyPath: string, override?: ActionOverride): string {
    if (!this.#scanner.inScope(fieldPath)) return value;
    const scan = this.#scanner.scanText(value, keyPath, override);
    const changed = scan.text !== value;
    noteMatches(this.#report, scan.matches, changed, scan.unscanned);
    return scan.text;
  }

  /** Some string fields of a small object (`error`, a tool definition), copied when one changes. */
  fields<T extends object>(obj: T, fieldPath: string, keys: ReadonlyArray<keyof T & string>, override?: ActionOverride): T {
    let out = obj;
    for (const key of keys) {
      const value = obj[key];
      if (typeof value !== 'string') continue;
      const scanned = this.text(value, `${fieldPath}.${key}`, '', override);
      if (scanned !== value) {
        if (out === obj) out = { ...obj };
        (out as Record<string, unknown>)[key] = scanned;
      }
    }
    return out;
  }

  list<T>(items: T[], scanItem: (item: T) => T): T[] {
    let out = items;
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as T;
      const scanned = scanItem(item);
      if (scanned !== item) {
        if (out === items) out = [...items];
        out[i] = scanned;
      }
    }
    return out;
  }

  io(io: SpanIO, side: 'input' | 'output'): SpanIO {
    let out = io;
    const set = <K extends keyof SpanIO>(key: K, value: SpanIO[K]): void => {
      if (value === out[key]) return;
      if (out === io) out = { ...io };
      out[key] = value;
    };
    if (io.value !== undefined) set('value', this.text(io.value, `${side}.value`, ''));
    if (io.messages) set('messages', this.list(io.messages, (m) => this.message(m, `${side}.messages`)));
    if (io.documents) set('documents', this.list(io.documents, (d): Document => this.fields(d, `${side}.documents`, ['text', 'name'])));
    if (io.prompt) set('prompt', this.prompt(io.prompt, `${side}.prompt`));
    return out;
  }

  message(message: Message, path: string): Message {
    let out = this.fields(message, path, ['content']);
    const set = <K extends keyof Message>(key: K, value: Message[K]): void => {
      if (value === out[key]) return;
      if (out === message) out = { ...message };
      out[key] = value;
    };
    if (message.toolCalls) {
      set(
        'toolCalls',
        this.list(message.toolCalls, (call): ToolCall => {
          // Tool names are code, not data: only the arguments are scanned.
          if (!call.arguments) return call;
          const args = this.deep(call.arguments, `${path}.toolCalls.arguments`, '', 0) as Record<string, unknown>;
          return args === call.arguments ? call : { ...call, arguments: args };
        }),
      );
    }
    if (message.toolResults) set('toolResults', this.list(message.toolResults, (r): ToolResult => this.fields(r, `${path}.toolResults`, ['result'])));
    return out;
  }

  prompt(prompt: Prompt, path: string): Prompt {
    let out = this.fields(prompt, path, ['template']);
    if (prompt.chatTemplate) {
      const chat = this.list(prompt.chatTemplate, (m): ChatTemplateMessage => this.fields(m, `${path}.chatTemplate`, ['content']));
      if (chat !== prompt.chatTemplate) out = { ...out, chatTemplate: chat };
    }
    if (prompt.variables) {
      let variables = prompt.variables;
      for (const [name, value] of Object.entries(prompt.variables)) {
        if (typeof value !== 'string') continue;
        const scanned = this.text(value, `${path}.variables.${name}`, name);
        if (scanned !== value) {
          if (variables === prompt.variables) variables = { ...prompt.variables };
          variables[name] = scanned;
        }
      }
      if (variables !== prompt.variables) out = { ...out, variables };
    }
    return out;
  }

  tags(tags: Record<string, TagValue>): Record<string, TagValue> {
    let out = tags;
    for (const [key, value] of Object.entries(tags)) {
      const override: ActionOverride = IDENTIFIER_TAGS.has(key) ? 'hash' : undefined;
      const path = `tags.${key}`;
      const scanned = typeof value === 'string' ? this.text(value, path, key, override) : this.list(value, (v) => this.text(v, path, key, override));
      if (scanned !== value) {
        if (out === tags) out = { ...tags };
        out[key] = scanned;
      }
    }
    return out;
  }

  /** A structured value, depth-first, every string with its key path as keyword context; keys are not redacted. */
  deep(value: unknown, fieldPath: string, keyPath: string, depth: number): unknown {
    if (typeof value === 'string') return this.text(value, fieldPath, keyPath);
    if (typeof value === 'number') return this.keyedNumber(value, fieldPath, keyPath);
    if (value === null || typeof value !== 'object') return value;
    if (depth >= MAX_DEPTH || ++this.#nodes > MAX_NODES) return this.#unscanned();
    if (Array.isArray(value)) return this.list(value as unknown[], (item) => this.deep(item, fieldPath, keyPath, depth + 1));
    // Any other object is walked by its own enumerable keys, as JSON.stringify (the encoders) would see it.
    const obj = value as Record<string, unknown>;
    let out = obj;
    for (const key of Object.keys(obj)) {
      const item = obj[key];
      const scanned = this.deep(item, `${fieldPath}.${key}`, keyPath === '' ? key : `${keyPath}.${key}`, depth + 1);
      if (scanned !== item) {
        if (out === obj) out = { ...obj };
        out[key] = scanned;
      }
    }
    return out;
  }

  keyedNumber(value: number, fieldPath: string, keyPath: string): unknown {
    if (!this.#scanner.inScope(fieldPath)) return value;
    const scan = this.#scanner.scanKeyedNumber(value, keyPath);
    if (!scan || scan.matches.length === 0) return value;
    const changed = scan.text !== String(value);
    noteMatches(this.#report, scan.matches, changed, scan.unscanned);
    return changed ? scan.text : value;
  }

  #unscanned(): string {
    noteMatches(this.#report, [], true, true);
    return this.#scanner.unscannedText();
  }
}

