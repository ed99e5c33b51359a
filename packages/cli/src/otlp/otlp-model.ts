// The OTLP trace request as the receiver hands it on, whatever it arrived as (protobuf or JSON):
// ids as lowercase hex, times as bigint nanoseconds, attributes already in OpenTelemetry's
// `Attributes` shape (primitives and arrays of primitives; maps and nested arrays as JSON text).
import type { Attributes } from '@opentelemetry/api';

export interface OtlpEvent {
  timeUnixNano: bigint;
  name: string;
  attributes: Attributes;
  droppedAttributesCount: number;
}

export interface OtlpLink {
  traceId: string;
  spanId: string;
  traceState?: string;
  attributes: Attributes;
  droppedAttributesCount: number;
  flags?: number;
}

export interface OtlpSpan {
  /** 32 lowercase hex digits, not all zero. */
  traceId: string;
  /** 16 lowercase hex digits, not all zero. */
  spanId: string;
  parentSpanId?: string;
  traceState?: string;
  name: string;
  /** OTLP `SpanKind`: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: Attributes;
  droppedAttributesCount: number;
  events: OtlpEvent[];
  droppedEventsCount: number;
  links: OtlpLink[];
  droppedLinksCount: number;
  /** `code`: 0 unset, 1 ok, 2 error. */
  status: { code: number; message?: string };
  /** Low 8 bits: W3C trace flags; 0x100: the parent's remoteness is known; 0x200: the parent is remote. */
  flags?: number;
}

export interface OtlpScope {
  name: string;
  version?: string;
  attributes: Attributes;
}

export interface OtlpScopeSpans {
  scope: OtlpScope;
  spans: OtlpSpan[];
  schemaUrl?: string;
}

export interface OtlpResourceSpans {
  resource: { attributes: Attributes; droppedAttributesCount: number };
  scopeSpans: OtlpScopeSpans[];
  schemaUrl?: string;
}

export interface OtlpTraceRequest {
  resourceSpans: OtlpResourceSpans[];
}

/** A decoded request, and the spans left out of it because they cannot be processed (bad ids). */
export interface DecodedTraceRequest {
  request: OtlpTraceRequest;
  rejectedSpans: number;
  /** Why spans were rejected (the first reasons), for the response's `partial_success.error_message`. */
  rejections: string[];
}

/** The body is not a valid OTLP trace request: answered 400 with this message. */
export class OtlpDecodeError extends Error {
  override readonly name = 'OtlpDecodeError';
}

export const SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE = 0x100;
export const SPAN_FLAGS_CONTEXT_IS_REMOTE = 0x200;

/** Nesting allowed in attribute values (arrays in maps in arrays…): deeper bodies are refused, not recursed into. */
export const MAX_VALUE_DEPTH = 32;

/**
 * Resource and scope entries per request, at most. In protobuf an empty entry costs two bytes and
 * decodes to an object of a hundred: a 16 MiB body of them must be refused, not built.
 */
export const MAX_ENTRIES_PER_REQUEST = 10_000;

/** Events and links kept per span (the SDKs' own default limit is 128); the rest are counted as dropped. */
export const MAX_EVENTS_PER_SPAN = 1_000;
export const MAX_LINKS_PER_SPAN = 1_000;

/** Counts resource and scope entries as they are decoded; throws past `MAX_ENTRIES_PER_REQUEST`. */
export function countEntry(counter: { entries: number }): void {
  if (++counter.entries > MAX_ENTRIES_PER_REQUEST) {
    throw new OtlpDecodeError(`more than ${MAX_ENTRIES_PER_REQUEST} resource and scope entries in one request: split it`);
  }
}

/** How many rejection reasons a response quotes. */
const MAX_REJECTION_REASONS = 5;

/** Counts a span left out of `out`, and keeps the reason when there are not too many already. */
export function rejectSpan(out: DecodedTraceRequest, reason: string): void {
  out.rejectedSpans++;
  if (out.rejections.length < MAX_REJECTION_REASONS) out.rejections.push(reason);
}

export function countSpans(request: OtlpTraceRequest): number {
  let n = 0;
  for (const rs of request.resourceSpans) for (const ss of rs.scopeSpans) n += ss.spans.length;
  return n;
}

/** Sets `key` on `target` as an own property, even `__proto__` (which plain assignment would turn into a prototype change). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);

/** Why a span's ids make it unusable, or `undefined`. */
export function idProblem(traceId: string, spanId: string): string | undefined {
  if (!/^[0-9a-f]{32}$/.test(traceId) || traceId === ZERO_TRACE_ID) return `invalid trace_id ${JSON.stringify(traceId.slice(0, 40))}`;
  if (!/^[0-9a-f]{16}$/.test(spanId) || spanId === ZERO_SPAN_ID) return `invalid span_id ${JSON.stringify(spanId.slice(0, 40))}`;
  return undefined;
}
