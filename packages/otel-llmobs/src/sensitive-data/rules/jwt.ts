import { indexOfLiteral, isTokenChar } from '../text-classes.js';
import { jwtHeaderValid } from '../validators.js';
import type { DetectionRule } from './rule.js';

const MAX_SEGMENT = 8192;
const isSegmentChar = isTokenChar; // base64url

/**
 * JSON Web Tokens: `eyJ<header>.eyJ<payload>.<signature>` (the signature may be empty for
 * `alg: none`); the header must decode to JSON with an `alg`. Works per run of base64url
 * characters, so a megabyte of `eyJAAAA…` is read once.
 */
export const jwtRule: DetectionRule = {
  entityType: 'JWT',
  category: 'secret',
  specificity: 3,
  find(ctx, emit) {
    const text = ctx.text;
    const n = text.length;
    let at = indexOfLiteral(text, 'eyJ', 2);
    while (at !== -1) {
      // The header is the run of base64url characters from `at`; it must end at a '.'.
      let headerEnd = at;
      while (headerEnd < n && isSegmentChar(text.charCodeAt(headerEnd))) headerEnd++;
      const boundaryBefore = at === 0 || !isSegmentChar(text.charCodeAt(at - 1));
      if (boundaryBefore && headerEnd - at <= MAX_SEGMENT && text.charCodeAt(headerEnd) === 46 && text.startsWith('eyJ', headerEnd + 1)) {
        let payloadEnd = headerEnd + 1;
        while (payloadEnd < n && payloadEnd - headerEnd <= MAX_SEGMENT * 4 && isSegmentChar(text.charCodeAt(payloadEnd))) payloadEnd++;
        if (text.charCodeAt(payloadEnd) === 46 && jwtHeaderValid(text.slice(at, headerEnd))) {
          let end = payloadEnd + 1;
          while (end < n && end - payloadEnd <= MAX_SEGMENT && isSegmentChar(text.charCodeAt(end))) end++;
          emit(at, end);
          at = indexOfLiteral(text, 'eyJ', 2, end);
          continue;
        }
      }
      // No token starts anywhere in this run but at its first `eyJ` (dd-sds and gitleaks anchor the same way).
      at = indexOfLiteral(text, 'eyJ', 2, Math.max(headerEnd, at + 1));
    }
  },
};
