import { toAsciiJson } from './json-ascii.js';
import { stringifySafely } from '../internal/safe-json.js';
import type { SpanEvent } from './encode-span-event.js';

/** 5 MiB: the intake's limit for one event and for one request body (spec §4). */
export const MAX_PAYLOAD_BYTES = 5 * 1024 * 1024;

export const DROPPED_IO_COLLECTION_ERROR = 'dropped_io';
export const DROPPED_VALUE_TEXT = "[This value has been dropped because this span's size exceeds the 5MB size limit.]";

export interface EncodedEnvelope {
  /** `{"_dd.stage":"raw",…,"spans":[<event>]}`, ASCII-escaped: its length is its size in bytes. */
  json: string;
  /** The event's input and output were replaced because it was too large. */
  truncated: boolean;
}

/** Everything of the envelope but the event, computed once per tracer version. */
export function envelopeParts(tracerVersion: string): { prefix: string; suffix: string } {
  return {
    prefix: `{"_dd.stage":"raw","_dd.tracer_version":${JSON.stringify(tracerVersion)},"event_type":"span","spans":[`,
    suffix: ']}',
  };
}

/**
 * Serialize one span event inside its one-span envelope. An event over 5 MiB (UTF-8 bytes of its
 * JSON before escaping, as dd-trace measures) keeps everything but its I/O, which is replaced by
 * dd-trace's placeholder, with `dropped_io` in `collection_errors`. We also truncate when the
 * *escaped* envelope would not fit in a request on its own (heavily non-ASCII text grows up to
 * 3× when escaped): otherwise it could never be delivered. Returns `undefined` when even the
 * truncated event is too large (huge metadata, say): the caller counts it as dropped.
 */
export function encodeEnvelope(
  event: SpanEvent,
  parts: { prefix: string; suffix: string },
  maxBytes: number = MAX_PAYLOAD_BYTES,
): EncodedEnvelope | undefined {
  const first = toAsciiJson(stringifySafely(event));
  // `[` + envelope + `]`: the smallest request that can carry it.
  const fits = (ascii: string): boolean => parts.prefix.length + ascii.length + parts.suffix.length + 2 <= maxBytes;
  if (first.utf8Bytes <= maxBytes && fits(first.ascii)) {
    return { json: parts.prefix + first.ascii + parts.suffix, truncated: false };
  }
  const truncated = truncateIO(event);
  const second = toAsciiJson(stringifySafely(truncated));
  if (second.utf8Bytes <= maxBytes && fits(second.ascii)) {
    return { json: parts.prefix + second.ascii + parts.suffix, truncated: true };
  }
  return undefined;
}

/** Spec §4 / golden k-oversize: same event, I/O replaced, `dropped_io` appended (key stays last). */
export function truncateIO(event: SpanEvent): SpanEvent {
  return {
    ...event,
    meta: { ...event.meta, input: { value: DROPPED_VALUE_TEXT }, output: { value: DROPPED_VALUE_TEXT } },
    collection_errors: [...(event.collection_errors ?? []), DROPPED_IO_COLLECTION_ERROR],
  };
}

/** A request body: the JSON array of envelopes. */
export function joinEnvelopes(envelopes: readonly string[]): string {
  return `[${envelopes.join(',')}]`;
}
