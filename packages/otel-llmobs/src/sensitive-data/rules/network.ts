import { keywordSet } from '../keywords.js';
import { isAsciiAlnum, isHexDigit } from '../text-classes.js';
import type { DigitSequence } from './digit-sequences.js';
import type { DetectionRule, FindContext } from './rule.js';

/** Excluded keywords: a dotted quad after these is a version or a build, not an address. */
const VERSION_KEYWORDS = keywordSet([
  'version', 'versión', 'versao', 'ver', 'build', 'release', 'firmware', 'chrome', 'chromium', 'firefox', 'safari', 'edg', 'opera',
  'windows', 'android', 'ios', 'macos', 'oid', 'バージョン', '버전', '版本',
]);

/**
 * IP addresses: IPv4 dotted quads (each octet ≤ 255, not glued to a letter, `v` or another `.digit`:
 * the digit sequences make sure of that) and IPv6 (full, compressed, IPv4-mapped).
 */
export const ipAddressRule: DetectionRule = {
  entityType: 'IP_ADDRESS',
  category: 'ip_address',
  specificity: 2,
  find(ctx, emit) {
    ctx.eachDigitSequence((seq) => findIpv4(ctx, seq, emit));
    findIpv6(ctx, emit);
  },
};

/** Dotted quads inside one digit sequence: split where it is joined by something other than a dot (`10.0.0.1 10.0.0.2`). */
function findIpv4(ctx: FindContext, seq: DigitSequence, emit: (start: number, end: number) => void): void {
  if (seq.separators.length < 3) return;
  let from = 0;
  for (let k = 0; k <= seq.separators.length; k++) {
    const sep = seq.separators[k];
    if (sep === '.') continue;
    // groups[from..k] are joined by dots; a '-' or '(' join makes them part of something else.
    const joinedBefore = from > 0 ? (seq.separators[from - 1] as string) : ' ';
    const joinedAfter = sep ?? ' ';
    if (k - from === 3 && joinedBefore.trim() === '' && joinedAfter.trim() === '') {
      const start = (seq.groups[from] as [number, number])[0];
      const end = (seq.groups[k] as [number, number])[1];
      if (octetsValid(ctx.text, seq.groups.slice(from, k + 1)) && !ctx.keywords.near(VERSION_KEYWORDS, start)) emit(start, end);
    }
    from = k + 1;
  }
}

function octetsValid(text: string, groups: Array<[number, number]>): boolean {
  for (const [a, b] of groups) {
    if (b - a > 3) return false;
    if (Number(text.slice(a, b)) > 255) return false;
  }
  return true;
}

const COLON = 58;
const DOT = 46;
const isIpv6Char = (c: number): boolean => isHexDigit(c) || c === COLON || c === DOT;

function findIpv6(ctx: FindContext, emit: (start: number, end: number) => void): void {
  const text = ctx.text;
  let colon = text.indexOf(':');
  while (colon !== -1) {
    // The run of hex digits, colons and dots around this colon.
    let start = colon;
    while (start > 0 && isIpv6Char(text.charCodeAt(start - 1))) start--;
    let end = colon + 1;
    while (end < text.length && isIpv6Char(text.charCodeAt(end))) end++;
    // Trailing sentence punctuation is not part of the address.
    while (end > start && (text.charCodeAt(end - 1) === DOT || (text.charCodeAt(end - 1) === COLON && text.charCodeAt(end - 2) !== COLON))) end--;
    const glued =
      (start > 0 && (isAsciiAlnum(text.charCodeAt(start - 1)) || text.charCodeAt(start - 1) === 95)) ||
      (end < text.length && (isAsciiAlnum(text.charCodeAt(end)) || text.charCodeAt(end) === 95));
    if (!glued && end - start >= 6 && end - start <= 45 && isIpv6(text.slice(start, end))) emit(start, end);
    const next = text.indexOf(':', Math.max(end, colon + 1));
    colon = next;
  }
}

/** Full (8 groups), compressed (`::` once) and IPv4-mapped/embedded forms, with at least 3 groups written out. */
export function isIpv6(s: string): boolean {
  const double = s.indexOf('::');
  if (double !== -1 && s.indexOf('::', double + 1) !== -1) return false;
  let groups: string[];
  let ipv4Tail = false;
  const parts = double === -1 ? [s] : [s.slice(0, double), s.slice(double + 2)];
  const all: string[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const pieces = part.split(':');
    for (const piece of pieces) all.push(piece);
  }
  groups = all;
  const last = groups[groups.length - 1];
  if (last !== undefined && last.includes('.')) {
    if (!/^(?:\d{1,3}\.){3}\d{1,3}$/.test(last) || last.split('.').some((o) => Number(o) > 255)) return false;
    ipv4Tail = true;
    groups = groups.slice(0, -1);
  }
  if (groups.some((g) => g.length === 0 || g.length > 4 || g.includes('.'))) return false;
  const count = groups.length + (ipv4Tail ? 2 : 0);
  if (double === -1) return count === 8;
  if (count > 7) return false;
  // `a::b`, `1::2` (Python slices, C++ scopes): too little to be an address; `::ffff:1.2.3.4` is.
  return ipv4Tail || groups.length >= 3;
}
