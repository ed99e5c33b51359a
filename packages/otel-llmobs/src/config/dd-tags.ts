/**
 * `DD_TAGS` as dd-trace reads it: `key:value` entries separated by commas (or, when there is no
 * comma, by spaces); the value is everything after the first `:`; an entry without `:` is a key
 * with an empty value. Order is kept, a repeated key keeps its first position and last value.
 */
export function parseDdTags(raw: string): Array<[string, string]> {
  const entries = raw.includes(',') ? raw.split(',') : raw.split(/\s+/);
  const tags = new Map<string, string>();
  for (const entry of entries) {
    const trimmed = entry.trim();
    if (trimmed === '') continue;
    const colon = trimmed.indexOf(':');
    const key = (colon === -1 ? trimmed : trimmed.slice(0, colon)).trim();
    const value = colon === -1 ? '' : trimmed.slice(colon + 1).trim();
    if (key !== '') tags.set(key, value);
  }
  return [...tags];
}
