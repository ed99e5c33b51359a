import { isAsciiAlnum, isDigit } from '../text-classes.js';
import type { DetectionRule } from './rule.js';

const MAX_LOCAL = 64;
const MAX_DOMAIN = 255;

/**
 * A coarse script of a letter, so an address does not extend across a script change: in
 * `邮箱wang@corp.cn` the local part is `wang`, in `kakao.com이고` the domain ends at `.com`.
 * Digits and address punctuation have no script (`'neutral'`).
 */
function scriptOf(c: number): string | undefined {
  if (isDigit(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45) return 'neutral';
  if (isAsciiAlnum(c)) return 'latin';
  if (c < 0xc0) return undefined;
  if (c <= 0x24f || (c >= 0x1e00 && c <= 0x1eff)) return c === 0xd7 || c === 0xf7 ? undefined : 'latin';
  if (c >= 0x370 && c <= 0x3ff) return 'greek';
  if (c >= 0x400 && c <= 0x52f) return 'cyrillic';
  if (c >= 0x590 && c <= 0x5ff) return 'hebrew';
  if (c >= 0x600 && c <= 0x6ff) return 'arabic';
  if (c >= 0x900 && c <= 0x97f) return 'devanagari';
  if (c >= 0xe00 && c <= 0xe7f) return 'thai';
  if (c >= 0x3040 && c <= 0x30ff) return 'kana';
  if ((c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff)) return 'han';
  if ((c >= 0xac00 && c <= 0xd7af) || (c >= 0x1100 && c <= 0x11ff) || (c >= 0x3130 && c <= 0x318f)) return 'hangul';
  // Other letters (by the Unicode letter class), but no CJK punctuation or symbols.
  if (c >= 0x3000 && c <= 0x303f) return undefined;
  if (c >= 0xff00 && c <= 0xffef) return undefined;
  return LETTER.test(String.fromCharCode(c)) ? 'other' : undefined;
}

const LETTER = /^[\p{L}\p{N}]$/u;

/**
 * Email addresses, found from the `@` outwards (searching for `@` first costs nothing on text
 * without one; a "local part first" regex re-scans up to 64 characters at every position).
 */
export const emailRule: DetectionRule = {
  entityType: 'EMAIL_ADDRESS',
  category: 'email',
  specificity: 3,
  find(ctx, emit) {
    const text = ctx.text;
    let at = text.indexOf('@');
    let floor = 0; // the local part never reaches back past the previous address
    while (at !== -1) {
      const start = localPartStart(text, at, floor);
      const end = start === undefined ? undefined : domainEnd(text, at + 1);
      if (start !== undefined && end !== undefined) {
        emit(start, end);
        floor = end;
        at = text.indexOf('@', end);
      } else {
        floor = at + 1;
        at = text.indexOf('@', at + 1);
      }
    }
  },
};

function localPartStart(text: string, at: number, floor: number): number | undefined {
  let i = at;
  let script = 'neutral';
  const limit = Math.max(floor, at - MAX_LOCAL - 1);
  while (i > limit) {
    const s = scriptOf(text.charCodeAt(i - 1));
    if (s === undefined) break;
    if (s !== 'neutral') {
      if (script === 'neutral') script = s;
      else if (s !== script) break;
    }
    i--;
  }
  // Longer than any local part: not an address (a token, a path).
  if (i === limit && limit > floor && scriptOf(text.charCodeAt(i - 1)) !== undefined) return undefined;
  // Punctuation cannot open a local part.
  while (i < at && isLeadingPunctuation(text.charCodeAt(i))) i++;
  if (i === at || text.charCodeAt(at - 1) === 46) return undefined;
  // Only a local part right after `:` or `/` can be a URL's credentials (cheap test first).
  const before = i > 0 ? text.charCodeAt(i - 1) : -1;
  if ((before === 58 || before === 47) && isUrlUserinfo(text, i)) return undefined;
  return i;
}

/**
 * `https://user:secret@host`: the part before `@` is a URL's credentials, not a mailbox (a token
 * there is found by its own rule). `mailto:ana@corp.es` is still an address.
 */
function isUrlUserinfo(text: string, localStart: number): boolean {
  // Look back 300 characters at most: a search over the whole text at every `@` would be quadratic.
  const from = Math.max(0, localStart - 300);
  const found = text.slice(from, localStart).lastIndexOf('://');
  if (found === -1) return false;
  const scheme = from + found;
  for (let i = scheme + 3; i < localStart; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 9 || c === 47 || c === 34 || c === 39 || c === 64) return false;
  }
  return true;
}

const isLeadingPunctuation = (c: number): boolean => c === 46 || c === 43 || c === 45 || c === 95 || c === 37;

/** The end of a domain `label(.label)+` with a letter TLD, starting at `from`, or `undefined`. */
function domainEnd(text: string, from: number): number | undefined {
  const n = Math.min(text.length, from + MAX_DOMAIN);
  let i = from;
  let labels = 0;
  let lastLabelStart = from;
  let lastLabelEnd = from;
  for (;;) {
    const labelStart = i;
    let script = 'neutral';
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 46 || c === 95 || c === 37 || c === 43) break;
      const s = scriptOf(c);
      if (s === undefined) break;
      if (s !== 'neutral') {
        if (script === 'neutral') script = s;
        else if (s !== script) break;
      }
      i++;
    }
    if (i === labelStart) break;
    labels++;
    lastLabelStart = labelStart;
    lastLabelEnd = i;
    if (i < n && text.charCodeAt(i) === 46 && i + 1 < n && scriptOf(text.charCodeAt(i + 1)) !== undefined && !isLeadingPunctuation(text.charCodeAt(i + 1))) {
      // A label may not continue in another script right after the dot either (`.com이고` ends at `com`).
      i++;
      continue;
    }
    break;
  }
  if (labels < 2) return undefined;
  // The TLD is letters: a hyphen or digit ends it (`corp.es-----BEGIN` → `corp.es`).
  let tldEnd = lastLabelStart;
  while (tldEnd < lastLabelEnd && isLetters(text[tldEnd] as string)) tldEnd++;
  if (tldEnd - lastLabelStart < 2) return undefined;
  lastLabelEnd = tldEnd;
  // `logo@2x.png`, `icon@1.5x.webp`: a pixel-density suffix, not a domain.
  if (/^\d+(?:\.\d+)?x\./.test(text.slice(from, Math.min(lastLabelEnd, from + 12)))) return undefined;
  return lastLabelEnd;
}

function isLetters(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c) || c === 45) return false;
  }
  return true;
}
