import type { EvaluationStats } from './types.js';

/** The runner's counters (spec §2.4); `snapshot()` is what `processor.stats().evaluations` shows. */
export class EvaluationCounters {
  sampled = 0;
  judged = 0;
  submitted = 0;
  parseErrors = 0;
  inputTokens = 0;
  outputTokens = 0;
  readonly skipped = new Map<string, number>();
  readonly judgeErrors = new Map<string, number>();
  readonly dropped = new Map<string, number>();

  count(map: Map<string, number>, key: string, n = 1): void {
    map.set(key, (map.get(key) ?? 0) + n);
  }

  snapshot(): EvaluationStats {
    return {
      sampled: this.sampled,
      skipped: Object.fromEntries(this.skipped),
      judged: this.judged,
      submitted: this.submitted,
      judge_errors: Object.fromEntries(this.judgeErrors),
      parse_errors: this.parseErrors,
      dropped: Object.fromEntries(this.dropped),
      tokens: { input: this.inputTokens, output: this.outputTokens, total: this.inputTokens + this.outputTokens },
    };
  }
}

export function emptyEvaluationStats(): EvaluationStats {
  return new EvaluationCounters().snapshot();
}
