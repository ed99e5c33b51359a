// Proximity keywords (spec §2, after dd-sds): a keyword counts when it occurs in the 30 characters
// before a match, or in the key path of the value (`{"ssn": "…"}`). Both sides are normalized the
// same way so that `DD_API_KEY`, `dd-api-key`, `SecretAccessKey` and `secret access key` meet:
// camelCase split, lower case, and `-_./` read as spaces (dd-sds' "word links").

/** How far before a match keywords are looked for (dd-sds' default look-ahead). */
export const KEYWORD_WINDOW = 30;

export function normalizeForKeywords(s: string): string {
  let out = '';
  let prev = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 45 || c === 95 || c === 46 || c === 47 || c === 9 || c === 10 || c === 13) out += ' ';
    else if (c >= 65 && c <= 90) {
      // camelCase boundary: a lower-case letter or digit followed by an upper-case one.
      if ((prev >= 97 && prev <= 122) || (prev >= 48 && prev <= 57)) out += ' ';
      out += String.fromCharCode(c + 32);
    } else out += s[i];
    prev = c;
  }
  return out;
}

/** A compiled keyword list: literals only (no regex), matched at a word start. */
export interface KeywordSet {
  /** Whether a keyword occurs in `normalized` (text already passed through `normalizeForKeywords`). */
  test(normalized: string): boolean;
}

export function keywordSet(words: readonly string[]): KeywordSet {
  const normalized = words.map((w) => normalizeForKeywords(w).trim()).filter((w) => w !== '');
  if (normalized.length === 0) return { test: () => false };
  // One alternation of literals (escaped: keywords are never patterns) looked for once per window,
  // instead of one `indexOf` per keyword: a window is tested for every number a rule looks at.
  const pattern = new RegExp(normalized.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  return {
    test(text: string): boolean {
      pattern.lastIndex = 0;
      for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
        const at = m.index;
        // ASCII keywords start a word ("tel" is not in "hotel"); CJK keywords stand anywhere.
        if (at === 0 || !isWordChar(text.charCodeAt(at)) || !isWordChar(text.charCodeAt(at - 1))) return true;
        // Another keyword may start inside this one, at a word start: look again from the next character.
        pattern.lastIndex = at + 1;
      }
      return false;
    },
  };
}

const isWordChar = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);

/**
 * Where a rule looks for its keywords: the window before a match (normalized lazily, once per
 * window start) and the key path of the value being scanned.
 */
export class KeywordContext {
  readonly #text: string;
  readonly #path: string;
  #lastStart = -1;
  #lastWindow = '';

  constructor(text: string, normalizedPath: string) {
    this.#text = text;
    this.#path = normalizedPath;
  }

  /**
   * A keyword of `set` in the key path or in the 30 characters before `start`; `from` cuts the
   * window where something else begins (a keyword before another number belongs to that number).
   */
  near(set: KeywordSet, start: number, from = 0): boolean {
    return this.inPath(set) || this.inWindow(set, start, from);
  }

  /**
   * The positions whose window before them some rule read (keywords, or a prefix such as
   * `Authorization:`): a replacement inside such a window changes what the rule would read there.
   */
  readonly consulted: number[] = [];

  /** Notes a read of the 30 characters before `start` made without a keyword set (`Authorization: Bearer`). */
  consult(start: number): void {
    this.consulted.push(start);
  }

  /** A keyword of `set` in the 30 characters before `start` (not before `from`), the key path aside. */
  inWindow(set: KeywordSet, start: number, from = 0): boolean {
    this.consulted.push(start);
    if (from > start - KEYWORD_WINDOW) return set.test(normalizeForKeywords(this.#text.slice(from, start)));
    return set.test(this.windowBefore(start));
  }

  inPath(set: KeywordSet): boolean {
    return this.#path !== '' && set.test(this.#path);
  }

  windowBefore(start: number): string {
    if (start !== this.#lastStart) {
      this.#lastStart = start;
      this.#lastWindow = normalizeForKeywords(this.#text.slice(Math.max(0, start - KEYWORD_WINDOW), start));
    }
    return this.#lastWindow;
  }
}
