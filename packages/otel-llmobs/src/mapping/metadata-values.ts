import type { AttributeValue } from '@opentelemetry/api';
import type { TagValue } from '../conventions/model.js';
import { toValueString } from './values.js';

/**
 * Request parameters become metadata as scalars (spec conventions §9: "keep values scalar;
 * JSON-encode the rest"): strings, finite numbers, booleans and arrays of those pass through;
 * anything else is JSON-encoded.
 */
export function toScalarMetadata(value: unknown): unknown {
  if (isScalar(value)) return value;
  if (Array.isArray(value) && value.every(isScalar)) return value;
  return toValueString(value);
}

function isScalar(v: unknown): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

/** `maxOutputTokens` → `max_output_tokens`. */
export function camelToSnake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * Keys copied from the instrumented app (metadata, tags, settings) go through `obj[key] = value`,
 * which for `__proto__` would replace the object's prototype instead of adding a key: skip it.
 */
export function isCopyableKey(key: string): boolean {
  return key !== '' && key !== '__proto__';
}

/** An attribute copied as a tag: a string, or a list of strings (one `key:value` tag each); `undefined` when empty. */
export function toTagValue(value: AttributeValue): TagValue | undefined {
  if (Array.isArray(value)) {
    const items = value.filter((x) => x !== null && x !== undefined).map(String);
    return items.length > 0 ? items : undefined;
  }
  const text = String(value);
  return text === '' ? undefined : text;
}
