// OTLP `AnyValue` → OpenTelemetry attribute values. OTLP can nest maps and arrays; span attributes
// in the OTel API are primitives or arrays of primitives. What the API cannot hold (a map, an array
// of arrays, bytes) becomes JSON text (bytes: base64), which our mappers parse where they expect
// structure. An empty `AnyValue` (OTLP's null) drops the attribute.
import type { Attributes, AttributeValue } from '@opentelemetry/api';
import { setOwn } from './otlp-model.js';

/** A decoded `AnyValue`: `undefined` for an empty one, a `Uint8Array` for bytes, a plain object for a kvlist. */
export type AnyValue = string | number | boolean | Uint8Array | AnyValue[] | { [key: string]: AnyValue } | undefined;

export function toAttributeValue(value: AnyValue): AttributeValue | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) return value as AttributeValue;
    return JSON.stringify(value, jsonReplacer);
  }
  return JSON.stringify(value, jsonReplacer);
}

function jsonReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return value === undefined ? null : value;
}

/** Adds one decoded key/value to `attributes` (last one wins on a repeated key). */
export function addAttribute(attributes: Attributes, key: string, value: AnyValue): void {
  const converted = toAttributeValue(value);
  if (converted !== undefined) setOwn(attributes, key, converted);
}

/** A kvlist's entries as a plain object (own properties only, `__proto__` included as data). */
export function kvListObject(entries: ReadonlyArray<[string, AnyValue]>): { [key: string]: AnyValue } {
  const out: { [key: string]: AnyValue } = {};
  for (const [key, value] of entries) setOwn(out, key, value);
  return out;
}
