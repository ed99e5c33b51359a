// What the sensitive-data scanner left on a span: its reporting tags (entity types and counts, never
// the matched text) and the placeholders that replaced the values in the text
// (`[REDACTED:EMAIL_ADDRESS]`, `[HASH:IP_ADDRESS:3f9a1c0e5b7d2a41]`). Pure: components.ts marks them.

/** The scanner's default placeholders (a custom `placeholder` option is not recognized). */
const PLACEHOLDER = /\[(REDACTED|HASH):([A-Z][A-Z0-9_]*)(?::[0-9a-f]{4,64})?\]/g;

export interface Placeholder {
  text: string;
  entityType: string;
  hashed: boolean;
}

/** `text` cut into plain runs and placeholders; the text itself when it holds none. */
export function splitRedactions(text: string): string | (string | Placeholder)[] {
  if (!text.includes('[REDACTED:') && !text.includes('[HASH:')) return text;
  const out: (string | Placeholder)[] = [];
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push({ text: m[0], entityType: m[2] ?? '', hashed: m[1] === 'HASH' });
    last = m.index + m[0].length;
  }
  if (out.length === 0) return text;
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** Placeholders per entity type in a text. */
export function countPlaceholders(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of text.matchAll(PLACEHOLDER)) counts.set(m[2] ?? '', (counts.get(m[2] ?? '') ?? 0) + 1);
  return counts;
}

export interface SensitiveDataTags {
  /** `redacted` (something was changed) or `detected` (report-only matches). */
  action: string;
  /** Lower-case entity types, as tagged. */
  entities: string[];
  /** Matches on the span (the `sensitive_data.count` tag), when present. */
  count: number | undefined;
}

/** The span's `sensitive_data*` tags, or undefined when the scanner reported nothing. */
export function sensitiveDataTags(tags: readonly string[]): SensitiveDataTags | undefined {
  let action: string | undefined;
  let count: number | undefined;
  const entities: string[] = [];
  for (const tag of tags) {
    if (tag.startsWith('sensitive_data:')) action = tag.slice('sensitive_data:'.length);
    else if (tag.startsWith('sensitive_data.entity:')) entities.push(tag.slice('sensitive_data.entity:'.length));
    else if (tag.startsWith('sensitive_data.count:')) {
      const n = Number(tag.slice('sensitive_data.count:'.length));
      if (Number.isFinite(n)) count = n;
    }
  }
  if (action === undefined && entities.length === 0) return undefined;
  return { action: action ?? 'detected', entities: entities.sort(), count };
}
