import type { Document, LLMObsSpan, Message, SpanKind } from '../conventions/model.js';

/** One input or output entry as a user hook sees it (dd-trace's shape): `{content, role}` plus, for llm spans, the rest of the message. */
export interface HookIOEntry {
  content: string;
  role?: string;
  [key: string]: unknown;
}

/**
 * What a user hook (`llmobs.registerProcessor(fn)` or the processor's `beforeExport` option) receives:
 * the same surface as dd-trace's `LLMObservabilitySpan` (`kind`, `input`, `output`, `getTag()`),
 * plus `name` and the canonical model as `span`. Rewrite `input` / `output` (redaction) and return
 * the object, or return `null` to drop the span.
 */
export class LLMObservabilitySpan {
  readonly kind: SpanKind;
  readonly name: string;
  input: HookIOEntry[];
  output: HookIOEntry[];
  /**
   * The model that will be exported. Read it freely; changes to it are exported as well, which
   * gives full control (metadata redaction, tags) at your own risk.
   */
  readonly span: LLMObsSpan;
  readonly #tags: Record<string, string>;

  constructor(span: LLMObsSpan) {
    this.kind = span.kind;
    this.name = span.name;
    this.span = span;
    this.input = toEntries(span, 'input');
    this.output = toEntries(span, 'output');
    this.#tags = tagView(span);
  }

  /** A tag of the span (`ml_app`, `session_id`, `error`, `error_type`, user tags …) as a string. */
  getTag(key: string): string | undefined {
    return this.#tags[key];
  }
}

/** A user hook: the returned object is exported, `null` drops the span; it may be async. */
export type LLMObsSpanHook = (span: LLMObservabilitySpan) => LLMObservabilitySpan | null | Promise<LLMObservabilitySpan | null>;

type IOShape = 'messages' | 'documents' | 'value' | undefined;

function shapeOf(span: LLMObsSpan, side: 'input' | 'output'): IOShape {
  const io = span[side];
  if (io.messages) return 'messages';
  if (io.documents) return 'documents';
  if (io.value !== undefined) return 'value';
  return undefined;
}

function toEntries(span: LLMObsSpan, side: 'input' | 'output'): HookIOEntry[] {
  const io = span[side];
  switch (shapeOf(span, side)) {
    case 'messages':
      return (io.messages ?? []).map((m) => ({ ...m, content: m.content ?? '', role: m.role }));
    case 'documents':
      return (io.documents ?? []).map((d) => ({ content: d.text ?? '', role: '' }));
    case 'value':
      return [{ content: io.value ?? '', role: '' }];
    default:
      return [];
  }
}

/**
 * Write a hook's `input` / `output` back into the model, in the shape the span already had (as
 * dd-trace does): messages replace messages, the first entry's content becomes the value, and
 * document texts are replaced index by index.
 */
export function applyHookResult(result: LLMObservabilitySpan, span: LLMObsSpan): void {
  for (const side of ['input', 'output'] as const) {
    const entries = result[side];
    if (!Array.isArray(entries)) continue;
    const io = span[side];
    switch (shapeOf(span, side)) {
      case 'messages':
        io.messages = entries.map(toMessage);
        break;
      case 'documents':
        io.documents = entries.map((entry, i): Document => ({ ...(io.documents?.[i] ?? {}), text: contentOf(entry) }));
        break;
      case 'value': {
        const first = entries[0];
        if (first === undefined) delete io.value;
        else io.value = contentOf(first);
        break;
      }
      default:
        break;
    }
  }
}

function contentOf(entry: unknown): string {
  if (entry !== null && typeof entry === 'object') {
    const content = (entry as { content?: unknown }).content;
    return typeof content === 'string' ? content : content === undefined || content === null ? '' : JSON.stringify(content);
  }
  return typeof entry === 'string' ? entry : '';
}

function toMessage(entry: unknown): Message {
  if (entry === null || typeof entry !== 'object') return { role: '', content: contentOf(entry) };
  const { role, content: _content, ...rest } = entry as HookIOEntry;
  return { ...(rest as Partial<Message>), role: typeof role === 'string' ? role : '', content: contentOf(entry) };
}

function tagView(span: LLMObsSpan): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  out.ml_app = span.mlApp;
  out.error = span.status === 'error' ? '1' : '0';
  if (span.status === 'error' && span.error?.type) out.error_type = span.error.type;
  if (span.sessionId) out.session_id = span.sessionId;
  for (const [key, value] of Object.entries(span.tags)) {
    out[key] = Array.isArray(value) ? value.join(',') : value;
  }
  return out;
}
