import type { AttributeValue, Attributes } from '@opentelemetry/api';
import { GENAI, GENAI_CONTENT_EVENT_NAMES } from '../conventions/genai.js';
import { stringifySafely } from '../internal/safe-json.js';
import type { SpanEventData } from '../mapping/span-data.js';
import type { LogRecordLike } from './log-record-shapes.js';

/** Log records with these event names carry content to join to their span; any other is not ours to hold. */
export const GENAI_LOG_EVENT_NAMES: ReadonlySet<string> = new Set(GENAI_CONTENT_EVENT_NAMES);

const EVENT_NAME_ATTRIBUTE = 'event.name';

/** A GenAI log record as the span event the mappers already read, with its approximate size in characters. */
export interface HeldLogEvent {
  readonly event: SpanEventData;
  readonly size: number;
}

/** The record's GenAI event name, or `undefined` when it is not one of ours. */
export function genaiEventNameOf(record: LogRecordLike): string | undefined {
  const name = record.eventName ?? record.attributes?.[EVENT_NAME_ATTRIBUTE];
  return typeof name === 'string' && GENAI_LOG_EVENT_NAMES.has(name) ? name : undefined;
}

/**
 * Present a GenAI log record as a span event: the mappers already understand these events on spans
 * (`genai-legacy` the per-message ones, `genai` the details event). The record's body fields (where
 * the per-message events keep `content`, `tool_calls`, `message`) become attributes beside the
 * record's own; nested values, legal in logs but not in span attributes, become JSON text, which is
 * how the mappers expect them.
 */
export function toSpanEvent(record: LogRecordLike, name: string): HeldLogEvent {
  const attributes: Attributes = {};
  let size = 0;
  const put = (key: string, raw: unknown) => {
    const value = toAttributeValue(raw);
    if (value === undefined) return;
    attributes[key] = value;
    size += key.length + sizeOf(value);
  };
  const own = record.attributes;
  if (own) for (const key of Object.keys(own)) if (key !== EVENT_NAME_ATTRIBUTE) put(key, own[key]);
  const body = record.body;
  if (isPlainRecord(body)) for (const key of Object.keys(body)) put(key, body[key]);
  else if (body !== undefined && body !== null) put('content', body);
  const event: SpanEventData = record.hrTime ? { name, time: record.hrTime, attributes } : { name, attributes };
  return { event, size };
}

/**
 * One details event per span: `@opentelemetry/instrumentation-openai` emits its input messages and
 * each output item as separate records. Message arrays are concatenated; other keys: first wins.
 */
export function mergeDetailsEvents(events: readonly SpanEventData[]): SpanEventData[] {
  const details = events.filter((e) => e.name === GENAI.EVENT_OPERATION_DETAILS);
  if (details.length < 2) return [...events];
  const merged: Attributes = {};
  for (const event of details) {
    for (const [key, value] of Object.entries(event.attributes ?? {})) {
      const previous = merged[key];
      if (previous === undefined) merged[key] = value;
      else if (MESSAGE_ARRAYS.has(key)) merged[key] = concatJsonArrays(previous, value);
    }
  }
  const first = details[0] as SpanEventData;
  const combined: SpanEventData = first.time ? { name: first.name, time: first.time, attributes: merged } : { name: first.name, attributes: merged };
  return [...events.filter((e) => e.name !== GENAI.EVENT_OPERATION_DETAILS), combined];
}

const MESSAGE_ARRAYS = new Set<string>([GENAI.INPUT_MESSAGES, GENAI.OUTPUT_MESSAGES]);

function concatJsonArrays(a: AttributeValue, b: AttributeValue | undefined): AttributeValue {
  const left = parseArray(a);
  const right = b === undefined ? [] : parseArray(b);
  if (!left || !right) return a;
  return stringifySafely([...left, ...right]) ?? a;
}

function parseArray(value: AttributeValue): unknown[] | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Primitives and arrays of one primitive type stay as they are; anything else becomes JSON text. */
function toAttributeValue(value: unknown): AttributeValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (Array.isArray(value) && isHomogeneousPrimitiveArray(value)) return value as AttributeValue;
  if (value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  return stringifySafely(value);
}

function isHomogeneousPrimitiveArray(values: unknown[]): boolean {
  if (values.length === 0) return true;
  const type = typeof values[0];
  if (type !== 'string' && type !== 'number' && type !== 'boolean') return false;
  return values.every((v) => typeof v === type);
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

function sizeOf(value: AttributeValue): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return value.reduce<number>((n, v) => n + (typeof v === 'string' ? v.length : 8), 0);
  return 8;
}
