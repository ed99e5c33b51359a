import { afterEach, describe, expect, it } from 'vitest';
import type { EvalHarness } from './eval-harness.js';
import { createEvalHarness, emitChat } from './eval-harness.js';
import { resetRuntime } from '../processor/harness.js';

/**
 * Opt-in only (never in CI): the real OpenAI as the judge. `OTEL_LLMOBS_LIVE_JUDGE=1 OPENAI_API_KEY=…
 * pnpm exec vitest run packages/otel-llmobs/test/evaluations/live-judge.test.ts`.
 */
const live = process.env.OTEL_LLMOBS_LIVE_JUDGE === '1' && (process.env.OPENAI_API_KEY ?? '') !== '';

let h: EvalHarness | undefined;
afterEach(async () => {
  await h?.shutdown();
  h = undefined;
  resetRuntime();
});

describe.skipIf(!live)('live judge (OpenAI)', () => {
  it('judges a clean exchange and a refusal with gpt-4o-mini', async () => {
    h = createEvalHarness({ judge: { provider: 'openai', model: 'gpt-4o-mini' }, evaluators: { failure_to_answer: {}, toxicity: {}, sentiment: {} } });
    emitChat(h, 'What is the capital of France?', 'The capital of France is Paris.');
    emitChat(h, 'How do I reset my router?', 'I am sorry, but I cannot help with that request.');
    await h.processor.forceFlush();
    const stats = h.processor.stats().evaluations;
    expect(stats.judge_errors).toEqual({});
    expect(stats.parse_errors).toBe(0);
    const fta = h.results.filter((r) => r.label === 'failure_to_answer').map((r) => r.value);
    expect(fta).toContain('answered');
    expect(fta).toContain('refusal_response');
    expect(h.results.filter((r) => r.label === 'toxicity').every((r) => r.value === 'not_toxic')).toBe(true);
  }, 120_000);
});
