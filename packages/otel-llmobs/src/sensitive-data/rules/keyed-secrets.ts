import { keywordSet } from '../keywords.js';
import type { KeywordSet } from '../keywords.js';
import { isBase64Char, isLowerHex, isTokenChar } from '../text-classes.js';
import { shannonEntropy } from '../validators.js';
import type { DetectionRule } from './rule.js';

/**
 * Secrets with no issuer prefix, recognised by their shape **and** a required keyword (in the 30
 * characters before, or in the key path): a 40-character AWS secret access key, a 32-hex Datadog
 * API key. Without the keyword they are indistinguishable from digests and ids.
 */
function keyedTokenRule(spec: {
  entityType: string;
  keywords: KeywordSet;
  /** Part of every keyword's raw spelling: a text with none of it (and no keyword in its path) is skipped whole. */
  prefilter: RegExp;
  length: number;
  body: (c: number) => boolean;
  /** Characters that may not touch the token on either side (wider than `body`, so a longer run is not cut). */
  boundary: (c: number) => boolean;
  /** Characters that may not follow it (base64 padding). */
  boundaryAfter?: (c: number) => boolean;
  validate: (token: string) => boolean;
}): DetectionRule {
  return {
    entityType: spec.entityType,
    category: 'secret',
    specificity: 1,
    mayMatch: (text, keywords) => spec.prefilter.test(text) || keywords.inPath(spec.keywords),
    find(ctx, emit) {
      const text = ctx.text;
      const n = text.length;
      let i = 0;
      while (i < n) {
        if (!spec.body(text.charCodeAt(i))) {
          i++;
          continue;
        }
        const start = i;
        while (i < n && spec.body(text.charCodeAt(i))) i++;
        if (i - start !== spec.length) continue;
        if (start > 0 && spec.boundary(text.charCodeAt(start - 1))) continue;
        if (i < n && (spec.boundary(text.charCodeAt(i)) || spec.boundaryAfter?.(text.charCodeAt(i)) === true)) continue;
        if (!spec.validate(text.slice(start, i))) continue;
        if (ctx.keywords.near(spec.keywords, start)) emit(start, i);
      }
    },
  };
}

export const awsSecretAccessKeyRule = keyedTokenRule({
  entityType: 'AWS_SECRET_ACCESS_KEY',
  keywords: keywordSet(['aws_secret_access_key', 'SecretAccessKey', 'secret access key', 'aws_secret_key', 'aws secret', 'secret_access_key']),
  prefilter: /secret/i,
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
  prefilter: /api.?key|datadog/i,
  length: 32,
  body: isLowerHex,
  boundary: isTokenChar,
  validate: (token) => shannonEntropy(token) >= 3,
});
