// `--evaluations <file.json>` (gateway and dev): the same object as `new LLMObsSpanProcessor({ evaluations })`
// (otel-llmobs docs/evaluations.md), read from JSON. Functions (a custom judge, onEvaluation) cannot
// be written in JSON; secrets are better left to the environment (OPENAI_API_KEY …).
import { readFileSync } from 'node:fs';
import type { EvaluationsOptions } from 'otel-llmobs';
import { EVALUATOR_LABELS } from 'otel-llmobs';
import { UsageError } from '../args/usage.js';

export function readEvaluationsFile(path: string): EvaluationsOptions {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`--evaluations: cannot read ${path}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--evaluations: ${path} is not JSON: ${(err as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UsageError(`--evaluations: ${path} must hold an object like {"judge": {"provider": "openai"}, "evaluators": {"toxicity": {}}}`);
  }
  return parsed;
}

/** One startup line: which evaluators, judged by what. */
export function describeEvaluations(options: EvaluationsOptions): string {
  const labels = Object.keys(options.evaluators ?? {}).filter((l) => (EVALUATOR_LABELS as readonly string[]).includes(l));
  const judge = options.judge as { provider?: string; model?: string; baseURL?: string } | undefined;
  const by = judge?.provider ? `${judge.provider}${judge.model ? ` ${judge.model}` : ''}${judge.baseURL ? ` at ${judge.baseURL}` : ''}` : 'the judge of the environment (OTEL_LLMOBS_JUDGE_PROVIDER, OPENAI_API_KEY …)';
  return `${labels.length > 0 ? labels.join(', ') : 'none'}; judged by ${by}`;
}
