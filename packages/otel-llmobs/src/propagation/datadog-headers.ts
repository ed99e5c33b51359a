/**
 * Parsing and writing of the two places dd-trace propagates `_dd.p.*` trace tags: the
 * `x-datadog-tags` header and the `dd=` member of W3C `tracestate`. Both keep every entry they do
 * not own, in order.
 */

const TAG_KEY = /^_dd\.p\.[\x21-\x2B\x2D-\x7E]+$/;
const TAG_VALUE = /^[\x20-\x2B\x2D-\x7E]*$/;

/** `x-datadog-tags` → ordered `[key, value]` entries; `undefined` when the header is malformed (dd-trace then ignores all of it). */
export function parseDatadogTags(header: string): Array<[string, string]> | undefined {
  const entries: Array<[string, string]> = [];
  if (header.trim() === '') return entries;
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    const key = (eq === -1 ? part : part.slice(0, eq)).trim();
    const value = eq === -1 ? '' : part.slice(eq + 1);
    if (!TAG_KEY.test(key) || !TAG_VALUE.test(value)) return undefined;
    entries.push([key, value]);
  }
  return entries;
}

export function serializeDatadogTags(entries: ReadonlyArray<readonly [string, string]>): string {
  return entries.map(([key, value]) => `${key}=${value}`).join(',');
}

/** W3C `tracestate` → list members (`key=value`), in order; invalid members are dropped. */
export function parseTracestate(header: string): Array<[string, string]> {
  const members: Array<[string, string]> = [];
  for (const raw of header.split(',')) {
    const member = raw.trim();
    if (member === '') continue;
    const eq = member.indexOf('=');
    if (eq <= 0) continue;
    const key = member.slice(0, eq);
    const value = member.slice(eq + 1);
    if (value === '' || /\s/.test(key)) continue;
    members.push([key, value]);
    if (members.length === 32) break;
  }
  return members;
}

export function serializeTracestate(members: ReadonlyArray<readonly [string, string]>): string {
  return members
    .slice(0, 32)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}

/** The `dd=` member's value → ordered `[key, value]` entries (`s:1;p:…;t.dm:-0`). */
export function parseDdMember(value: string): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  for (const part of value.split(';')) {
    const colon = part.indexOf(':');
    if (colon <= 0) continue;
    const key = part.slice(0, colon).trim();
    const entryValue = part.slice(colon + 1).trimEnd();
    if (key === '' || entryValue === '') continue;
    entries.push([key, entryValue]);
  }
  return entries;
}

export function serializeDdMember(entries: ReadonlyArray<readonly [string, string]>): string {
  return entries.map(([key, value]) => `${key}:${value}`).join(';');
}
