import { shannonEntropy } from '../validators.js';
import type { DetectionRule } from './rule.js';

const isBearerTokenChar = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 46 || c === 95 || c === 126 || c === 43 || c === 47;

const SPELLINGS = ['Bearer ', 'bearer ', 'BEARER '];

/**
 * The credential after `Authorization: Bearer ` or `"Bearer ` (a header in JSON or a curl line):
 * at least 20 token characters with an entropy floor. A JWT or an issuer key there is reported as
 * that, more specific, type (overlap resolution).
 */
export const bearerTokenRule: DetectionRule = {
  entityType: 'BEARER_TOKEN',
  category: 'secret',
  specificity: 2,
  find(ctx, emit) {
    const text = ctx.text;
    // `Bearer `, `bearer `, `BEARER `: each an indexOf (far cheaper than a case-insensitive regex) that
    // stops at a `B` or `b` only; the next of each is kept, so the text is searched once per spelling.
    const next = SPELLINGS.map(() => -2);
    const search = (from: number): number => {
      let best = -1;
      SPELLINGS.forEach((spelling, k) => {
        if ((next[k] as number) !== -1 && (next[k] as number) < from) next[k] = text.indexOf(spelling, from);
        const at = next[k] as number;
        if (at !== -1 && (best === -1 || at < best)) best = at;
      });
      return best;
    };
    let at = search(0);
    while (at !== -1) {
      const start = at + 7;
      let end = start;
      while (end < text.length && end - start < 4096 && isBearerTokenChar(text.charCodeAt(end))) end++;
      while (end < text.length && text.charCodeAt(end) === 61) end++; // base64 padding
      ctx.keywords.consult(at);
      const before = text.slice(Math.max(0, at - 30), at).toLowerCase();
      const prefixed = before.includes('authorization') || /["'`]$/.test(before) || before.endsWith('auth: ') || before.endsWith('token: ');
      const token = text.slice(start, end);
      if (prefixed && end - start >= 20 && shannonEntropy(token) >= 3) emit(start, end);
      at = search(Math.max(end, at + 1));
    }
  },
};
