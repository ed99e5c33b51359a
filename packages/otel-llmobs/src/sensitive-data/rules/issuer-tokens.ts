import { distinctChars, indexOfLiteral, isAsciiAlnum, isAsciiLetter, isDigit, isTokenChar, isUpper } from '../text-classes.js';
import { githubChecksumValid, shannonEntropy } from '../validators.js';
import type { DetectionRule, Emit, FindContext } from './rule.js';

interface PrefixedTokenSpec {
  entityType: string;
  /** Literal prefixes; each is searched with `indexOf` (the pre-filter and the anchor at once). */
  prefixes: readonly string[];
  /** Characters of the body after the prefix. */
  body: (c: number) => boolean;
  min: number;
  max: number;
  /** The whole token, prefix included; `false` rejects it. */
  validate?: (token: string, body: string) => boolean;
  /** A character every prefix contains (`_`, `-`, `.`): a text without it is skipped whole, with one shared search. */
  gate?: string;
}

/** A token with an issuer-specific prefix: not glued to a token character before it, body of `min`..`max` characters, then a boundary. */
function prefixedTokenRule(spec: PrefixedTokenSpec): DetectionRule {
  return {
    entityType: spec.entityType,
    category: 'secret',
    specificity: 3,
    anchors: spec.prefixes,
    find(ctx: FindContext, emit: Emit) {
      const text = ctx.text;
      if (spec.gate !== undefined && !ctx.contains(spec.gate)) return;
      for (const prefix of spec.prefixes) {
        let skipTo = 0;
        for (const at of ctx.positionsOf(prefix)) {
          if (at < skipTo) continue;
          const bodyStart = at + prefix.length;
          let end = bodyStart;
          // Read at most max + 1: one more tells "too long".
          while (end < text.length && end - bodyStart <= spec.max && spec.body(text.charCodeAt(end))) end++;
          const length = end - bodyStart;
          const boundaryBefore = at === 0 || !isTokenChar(text.charCodeAt(at - 1));
          const boundaryAfter = end >= text.length || !spec.body(text.charCodeAt(end));
          if (boundaryBefore && boundaryAfter && length >= spec.min && length <= spec.max) {
            const token = text.slice(at, end);
            if (!spec.validate || spec.validate(token, text.slice(bodyStart, end))) emit(at, end);
          }
          skipTo = Math.max(end, at + 1);
        }
      }
    },
  };
}

const isAlnum = isAsciiAlnum;

/** Placeholders and documentation examples: too few distinct characters, or an EXAMPLE / xxxx marker. */
function looksReal(body: string, minEntropy = 3): boolean {
  if (distinctChars(body) < 6) return false;
  if (/example|xxxx|your|here|placeholder|dummy|sample/i.test(body)) return false;
  return shannonEntropy(body) >= minEntropy;
}

export const awsAccessKeyIdRule = prefixedTokenRule({
  entityType: 'AWS_ACCESS_KEY_ID',
  prefixes: ['AKIA', 'ASIA', 'ABIA', 'ACCA'],
  body: (c) => isUpper(c) || (c >= 50 && c <= 55),
  min: 16,
  max: 16,
  validate: (token, body) => !token.endsWith('EXAMPLE') && distinctChars(body) > 3,
});

export const githubTokenRule: DetectionRule = combine('GITHUB_TOKEN', [
  prefixedTokenRule({
    entityType: 'GITHUB_TOKEN',
    prefixes: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    gate: '_',
    body: isAlnum,
    min: 36,
    max: 36,
    validate: (_token, body) => githubChecksumValid(body),
  }),
  prefixedTokenRule({
    entityType: 'GITHUB_TOKEN',
    prefixes: ['github_pat_'],
    gate: '_',
    body: (c) => isAlnum(c) || c === 95,
    min: 82,
    max: 82,
    validate: (_token, body) => looksReal(body),
  }),
]);

export const gitlabTokenRule = prefixedTokenRule({
  entityType: 'GITLAB_TOKEN',
  prefixes: ['glpat-'],
    gate: '-',
  body: isTokenChar,
  min: 20,
  max: 64,
  validate: (_token, body) => looksReal(body, 2.5),
});

export const slackTokenRule = prefixedTokenRule({
  entityType: 'SLACK_TOKEN',
  prefixes: ['xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'xoxs-'],
    gate: '-',
  body: (c) => isAlnum(c) || c === 45,
  min: 20,
  max: 250,
  // Digits and alphanumerics in dash groups: `xoxb-<team>-<user>-<secret>`.
  validate: (_token, body) => body.split('-').length >= 3 && isDigit(body.charCodeAt(0)) && looksReal(body.replace(/-/g, ''), 2.5),
});

export const stripeKeyRule = prefixedTokenRule({
  entityType: 'STRIPE_API_KEY',
  prefixes: ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_', 'sk_prod_', 'rk_prod_'],
    gate: '_',
  body: isAlnum,
  min: 24,
  max: 247,
  validate: (_token, body) => looksReal(body),
});

export const googleApiKeyRule = prefixedTokenRule({
  entityType: 'GOOGLE_API_KEY',
  prefixes: ['AIza'],
  body: isTokenChar,
  min: 35,
  max: 35,
  validate: (_token, body) => looksReal(body),
});

export const huggingFaceTokenRule = prefixedTokenRule({
  entityType: 'HUGGINGFACE_TOKEN',
  prefixes: ['hf_'],
    gate: '_',
  body: isAsciiLetter,
  min: 34,
  max: 34,
  validate: (_token, body) => looksReal(body),
});

export const npmTokenRule = prefixedTokenRule({
  entityType: 'NPM_TOKEN',
  prefixes: ['npm_'],
    gate: '_',
  body: isAlnum,
  min: 36,
  max: 36,
  validate: (_token, body) => looksReal(body),
});

/** `SG.` + 22 + `.` + 43 (base64url). */
export const sendgridKeyRule = prefixedTokenRule({
  entityType: 'SENDGRID_API_KEY',
  prefixes: ['SG.'],
    gate: '.',
  body: (c) => isTokenChar(c) || c === 46,
  min: 66,
  max: 66,
  validate: (_token, body) => body.charCodeAt(22) === 46 && body.indexOf('.') === 22 && looksReal(body),
});

/** `sk-ant-api03-` + 93 + `AA` (and the admin keys' `sk-ant-admin01-`). */
export const anthropicKeyRule = prefixedTokenRule({
  entityType: 'ANTHROPIC_API_KEY',
  prefixes: ['sk-ant-api', 'sk-ant-admin'],
    gate: '-',
  body: isTokenChar,
  min: 90,
  max: 120,
  validate: (token) => /^sk-ant-(?:api|admin)\d\d-/.test(token) && token.endsWith('AA') && looksReal(token.slice(14)),
});

const OPENAI_MARKER = 'T3BlbkFJ'; // base64 of "OpenAI", in every OpenAI key

/**
 * OpenAI keys: legacy `sk-` + 20 + marker + 20, and project / service-account / admin keys
 * (`sk-proj-…`, `sk-svcacct-…`, `sk-admin-…`) with the marker inside. Anchored on the marker.
 */
export const openaiKeyRule: DetectionRule = {
  entityType: 'OPENAI_API_KEY',
  category: 'secret',
  specificity: 3,
  find(ctx, emit) {
    const text = ctx.text;
    let at = indexOfLiteral(text, OPENAI_MARKER, 7);
    while (at !== -1) {
      let start = at;
      while (start > 0 && at - start < 200 && isTokenChar(text.charCodeAt(start - 1))) start--;
      let end = at + OPENAI_MARKER.length;
      while (end < text.length && end - at < 200 && isTokenChar(text.charCodeAt(end))) end++;
      const token = text.slice(start, end);
      const boundary = (start === 0 || !isTokenChar(text.charCodeAt(start - 1))) && (end >= text.length || !isTokenChar(text.charCodeAt(end)));
      const legacy = /^sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}$/.test(token);
      const scoped = /^sk-(?:proj|svcacct|admin)-/.test(token) && token.length >= 40;
      if (boundary && (legacy || scoped)) emit(start, end);
      at = indexOfLiteral(text, OPENAI_MARKER, 7, end);
    }
  },
};

/** Several finders reported as one rule. */
function combine(entityType: string, rules: DetectionRule[]): DetectionRule {
  return {
    entityType,
    category: 'secret',
    specificity: 3,
    anchors: rules.flatMap((r) => r.anchors ?? []),
    find(ctx, emit) {
      for (const rule of rules) rule.find(ctx, emit);
    },
  };
}

/**
 * `https://hooks.slack.com/(services|workflows|triggers)/T…/B…/…`: the whole URL is redacted
 * (whoever holds it can post to the channel).
 */
export const slackWebhookRule: DetectionRule = {
  entityType: 'SLACK_WEBHOOK_URL',
  category: 'secret',
  specificity: 3,
  find(ctx, emit) {
    const text = ctx.text;
    const host = 'hooks.slack.com/';
    let at = indexOfLiteral(text, host, 3);
    while (at !== -1) {
      let start = at;
      if (text.startsWith('https://', at - 8)) start = at - 8;
      else if (text.startsWith('http://', at - 7)) start = at - 7;
      let end = at + host.length;
      while (end < text.length && end - at < 300 && (isTokenChar(text.charCodeAt(end)) || text.charCodeAt(end) === 47)) end++;
      const path = text.slice(at + host.length, end);
      if (/^(?:services|workflows|triggers)\/T[A-Z0-9]{6,}\/[A-Za-z0-9]{6,}\/[A-Za-z0-9/_-]{8,}/.test(path)) emit(start, end);
      at = indexOfLiteral(text, host, 3, end);
    }
  },
};
