import type { EvaluationStage } from './processor-stage.js';
import { createEvaluationStage } from './processor-stage.js';
import { emptyEvaluationStats } from './stats.js';
import type { EvaluationsOptions } from './types.js';

/**
 * The evaluation runner on its own, for servers that receive finished spans instead of ending
 * them (`otel-llmobs dev --evaluations`): `offer()` each canonical span, `shutdown()` at the end.
 * Same options as `new LLMObsSpanProcessor({ evaluations })`; results go to `writer` (default: an
 * evaluation writer routed by the environment).
 */
export function createEvaluationRunner(options: EvaluationsOptions): EvaluationStage {
  return (
    createEvaluationStage(options, undefined) ?? {
      offer() {},
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
      stats: emptyEvaluationStats,
    }
  );
}
