// Character classes on UTF-16 code units, for the hand-written candidate finders (no regex
// backtracking, one look per character).

export const isDigit = (c: number): boolean => c >= 48 && c <= 57;
export const isUpper = (c: number): boolean => c >= 65 && c <= 90;
export const isLower = (c: number): boolean => c >= 97 && c <= 122;
export const isAsciiLetter = (c: number): boolean => isUpper(c) || isLower(c);
export const isAsciiAlnum = (c: number): boolean => isDigit(c) || isUpper(c) || isLower(c);
export const isHexDigit = (c: number): boolean => isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
export const isLowerHex = (c: number): boolean => isDigit(c) || (c >= 97 && c <= 102);
/** `[A-Za-z0-9_-]`: base64url, and the body of most issuer tokens. */
export const isTokenChar = (c: number): boolean => isAsciiAlnum(c) || c === 95 || c === 45;
/** `[A-Za-z0-9+/]`: standard base64. */
export const isBase64Char = (c: number): boolean => isAsciiAlnum(c) || c === 43 || c === 47;

/**
 * `text.indexOf(literal, from)`, searching for the literal's character at `rare` first. A search
 * stops at every occurrence of the needle's first character: `eyJ` stops at every `e` of a prose
 * text, its `J` almost nowhere.
 */
export function indexOfLiteral(text: string, literal: string, rare: number, from = 0): number {
  const key = literal.charCodeAt(rare);
  const keyChar = literal[rare] as string;
  for (let at = text.indexOf(keyChar, from + rare); at !== -1; at = text.indexOf(keyChar, at + 1)) {
    if (text.charCodeAt(at) === key && text.startsWith(literal, at - rare)) return at - rare;
  }
  return -1;
}

/** The code unit at `i`, or -1 outside the string (so boundary checks need no length test). */
export function codeAt(text: string, i: number): number {
  return i >= 0 && i < text.length ? text.charCodeAt(i) : -1;
}

/** The end of the run of characters of `cls` starting at `from`, looking at no more than `max` characters. */
export function runEnd(text: string, from: number, cls: (c: number) => boolean, max = Number.POSITIVE_INFINITY): number {
  const limit = Math.min(text.length, from + max);
  let i = from;
  while (i < limit && cls(text.charCodeAt(i))) i++;
  return i;
}

/** Count of distinct characters, for placeholder checks (`AKIAXXXXXXXXXXXXXXXX`). */
export function distinctChars(s: string): number {
  return new Set(s).size;
}
