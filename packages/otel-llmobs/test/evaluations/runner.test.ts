import { describe, expect, it } from 'vitest';
import type { LLMObsSpan } from '../../src/conventions/model.js';
import { resolveEvaluationsConfig } from '../../src/evaluations/resolve-evaluations-config.js';
import { CircuitBreaker, JudgeBudget } from '../../src/evaluations/budget.js';
import { EvaluationRunner } from '../../src/evaluations/runner.js';
import type { EvaluationResult, EvaluationsOptions } from '../../src/evaluations/types.js';
import { InMemorySpanExporter, SimpleSpanProcessor } from '../helpers/sdk.js';
import { FAKE_KEYS } from '../fake-judge/server.js';
import type { EvalHarness } from './eval-harness.js';
import { emitChat, useEvalTestbed } from './eval-harness.js';

const t = useEvalTestbed();
let h: EvalHarness | undefined;

let nextSpan = 0;
/** A canonical llm span as the processor hands it to the runner. */
function llmSpan(input: string, output: string, over: Partial<LLMObsSpan> = {}): LLMObsSpan {
  nextSpan++;
  return {
    kind: 'llm',
    name: 'chat',
    status: 'ok',
    input: { messages: [{ role: 'user', content: input }] },
    output: { messages: [{ role: 'assistant', content: output }] },
    metadata: {},
    metrics: {},
    tags: {},
    sources: ['llmobs'],
    collectionErrors: [],
    traceId: nextSpan.toString(16).padStart(32, '0'),
    spanId: nextSpan.toString(16).padStart(16, 'a'),
    startTime: [0, 0],
    durationNs: 1,
    mlApp: 'app',
    ...over,
  };
}

function runner(options: EvaluationsOptions, deps: { now?: () => number } = {}): { runner: EvaluationRunner; results: EvaluationResult[] } {
  const results: EvaluationResult[] = [];
  const config = resolveEvaluationsConfig(options)!;
  const r = new EvaluationRunner(config, { writer: undefined, ownsWriter: false, idFormat: 'llmobs', onEvaluation: (x) => results.push(x), random: () => 0, ...deps });
  t.track(r);
  return { runner: r, results };
}

const openai = () => ({ provider: 'openai' as const, apiKey: FAKE_KEYS.openai, baseURL: `${t.judge.url}/v1` });

describe('queue bound and backpressure', () => {
  it('a burst of 10 000 spans keeps at most maxQueueSize jobs; the rest are dropped and counted, with one warning', async () => {
    const { runner: r, results } = runner({ judge: openai(), evaluators: { failure_to_answer: {} }, maxQueueSize: 1000, budget: { maxCallsPerMinute: 1_000_000 } });
    for (let i = 0; i < 10_000; i++) r.offer(llmSpan('q', ''));
    const stats = r.stats();
    expect(stats.sampled).toBe(10_000);
    expect(stats.dropped.queue_full).toBe(9000);
    await r.forceFlush();
    expect(r.stats().submitted).toBe(1000);
    expect(results).toHaveLength(1000);
    expect(results.every((x) => x.value === 'empty_response')).toBe(true);
    expect(t.logs.logs.filter((l) => l.message.includes('evaluation queue full'))).toHaveLength(1);
  }, 60_000);

  it('maxEvaluationsPerTrace bounds the jobs of one trace (agent loops)', async () => {
    const { runner: r } = runner({ judge: openai(), evaluators: { failure_to_answer: {} }, budget: { maxEvaluationsPerTrace: 3 } });
    for (let i = 0; i < 10; i++) r.offer(llmSpan('q', '', { traceId: 'f'.repeat(32) }));
    await r.forceFlush();
    expect(r.stats()).toMatchObject({ submitted: 3, dropped: { trace_limit: 7 } });
  });
});

describe('budget and circuit breaker', () => {
  it('maxCallsPerMinute: excess judge work is dropped under a fake clock, and refills with time', async () => {
    let now = 1_000_000;
    const { runner: r, results } = runner({ judge: openai(), evaluators: { toxicity: {} }, budget: { maxCallsPerMinute: 3 } }, { now: () => now });
    for (let i = 0; i < 5; i++) r.offer(llmSpan(`hello ${i}`, 'hi'));
    await r.forceFlush();
    expect(r.stats()).toMatchObject({ judged: 3, submitted: 3, dropped: { budget: 2 } });
    now += 20_000; // a third of a minute: one call back
    for (let i = 0; i < 3; i++) r.offer(llmSpan(`again ${i}`, 'hi'));
    await r.forceFlush();
    expect(r.stats()).toMatchObject({ judged: 4, dropped: { budget: 4 } });
    expect(results).toHaveLength(4);
    expect(t.judge.requests).toHaveLength(4);
  });

  it('maxTokensPerHour: a call is refused when its reservation would cross the hour budget', () => {
    let now = 0;
    const budget = new JudgeBudget({ maxCallsPerMinute: 100, maxTokensPerHour: 1000, now: () => now });
    const a = budget.take(600);
    expect(a.ok).toBe(true);
    expect(budget.take(600).ok).toBe(false);
    budget.settle(a.ok ? a.reservation : 0, 100); // used far less than reserved
    expect(budget.take(600).ok).toBe(true);
    expect(budget.take(600).ok).toBe(false);
    now += 3_600_000;
    expect(budget.take(600).ok).toBe(true);
  });

  it('the breaker opens after 5 consecutive failures, drops judge work, and lets one probe through after the pause', async () => {
    let now = 0;
    const { runner: r, results } = runner(
      { judge: { ...openai(), maxRetries: 0, concurrency: 1 }, evaluators: { toxicity: {}, failure_to_answer: {} }, budget: { maxCallsPerMinute: 1000 } },
      { now: () => now },
    );
    // Both evaluators' calls fail for these spans: the fifth consecutive failure opens the breaker.
    for (let i = 0; i < 3; i++) {
      r.offer(llmSpan(`q${i} [[fault:server_error]]`, 'an answer'));
      await r.forceFlush();
    }
    expect(r.stats()).toMatchObject({ judge_errors: { server_error: 5 }, dropped: { circuit_open: 1 } });
    const callsBefore = t.judge.requests.length;
    // Open: no judge call; rule-decided results are still submitted.
    r.offer(llmSpan('q', ''));
    r.offer(llmSpan('q', 'a real answer'));
    await r.forceFlush();
    expect(t.judge.requests.length).toBe(callsBefore);
    expect(r.stats().dropped.circuit_open).toBe(4);
    expect(results.map((x) => [x.evaluator, x.value])).toEqual([['failure_to_answer', 'empty_response']]);
    // After the pause, a probe; its success closes the breaker, and the next call goes through too.
    now += 60_000;
    r.offer(llmSpan('q', 'a real answer'));
    await r.forceFlush();
    expect(t.judge.requests.length).toBe(callsBefore + 2);
    expect(results.filter((x) => x.method === 'llm')).toHaveLength(2);
  });

  it('CircuitBreaker: one probe at a time after the pause; a failed probe pauses again', () => {
    let now = 0;
    const breaker = new CircuitBreaker(2, 100, () => now);
    breaker.failure();
    breaker.failure();
    expect(breaker.allow()).toBe(false);
    now = 100;
    expect(breaker.allow()).toBe(true);
    expect(breaker.allow()).toBe(false);
    breaker.failure();
    now = 150;
    expect(breaker.allow()).toBe(false);
    now = 200;
    expect(breaker.allow()).toBe(true);
    breaker.success();
    expect(breaker.allow()).toBe(true);
    expect(breaker.allow()).toBe(true);
  });
});

describe('a hanging judge', () => {
  it('span.end() returns before any judge request starts; forceFlush and shutdown resolve within their bounds', async () => {
    h = t.harness({ judge: { ...openai(), timeoutMillis: 60_000 }, evaluators: { toxicity: {} }, flushTimeoutMillis: 300 });
    emitChat(h, '[[fault:hang]] hello', 'hi');
    // offer() only queued: workers start after the current task.
    expect(t.judge.requests).toHaveLength(0);
    const flushStarted = Date.now();
    await h.processor.forceFlush();
    expect(t.judge.requests).toHaveLength(1);
    // Generous bounds: the flush timeout is 300 ms, the judge's 60 s.
    expect(Date.now() - flushStarted).toBeLessThan(20_000);
    const shutdownStarted = Date.now();
    await h.processor.shutdown();
    expect(Date.now() - shutdownStarted).toBeLessThan(20_000);
    expect(h.processor.stats().evaluations).toMatchObject({ submitted: 0, dropped: { shutdown: 1 } });
    h = undefined;
  });
});

describe('no evaluation loops', () => {
  it('judge calls make no spans: they run with tracing suppressed', async () => {
    const inner = new InMemorySpanExporter();
    const { createHarness } = await import('../processor/harness.js');
    const results: EvaluationResult[] = [];
    const harness = createHarness({
      before: [new SimpleSpanProcessor(inner)],
      processor: {
        evaluations: {
          writer: false,
          onEvaluation: (r) => results.push(r),
          evaluators: { sentiment: {} },
          judge: {
            // An instrumented client: it starts a span of its own for each call.
            complete: () => {
              const span = harness.tracer.startSpan('judge-http-call');
              span.end();
              return Promise.resolve({ text: '{"reasoning":"fine","value":"neutral","input_sentiment":"neutral","output_sentiment":"neutral"}' });
            },
          },
        },
      },
    });
    h = Object.assign(harness, { results });
    emitChat(h, 'hello', 'hi');
    await h.processor.forceFlush();
    expect(results).toHaveLength(1);
    expect(inner.getFinishedSpans().map((s) => s.name)).toEqual(['chat']);
  });

  it('spans of an ml_app ending with the evals suffix are never offered', () => {
    const { runner: r } = runner({ judge: openai(), evaluators: { failure_to_answer: {} } });
    r.offer(llmSpan('q', '', { mlApp: 'shop-evals' }));
    expect(r.stats().sampled).toBe(0);
  });
});

describe('what needs no judge', () => {
  it('without a judge, language_mismatch and the rule-decided failure_to_answer categories still run', async () => {
    const { runner: r, results } = runner({ evaluators: { failure_to_answer: {}, toxicity: {}, language_mismatch: {} } });
    r.offer(llmSpan('Wie spät ist es in Berlin gerade?', '{}'));
    r.offer(llmSpan('Where is the nearest train station please?', 'The station is two blocks north of here.'));
    await r.forceFlush();
    expect(results.map((x) => `${x.evaluator}=${x.value}`).sort()).toEqual(['failure_to_answer=empty_code_response', 'language_mismatch=match']);
    expect(r.stats().skipped).toMatchObject({ no_judge: 3, not_natural_language: 1 });
    expect(t.logs.text()).toContain('no judge for the LLM-judged evaluations');
  });

  it('spans with no text to evaluate are skipped and counted, never given a verdict', async () => {
    const { runner: r, results } = runner({ judge: openai(), evaluators: { topic_relevancy: { topics: ['trains'] }, hallucination: {}, failure_to_answer: {} } });
    r.offer(llmSpan('', '', { output: {} }));
    r.offer(llmSpan('', '', { output: { messages: [{ role: 'assistant', toolCalls: [{ name: 'lookup', arguments: {} }] }] } }));
    await r.forceFlush();
    expect(results).toHaveLength(0);
    expect(r.stats().skipped).toEqual({ no_input: 2, no_context: 2, no_output: 1, tool_call_output: 1 });
    expect(t.judge.requests).toHaveLength(0);
  });
});

describe('judge-usage metrics', () => {
  it('with a meterProvider: token counters and the judge duration, tagged as Datadog tags its own', async () => {
    const recorded: Array<{ name: string; value: number; attributes?: Record<string, string> }> = [];
    const instrument = (name: string) => ({
      add: (value: number, attributes?: Record<string, string>) => recorded.push({ name, value, attributes }),
      record: (value: number, attributes?: Record<string, string>) => recorded.push({ name, value, attributes }),
    });
    const meterProvider = { getMeter: () => ({ createCounter: instrument, createHistogram: instrument }) };
    const config = resolveEvaluationsConfig({ judge: openai(), evaluators: { toxicity: {} } })!;
    const r = new EvaluationRunner(config, { writer: undefined, ownsWriter: false, idFormat: 'llmobs', meterProvider });
    t.track(r);
    r.offer(llmSpan('hello there', 'hi'));
    await r.forceFlush();
    const usage = t.judge.answered[0]!.answer!.usage!;
    const tags = { ml_app: 'app', model_server: 'openai_compatible', model_provider: 'openai', model_name: 'gpt-4o-mini', evaluation_name: 'toxicity' };
    expect(recorded.filter((m) => m.name !== 'otel_llmobs.evaluations.judge.duration')).toEqual([
      { name: 'otel_llmobs.evaluations.llm.input.tokens', value: usage.input, attributes: tags },
      { name: 'otel_llmobs.evaluations.llm.output.tokens', value: usage.output, attributes: tags },
      { name: 'otel_llmobs.evaluations.llm.total.tokens', value: usage.input + usage.output, attributes: tags },
      { name: 'otel_llmobs.evaluations.submitted', value: 1, attributes: { ml_app: 'app', evaluation_name: 'toxicity' } },
    ]);
    expect(recorded.filter((m) => m.name === 'otel_llmobs.evaluations.judge.duration')).toMatchObject([{ attributes: tags }]);
  });
});
