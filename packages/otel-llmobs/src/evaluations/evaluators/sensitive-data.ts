import type { LLMObsSpan } from '../../conventions/model.js';
import type { ResolvedEvaluator } from '../resolve-evaluations-config.js';
import { NO_SENSITIVE_DATA } from '../labels.js';
import type { Evaluator } from './evaluator.js';

/** What the sensitive-data scanner found on a span: counts per category, never the values. */
export interface SensitiveDataFindings {
  categories: Record<string, number>;
  redacted: number;
  /** Categories in the scanner's table order, for ties. */
  order?: readonly string[];
}

/**
 * Reads the scanner's findings on a span. The scanner (its own issue) is not in this build yet, so
 * there are none: the evaluator is accepted and inert (every span is skipped as `no_scanner`).
 */
export type FindingsReader = (span: LLMObsSpan) => SensitiveDataFindings | undefined;

export const noScannerFindings: FindingsReader = () => undefined;

/** The scanner's findings as one evaluation: no second scan, no judge call. */
export function sensitiveDataEvaluator(config: ResolvedEvaluator, readFindings: FindingsReader = noScannerFindings): Evaluator<SensitiveDataFindings> {
  const failing = config.failingCategories ? new Set(config.failingCategories) : undefined;
  return {
    label: 'sensitive_data',
    config,
    needsJudge: false,
    prepare(_texts, span) {
      const findings = readFindings(span);
      if (!findings) return { ok: false, reason: 'no_scanner' };
      return { ok: true, input: { categories: { ...findings.categories }, redacted: findings.redacted, order: findings.order ?? [] } };
    },
    run(findings) {
      const found = Object.entries(findings.categories).filter(([, n]) => n > 0);
      const order = findings.order ?? [];
      const rank = (c: string): number => (order.includes(c) ? order.indexOf(c) : order.length);
      found.sort(([a, na], [b, nb]) => nb - na || rank(a) - rank(b) || (a < b ? -1 : 1));
      const value = found[0]?.[0] ?? NO_SENSITIVE_DATA;
      const fail = found.some(([c]) => (failing ? failing.has(c) : true));
      const total = found.reduce((sum, [, n]) => sum + n, 0);
      return Promise.resolve({
        kind: 'result',
        value,
        assessment: fail ? 'fail' : 'pass',
        reasoning: total === 0 ? 'No sensitive data found.' : `${total} finding(s): ${found.map(([c, n]) => `${c} ${n}`).join(', ')}.`,
        metadata: { categories: Object.fromEntries(found), redacted: findings.redacted },
        method: 'rules',
      });
    },
  };
}
