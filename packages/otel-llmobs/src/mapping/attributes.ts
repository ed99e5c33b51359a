import type { Attributes, AttributeValue } from '@opentelemetry/api';
import { errorMessage } from '../internal/error-message.js';

/**
 * Defensive readers over OTel attributes. Instrumentations disagree on types (numbers as strings,
 * JSON in strings, arrays where scalars are expected); these accept what can be accepted and never
 * throw. `problems` collects what could not be read so that it becomes a collection error.
 */

export function readString(attrs: Attributes, key: string): string | undefined {
  const v = attrs[key];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** A string that is not empty (after trim). */
export function readNonEmpty(attrs: Attributes, key: string): string | undefined {
  const v = readString(attrs, key);
  return v !== undefined && v.trim() !== '' ? v : undefined;
}

/** First non-empty string among `keys`. */
export function readFirst(attrs: Attributes, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const v = readNonEmpty(attrs, key);
    if (v !== undefined) return v;
  }
  return undefined;
}

export function readNumber(attrs: Attributes, key: string): number | undefined {
  return toFiniteNumber(attrs[key]);
}

/** A token count: a finite number ≥ 0. A present value that is not one is reported and skipped. */
export function readCount(attrs: Attributes, key: string, problems: string[]): number | undefined {
  if (attrs[key] === undefined) return undefined;
  const n = readNumber(attrs, key);
  if (n !== undefined && n >= 0) return n;
  problems.push(`${key}: not a token count`);
  return undefined;
}

export function toFiniteNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** A string array; a lone string becomes a one-element array, a JSON array string is parsed. */
export function readStringArray(attrs: Attributes, key: string): string[] | undefined {
  const v: AttributeValue | undefined = attrs[key];
  if (Array.isArray(v)) {
    const out = v.filter((x): x is string | number | boolean => x !== null && x !== undefined).map(String);
    return out.length > 0 ? out : undefined;
  }
  if (typeof v === 'string') {
    if (v.startsWith('[')) {
      const parsed = tryParseJson(v);
      if (parsed.ok && Array.isArray(parsed.value)) return parsed.value.map((x) => (typeof x === 'string' ? x : jsonText(x)));
    }
    return v === '' ? undefined : [v];
  }
  return undefined;
}

/** JSON text of a parsed value; never throws (a value nested deeper than the stack allows cannot be re-encoded). */
function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return 'Unserializable value';
  }
}

type JsonResult = { ok: true; value: unknown } | { ok: false; error: string };

export function tryParseJson(text: string): JsonResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, error: errorMessage(e) };
  }
}

/**
 * Parse a JSON-valued attribute. Returns `undefined` when absent; when present but not JSON,
 * reports the problem and returns `undefined` (callers keep the raw string if they can use it).
 */
export function readJson(attrs: Attributes, key: string, problems?: string[]): unknown {
  const v = attrs[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') return v;
  if (v === '') return undefined;
  const parsed = tryParseJson(v);
  if (parsed.ok) return parsed.value;
  problems?.push(`${key}: invalid JSON (${parsed.error})`);
  return undefined;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Collect flattened, indexed attributes (`prefix.<i>.<rest>`) into an array of records keyed by
 * `<rest>`: `llm.input_messages.0.message.role` → `[{ 'message.role': … }]`. Indices may be sparse
 * or unordered; the result is ordered by index and skips holes.
 */
export function readIndexed(attrs: Attributes, prefix: string): Array<Record<string, AttributeValue>> {
  const dotted = prefix.endsWith('.') ? prefix : `${prefix}.`;
  const byIndex = new Map<number, Record<string, AttributeValue>>();
  for (const key in attrs) {
    if (!key.startsWith(dotted)) continue;
    const rest = key.slice(dotted.length);
    const dot = rest.indexOf('.');
    const indexText = dot === -1 ? rest : rest.slice(0, dot);
    if (!/^\d+$/.test(indexText)) continue;
    const value = attrs[key];
    if (value === undefined) continue;
    const index = Number(indexText);
    let entry = byIndex.get(index);
    if (!entry) {
      entry = {};
      byIndex.set(index, entry);
    }
    entry[dot === -1 ? '' : rest.slice(dot + 1)] = value;
  }
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, entry]) => entry);
}

/** Attributes under `prefix.` with the prefix removed (`traceloop.association.properties.x` → `x`). */
export function readPrefixed(attrs: Attributes, prefix: string): Record<string, AttributeValue> {
  const dotted = prefix.endsWith('.') ? prefix : `${prefix}.`;
  const out: Record<string, AttributeValue> = {};
  for (const key in attrs) {
    if (!key.startsWith(dotted)) continue;
    const value = attrs[key];
    if (value !== undefined) out[key.slice(dotted.length)] = value;
  }
  return out;
}

export function hasPrefix(attrs: Attributes, prefix: string): boolean {
  for (const key in attrs) if (key.startsWith(prefix)) return true;
  return false;
}
