import { isAsciiAlnum, isDigit } from '../text-classes.js';

/**
 * A maximal run of digit groups joined by separators: `4539 1488 0343 6467`, `+1 (303) 884-4298`,
 * `10.0.0.1`. Card, phone, SSN and IPv4 rules read these instead of each scanning for digits, and
 * because a sequence is maximal, a number inside a longer digit-group run (a tracking number, an
 * ISBN, an OID) is never taken for a shorter one.
 */
export interface DigitSequence {
  start: number;
  end: number;
  /** [start, end) of each group of digits. */
  groups: Array<[number, number]>;
  /** The separator before each group but the first (`' '`, `'-'`, `'.'`, or a form with parentheses: `') '`, `' ('`, `')'`…). */
  separators: string[];
  /** `'+'`, `'('`, `'+('` or `''`: what stands right before the first group. */
  lead: string;
}

const SPACE = 32;
const DASH = 45;
const DOT = 46;
const OPEN = 40;
const CLOSE = 41;
const PLUS = 43;
const UNDERSCORE = 95;
const isSingleSeparator = (c: number): boolean => c === SPACE || c === DASH || c === DOT;

/** The separator starting at `at` when a digit follows it, or `undefined`. */
function separatorAt(text: string, at: number): string | undefined {
  const c = text.charCodeAt(at);
  const next = at + 1 < text.length ? text.charCodeAt(at + 1) : -1;
  if (isSingleSeparator(c)) {
    if (isDigit(next)) return text[at];
    if (c === SPACE && next === OPEN && isDigit(charAt(text, at + 2))) return ' (';
    return undefined;
  }
  if (c === CLOSE) {
    if (isDigit(next)) return ')';
    if (isSingleSeparator(next) && isDigit(charAt(text, at + 2))) return `)${text[at + 1]}`;
    return undefined;
  }
  if (c === OPEN && isDigit(next)) return '(';
  return undefined;
}

const charAt = (text: string, i: number): number => (i < text.length ? text.charCodeAt(i) : -1);

/**
 * All digit sequences of `text`, left to right. A sequence touching a letter run (`15a3-4161`,
 * `v1.2.3.4`, `06T14`) or an identifier (`id_4111…`) is dropped: it is part of a longer token.
 */
export function findDigitSequences(text: string): DigitSequence[] {
  const out: DigitSequence[] = [];
  forEachDigitSequence(text, (seq) => out.push(seq));
  return out;
}

/**
 * Visits the digit sequences of `text` left to right without keeping them: each is garbage as
 * soon as the visitor returns. (Keeping tens of thousands for several rules to share costs more in
 * old-generation garbage collection than tokenizing the text again for each rule.)
 */
export function forEachDigitSequence(text: string, visit: (seq: DigitSequence) => void): void {
  const n = text.length;
  // To the next digit: a few characters by hand (digit-dense text: ids, base64), then a native
  // search (prose): `test` on a global regex moves `lastIndex` past the digit found and allocates
  // nothing (`exec` would allocate a match per run). Text without a digit costs that one search.
  let i = 0;
  while (i < n) {
    if (!isDigit(text.charCodeAt(i))) {
      const stop = Math.min(n, i + 16);
      do i++;
      while (i < stop && !isDigit(text.charCodeAt(i)));
      if (i < stop) continue;
      NEXT_DIGIT.lastIndex = i;
      if (!NEXT_DIGIT.test(text)) return;
      i = NEXT_DIGIT.lastIndex - 1;
    }
    // Digits glued to letters before them (`abc123`, `v2`) are part of a word: skip the word.
    if (i > 0 && isAsciiAlnum(text.charCodeAt(i - 1))) {
      while (i < n && isAsciiAlnum(text.charCodeAt(i))) i++;
      continue;
    }
    const before = i > 0 ? text.charCodeAt(i - 1) : -1;
    // Joined to a word before it by '-', '.', '_' or glued to it: part of that token.
    let tainted = before === UNDERSCORE || ((before === DASH || before === DOT) && isAsciiAlnum(charAt(text, i - 2)));
    let lead = '';
    let start = i;
    if (before === PLUS && !isAsciiAlnum(charAt(text, i - 2))) {
      lead = '+';
      start = i - 1;
    } else if (before === OPEN) {
      lead = charAt(text, i - 2) === PLUS ? '+(' : '(';
      start = i - lead.length;
    }
    const groups: Array<[number, number]> = [];
    const separators: string[] = [];
    let j = i;
    for (;;) {
      const groupStart = j;
      while (j < n && isDigit(text.charCodeAt(j))) j++;
      if (j < n && (isAsciiAlnum(text.charCodeAt(j)) || text.charCodeAt(j) === UNDERSCORE)) {
        tainted = true;
        while (j < n && (isAsciiAlnum(text.charCodeAt(j)) || text.charCodeAt(j) === UNDERSCORE)) j++;
        groups.push([groupStart, j]);
        break;
      }
      groups.push([groupStart, j]);
      if (j >= n) break;
      const sep = separatorAt(text, j);
      if (sep === undefined) {
        // '-' or '.' then a letter: joined to a word after it.
        const s = text.charCodeAt(j);
        if ((s === DASH || s === DOT) && isAsciiAlnum(charAt(text, j + 1))) tainted = true;
        break;
      }
      separators.push(sep);
      j += sep.length;
    }
    // A closing parenthesis right after the last group belongs to it: `(0)` trunk prefixes, `(312)`.
    let end = j;
    if (charAt(text, end) === CLOSE && lead.endsWith('(') && groups.length === 1) end++;
    if (!tainted) visit({ start, end, groups, separators, lead });
    i = Math.max(j, i + 1);
  }
}

const NEXT_DIGIT = /[0-9]/g;

/** The digits of the sequence, separators dropped. */
export function sequenceDigits(text: string, seq: DigitSequence): string {
  let s = '';
  for (const [a, b] of seq.groups) s += text.slice(a, b);
  return s;
}

export function groupLengths(seq: DigitSequence): number[] {
  return seq.groups.map(([a, b]) => b - a);
}

/** The start of the first group (after any `+`/`(` lead). */
export function firstDigit(seq: DigitSequence): number {
  return (seq.groups[0] as [number, number])[0];
}
