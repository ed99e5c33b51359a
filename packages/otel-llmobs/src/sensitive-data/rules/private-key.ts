import type { DetectionRule } from './rule.js';

const BEGIN = '-----BEGIN ';
const DASHES = '-----';
/** How far the END line may be from the BEGIN line. */
const MAX_BLOCK = 16 * 1024;


/**
 * PEM private keys: `-----BEGIN … PRIVATE KEY-----` through the matching END line, with real
 * newlines or JSON-escaped `\n` in between, found with `indexOf` on the markers (no regex).
 * Certificates and public keys are not secrets. A block whose END line is missing (cut output)
 * is redacted from BEGIN through its base64 body: key material without an END is still a key.
 */
export const privateKeyRule: DetectionRule = {
  entityType: 'PRIVATE_KEY',
  category: 'secret',
  specificity: 3,
  find(ctx, emit) {
    const text = ctx.text;
    // END positions already searched for, per label, so a text of many BEGINs without END stays linear.
    const endSearch = new Map<string, { from: number; at: number }>();
    let at = text.indexOf(BEGIN);
    while (at !== -1) {
      const labelStart = at + BEGIN.length;
      const labelEnd = text.indexOf(DASHES, labelStart);
      const label = labelEnd === -1 || labelEnd - labelStart > 40 ? undefined : text.slice(labelStart, labelEnd);
      if (label === undefined || !/^[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?$/.test(label)) {
        at = text.indexOf(BEGIN, labelStart);
        continue;
      }
      const headerEnd = labelEnd + DASHES.length;
      const endMarker = `-----END ${label}-----`;
      let known = endSearch.get(label);
      if (!known || (known.at !== -1 && known.at < headerEnd)) {
        known = { from: headerEnd, at: text.indexOf(endMarker, headerEnd) };
        endSearch.set(label, known);
      }
      let end: number;
      if (known.at !== -1 && known.at - at <= MAX_BLOCK) end = known.at + endMarker.length;
      else {
        end = headerEnd;
        while (end < text.length && end - at < MAX_BLOCK && isPemBodyChar(text.charCodeAt(end))) end++;
      }
      emit(at, end);
      at = text.indexOf(BEGIN, end);
    }
  },
};

/**
 * Base64, whitespace, the `\n` escapes of a JSON-encoded block, and the `-` `.` `_` `:` that glue
 * a cut block to what follows: stopping inside such a token would leave its tail looking like a
 * value of its own (`…KEY-----glpat-192.168.0.1` → `[REDACTED]-192.168.0.1`, an IP a second scan
 * finds), so the redaction takes the whole token (fail closed).
 */
function isPemBodyChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    c === 43 || c === 47 || c === 61 || c === 32 || c === 10 || c === 13 || c === 92 || c === 9 ||
    c === 45 || c === 46 || c === 95 || c === 58
  );
}

