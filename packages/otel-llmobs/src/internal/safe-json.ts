/**
 * `JSON.stringify` throws on circular structures and BigInt values. dd-trace replaces such values
 * with this text, and so do we, so that one bad metadata value never costs the whole span.
 */
export const UNSERIALIZABLE_VALUE_TEXT = 'Unserializable value';

/** `JSON.stringify(value)`, replacing circular references and BigInts instead of throwing. */
export function stringifySafely(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return JSON.stringify(sanitize(value, new Set(), 0));
  }
}

/** Deeper than this, a value is replaced: `JSON.stringify` itself overflows the stack on extreme nesting. */
const MAX_DEPTH = 256;

function sanitize(value: unknown, ancestors: Set<object>, depth: number): unknown {
  if (typeof value === 'bigint') return UNSERIALIZABLE_VALUE_TEXT;
  if (value === null || typeof value !== 'object') return value;
  if (ancestors.has(value) || depth > MAX_DEPTH) return UNSERIALIZABLE_VALUE_TEXT;
  let source: unknown = value;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    try {
      source = (toJSON as (key: string) => unknown).call(value, '');
    } catch {
      return UNSERIALIZABLE_VALUE_TEXT;
    }
    if (source === null || typeof source !== 'object') return sanitize(source, ancestors, depth);
  }
  ancestors.add(value);
  try {
    if (Array.isArray(source)) return source.map((item) => sanitize(item, ancestors, depth + 1));
    // Null prototype: a `__proto__` key stays data instead of becoming the prototype.
    const out = Object.create(null) as Record<string, unknown>;
    for (const key of Object.keys(source as object)) {
      let item: unknown;
      try {
        item = (source as Record<string, unknown>)[key];
      } catch {
        item = UNSERIALIZABLE_VALUE_TEXT; // a throwing getter
      }
      out[key] = sanitize(item, ancestors, depth + 1);
    }
    return out;
  } finally {
    ancestors.delete(value);
  }
}
