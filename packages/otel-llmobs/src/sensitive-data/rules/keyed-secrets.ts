import { KEYWORD_WINDOW, keywordSet } from '../keywords.js';
import type { KeywordSet } from '../keywords.js';
import { isBase64Char, isLowerHex, isTokenChar } from '../text-classes.js';
import { shannonEntropy } from '../validators.js';
import type { DetectionRule, Emit, FindContext } from './rule.js';

/**
 * Secrets with no issuer prefix, recognised by their shape **and** a required keyword (in the 30
 * characters before, or in the key path): a 40-character AWS secret access key, a 32-hex Datadog
 * API key. Without the keyword they are indistinguishable from digests and ids.
 */
function keyedTokenRule(spec: {
  entityType: string;
  keywords: KeywordSet;
  /** The raw spellings of the keywords (any case, `-_. ` or nothing between words): where candidates are looked for. */
  anchor: RegExp;
  /** Literals one of which every raw spelling contains: a text with none of them skips the (case-insensitive, slower) anchor search. */
  gates: readonly string[];
  length: number;
  body: (c: number) => boolean;
  /** Characters that may not touch the token on either side (wider than `body`, so a longer run is not cut). */
  boundary: (c: number) => boolean;
  /** Characters that may not follow it (base64 padding). */
  boundaryAfter?: (c: number) => boolean;
  validate: (token: string) => boolean;
}): DetectionRule {
  const anchor = new RegExp(spec.anchor.source, 'gi');
  /** Tokens of the right length starting in [from, to), checked against their own keyword window. */
  const scan = (ctx: FindContext, from: number, to: number, emit: Emit): number => {
    const text = ctx.text;
    const n = text.length;
    let i = from;
    // Start at a run boundary, so a run that began before `from` is not cut.
    while (i > 0 && i < n && spec.body(text.charCodeAt(i - 1)) && spec.body(text.charCodeAt(i))) i++;
    while (i < to) {
      if (!spec.body(text.charCodeAt(i))) {
        i++;
        continue;
      }
      const start = i;
      while (i < n && spec.body(text.charCodeAt(i))) i++;
      if (i - start !== spec.length) continue;
      if (start > 0 && spec.boundary(text.charCodeAt(start - 1))) continue;
      if (i < n && (spec.boundary(text.charCodeAt(i)) || spec.boundaryAfter?.(text.charCodeAt(i)) === true)) continue;
      if (ctx.keywords.near(spec.keywords, start) && spec.validate(text.slice(start, i))) emit(start, i);
    }
    return i;
  };
  return {
    entityType: spec.entityType,
    category: 'secret',
    specificity: 1,
    find(ctx, emit) {
      const text = ctx.text;
      // A keyword in the key path: any token of the value may be the secret.
      if (ctx.keywords.inPath(spec.keywords)) {
        scan(ctx, 0, text.length, emit);
        return;
      }
      // Otherwise only tokens that start within the window after a keyword can be one.
      if (!spec.gates.some((g) => ctx.contains(g))) return;
      anchor.lastIndex = 0;
      let scanned = 0;
      for (let m = anchor.exec(text); m !== null; m = anchor.exec(text)) {
        // The window after the keyword was read: a shorter replacement in it would bring a token further on within reach.
        ctx.keywords.consult(m.index + m[0].length + KEYWORD_WINDOW);
        const from = Math.max(scanned, m.index + m[0].length);
        scanned = Math.max(scanned, scan(ctx, from, Math.min(text.length, m.index + m[0].length + KEYWORD_WINDOW), emit));
        if (anchor.lastIndex <= m.index) anchor.lastIndex = m.index + 1;
      }
    },
  };
}

export const awsSecretAccessKeyRule = keyedTokenRule({
  entityType: 'AWS_SECRET_ACCESS_KEY',
  keywords: keywordSet(['aws_secret_access_key', 'SecretAccessKey', 'secret access key', 'aws_secret_key', 'aws secret', 'secret_access_key']),
  anchor: /secret[-_. ]?access[-_. ]?key|aws[-_. ]?secret/,
  gates: ['cret', 'CRET'],
  length: 40,
  body: isBase64Char,
  boundary: (c) => isBase64Char(c) || c === 95 || c === 45,
  boundaryAfter: (c) => c === 61,
  // Entropy floor; a 40-hex git SHA is not a key.
  validate: (token) => shannonEntropy(token) >= 3.5 && !/^[0-9a-f]+$/.test(token),
});

export const datadogApiKeyRule = keyedTokenRule({
  entityType: 'DATADOG_API_KEY',
  keywords: keywordSet(['DD_API_KEY', 'dd-api-key', 'datadog api key', 'datadog_api_key', 'DATADOG_API_KEY', 'datadog key', 'dd api key']),
  anchor: /d(?:d|atadog)[-_. ]?api[-_. ]?key|datadog[-_. ]?key/,
  // Every spelling ends in `key` (each gate is a search of the whole text, stopping at each `k`: few, and rare).
  gates: ['key', 'KEY', 'Key'],
  length: 32,
  body: isLowerHex,
  boundary: isTokenChar,
  validate: (token) => shannonEntropy(token) >= 3,
});
