import { decimalToSpanId, isDecimalSpanId, isHexSpanId, isHexTraceId, spanIdToDecimal } from '../internal/ids.js';

/**
 * Value encodings of the Datadog propagation headers, as dd-trace writes and reads them.
 *
 * - `x-datadog-tags`: `key=value` pairs joined by `,`; a value is printable ASCII except `,`
 *   (dd-trace rejects the whole header otherwise).
 * - `tracestate` `dd=` member: `key:value` pairs joined by `;`; a value is printable ASCII except
 *   `,` `;` `~` (replaced by `_`) and `=` (written `~`, read back as `=`).
 */

const TAG_VALUE_INVALID = /[^\x20-\x2B\x2D-\x7E]/g;
const TRACESTATE_VALUE_INVALID = /[^\x20-\x2B\x2D-\x3A\x3C-\x7D]/g;

/** A value that can travel in `x-datadog-tags`: characters it cannot carry become `_`. */
export function sanitizeTagValue(value: string): string {
  return value.replace(TAG_VALUE_INVALID, '_');
}

/** A value for a `t.*` entry of the `dd=` tracestate member. */
export function encodeTracestateValue(value: string): string {
  return value.replace(TRACESTATE_VALUE_INVALID, '_').replace(/=/g, '~');
}

export function decodeTracestateValue(value: string): string {
  return value.replace(/~/g, '=');
}

/** Span id (16 hex) → the decimal dd-trace propagates; `undefined` for an invalid id. */
export function spanIdToWire(spanId: string): string | undefined {
  return isHexSpanId(spanId) ? spanIdToDecimal(spanId) : undefined;
}

export function spanIdFromWire(value: string | undefined): string | undefined {
  if (value === undefined || !isDecimalSpanId(value) || value === '0') return undefined;
  return decimalToSpanId(value);
}

/** LLM Observability trace id (32 hex) → a decimal 128-bit integer, as dd-trace propagates it. */
export function traceIdToWire(traceId: string): string | undefined {
  if (!isHexTraceId(traceId)) return undefined;
  return BigInt(`0x${traceId}`).toString(10);
}

/**
 * A propagated LLM Observability trace id back to 32 hex: a decimal (dd-trace's wire form, any
 * size up to 128 bits) or 32 hex digits (older senders).
 */
export function traceIdFromWire(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (isHexTraceId(value) && !/^\d+$/.test(value)) return value.toLowerCase();
  if (!/^\d{1,39}$/.test(value)) return undefined;
  const n = BigInt(value);
  if (n === 0n || n >= 1n << 128n) return undefined;
  return n.toString(16).padStart(32, '0');
}
