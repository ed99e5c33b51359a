/**
 * Is this text natural language a language detector can judge? Datadog does not flag structured
 * data, code or special characters, so a pair with such a side is skipped, never called a match.
 * (Spec §1.4; never treat `;` as code: it is the Greek question mark.)
 */
export function isNaturalLanguage(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed === '') return false;
  if (/^(```|https?:\/\/|\$ )/i.test(trimmed)) return false;
  if (parsesAsJson(trimmed)) return false;
  const visible = trimmed.replace(/\s+/gu, '');
  const letters = visible.match(/[\p{L}\p{M}]/gu)?.length ?? 0;
  if (letters < visible.length * 0.5) return false;
  const words = trimmed.split(/\s+/u).filter((w) => /\p{L}/u.test(w)).length;
  const cjk = trimmed.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu)?.length ?? 0;
  if (words < 2 && cjk < 2) return false;
  return !hasCodeSignal(trimmed);
}

function parsesAsJson(text: string): boolean {
  const first = text[0];
  // Only what JSON can start with; a sentence never parses anyway, this just saves the attempt.
  if (first !== '{' && first !== '[' && first !== '"' && first !== '-' && !(first !== undefined && first >= '0' && first <= '9') && text !== 'true' && text !== 'false' && text !== 'null') {
    return false;
  }
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const CODE_SIGNALS = [/[{}=]\s*$/m, /^\s*[A-Za-z_][\w.-]*\s*=\s*\S+\s*$/m, /^\s*return\b/m, /\bdef\s+\w+\s*\(/, /\bSELECT\b[\s\S]*\bFROM\b/, /\bfunction\s+\w*\s*\(/, /=>\s*[{(]/];

function hasCodeSignal(text: string): boolean {
  return CODE_SIGNALS.some((re) => re.test(text));
}
