import type { LLMObsSpan, SpanKind, TagValue } from '../conventions/model.js';

/**
 * FNV-1a 64 of an ASCII string (ids and labels are), as a fraction of 2^64 in [0, 1). Four 16-bit
 * limbs instead of BigInt: it runs in `offer()`, on the application's thread.
 */
export function fnv1a64Fraction(text: string): number {
  // offset basis 0xcbf29ce484222325
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  for (let i = 0; i < text.length; i++) {
    h0 ^= text.charCodeAt(i) & 0xff;
    // h *= 0x100000001b3 (= 2^40 + 0x1b3), modulo 2^64
    const t0 = h0 * 0x1b3;
    let t1 = h1 * 0x1b3 + (t0 >>> 16);
    let t2 = h2 * 0x1b3 + (h0 << 8) + (t1 >>> 16);
    t1 &= 0xffff;
    let t3 = h3 * 0x1b3 + (h1 << 8) + (t2 >>> 16);
    t2 &= 0xffff;
    t3 &= 0xffff;
    h0 = t0 & 0xffff;
    h1 = t1;
    h2 = t2;
    h3 = t3;
  }
  return h3 / 0x10000 + h2 / 0x100000000 + h1 / 0x1000000000000 + h0 / 0x10000000000000000;
}

/** Deterministic per (trace, span, evaluator): reruns and replicas agree, evaluators sample independently. */
export function sampledFor(traceId: string, spanId: string, label: string, rate: number): boolean {
  if (rate >= 1) return true;
  if (rate <= 0) return false;
  return fnv1a64Fraction(traceId + spanId + label) < rate;
}

/** A resolved evaluator filter (spec §3.2). */
export interface SpanFilter {
  scope: 'root' | 'all';
  sampleRate: number;
  /** `true` when the rate came from code: then the environment's sampling rules do not apply. */
  sampleRateFromCode: boolean;
  spanKinds: ReadonlySet<SpanKind> | undefined;
  spanNames: readonly NameMatcher[] | undefined;
  mlApps: ReadonlySet<string> | undefined;
  tags: readonly TagMatcher[] | undefined;
}

export type NameMatcher = (name: string) => boolean;
export interface TagMatcher {
  key: string;
  /** `undefined` for `key:*`. */
  value: string | undefined;
}

/** `*` matches any run of characters; everything else is literal. */
export function nameMatcher(pattern: string): NameMatcher {
  if (!pattern.includes('*')) return (name) => name === pattern;
  const re = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`, 's');
  return (name) => re.test(name);
}

export function tagMatcher(tag: string): TagMatcher {
  const i = tag.indexOf(':');
  if (i < 0) return { key: tag, value: undefined };
  const value = tag.slice(i + 1);
  return { key: tag.slice(0, i), value: value === '*' ? undefined : value };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One `DD_LLMOBS_EVALUATOR_SAMPLING_RULES` entry (dd-trace-py's `EvaluatorRunnerSampler`). */
export interface SamplingRule {
  sampleRate: number;
  evaluatorLabel?: string;
  spanName?: string;
}

/** Filters only: the span is one this evaluator looks at (sampling aside). */
export function passesFilter(filter: SpanFilter, span: LLMObsSpan): boolean {
  if (filter.scope === 'root' && span.parentId !== undefined) return false;
  if (filter.spanKinds && !filter.spanKinds.has(span.kind)) return false;
  if (filter.mlApps && !filter.mlApps.has(span.mlApp)) return false;
  if (filter.spanNames && !filter.spanNames.some((match) => match(span.name))) return false;
  if (filter.tags && !filter.tags.every((t) => hasTag(span.tags, t))) return false;
  return true;
}

function hasTag(tags: Record<string, TagValue>, matcher: TagMatcher): boolean {
  const v = tags[matcher.key];
  if (v === undefined) return false;
  if (matcher.value === undefined) return true;
  return Array.isArray(v) ? v.includes(matcher.value) : v === matcher.value;
}

/** The rate in force: code's, else the first matching environment rule's (no match: the evaluator's default). */
export function rateFor(filter: SpanFilter, rules: readonly SamplingRule[], label: string, spanName: string): number {
  if (filter.sampleRateFromCode || rules.length === 0) return filter.sampleRate;
  for (const rule of rules) {
    if (rule.evaluatorLabel !== undefined && rule.evaluatorLabel !== label) continue;
    if (rule.spanName !== undefined && rule.spanName !== spanName) continue;
    return rule.sampleRate;
  }
  return filter.sampleRate;
}
