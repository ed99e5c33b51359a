import { SpanStatusCode } from '@opentelemetry/api';
import type { Histogram } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness } from '../processor/harness.js';
import type { Harness } from '../processor/harness.js';
import { LLMMetricsRecorder } from '../../src/metrics/llm-metrics.js';
import { DURATION_BUCKETS_S, TOKEN_BUCKETS } from '../../src/metrics/instruments.js';
import type { LLMObsSpan } from '../../src/conventions/model.js';
import { createMetricsHarness, pointWith } from './metric-reader.js';
import type { MetricsHarness } from './metric-reader.js';

let harness: Harness | undefined;
let metrics: MetricsHarness | undefined;

afterEach(async () => {
  await harness?.shutdown();
  await metrics?.shutdown();
  harness = undefined;
  metrics = undefined;
});

function setUp(processorOptions: Record<string, unknown> = {}): { h: Harness; m: MetricsHarness } {
  metrics = createMetricsHarness();
  harness = createHarness({ processor: { meterProvider: metrics.meterProvider, ...processorOptions } });
  return { h: harness, m: metrics };
}

const CHAT = {
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': 'gpt-4o-mini',
  'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
  'gen_ai.usage.input_tokens': 1000,
  'gen_ai.usage.output_tokens': 501,
  'gen_ai.conversation.id': 'session-123',
};

/** Ends a span `ms` milliseconds after it started (real SDK timestamps). */
function endAfter(span: { end(t?: [number, number]): void }, start: [number, number], ms: number): void {
  const ns = start[1] + ms * 1e6;
  span.end([start[0] + Math.floor(ns / 1e9), ns % 1e9]);
}

describe('LLM metrics from the processor', () => {
  it('records the GenAI client metrics of a chat call with their names, units, buckets and attributes', async () => {
    const { h, m } = setUp();
    const start: [number, number] = [1_700_000_000, 0];
    const span = h.tracer.startSpan('chat gpt-4o-mini', { attributes: { ...CHAT, 'gen_ai.response.time_to_first_chunk': 0.25 }, startTime: start });
    endAfter(span, start, 1250);
    await h.exported();
    const byName = await m.collect();

    const duration = byName.get('gen_ai.client.operation.duration');
    expect(duration?.descriptor.unit).toBe('s');
    const point = pointWith<Histogram>(duration, {});
    expect(point?.value.count).toBe(1);
    expect(point?.value.sum).toBeCloseTo(1.25, 9);
    expect((point?.value.buckets.boundaries ?? [])).toEqual(DURATION_BUCKETS_S);
    expect(point?.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'llmobs.span.kind': 'llm',
      'llmobs.ml_app': 'test-app',
    });

    const tokens = byName.get('gen_ai.client.token.usage');
    expect(tokens?.descriptor.unit).toBe('{token}');
    const input = pointWith<Histogram>(tokens, { 'gen_ai.token.type': 'input' });
    const output = pointWith<Histogram>(tokens, { 'gen_ai.token.type': 'output' });
    expect(input?.value.sum).toBe(1000);
    expect(output?.value.sum).toBe(501);
    expect(input?.value.buckets.boundaries).toEqual(TOKEN_BUCKETS);

    expect(pointWith<Histogram>(byName.get('gen_ai.client.operation.time_to_first_chunk'), {})?.value.sum).toBeCloseTo(0.25, 9);
    // (1.25 s − 0.25 s) over the 500 chunks after the first.
    expect(pointWith<Histogram>(byName.get('gen_ai.client.operation.time_per_output_chunk'), {})?.value.sum).toBeCloseTo(1 / 500, 9);

    // gpt-4o-mini: $0.15 in, $0.60 out per million.
    const cost = pointWith<number>(byName.get('llmobs.cost'), { 'gen_ai.response.model': 'gpt-4o-mini-2024-07-18' });
    expect(cost?.value).toBeCloseTo((1000 * 0.15 + 501 * 0.6) / 1e6, 12);
    expect(byName.get('llmobs.cost')?.descriptor.unit).toBe('USD');

    expect(pointWith<number>(byName.get('llmobs.spans'), { 'llmobs.span.kind': 'llm', 'llmobs.status': 'ok' })?.value).toBe(1);
    // Bounded cardinality: no session, user, trace or span id on any metric.
    for (const metric of byName.values()) {
      for (const p of metric.dataPoints) {
        expect(Object.values(p.attributes)).not.toContain('session-123');
        expect(Object.keys(p.attributes).some((k) => /session|user|trace|span_id/.test(k))).toBe(false);
      }
    }
  });

  it('counts every kind and status, errors by error.type, and unpriced models as unknown (not guessed)', async () => {
    const { h, m } = setUp();
    const workflow = h.llmobs.trace({ kind: 'workflow', name: 'answer' }, () => {
      h.llmobs.trace({ kind: 'tool', name: 'lookup' }, () => undefined);
      const failing = h.tracer.startSpan('chat my-model', {
        attributes: { ...CHAT, 'gen_ai.request.model': 'my-finetune', 'gen_ai.response.model': 'my-finetune' },
      });
      failing.recordException(new RangeError('context too long'));
      failing.setStatus({ code: SpanStatusCode.ERROR, message: 'context too long' });
      failing.setAttribute('error.type', 'RangeError');
      failing.end();
      return 'done';
    });
    expect(workflow).toBe('done');
    await h.exported();
    const byName = await m.collect();

    const spans = byName.get('llmobs.spans');
    expect(pointWith<number>(spans, { 'llmobs.span.kind': 'workflow', 'llmobs.status': 'ok' })?.value).toBe(1);
    expect(pointWith<number>(spans, { 'llmobs.span.kind': 'tool', 'llmobs.status': 'ok' })?.value).toBe(1);
    expect(pointWith<number>(spans, { 'llmobs.span.kind': 'llm', 'llmobs.status': 'error' })?.value).toBe(1);
    expect(pointWith<number>(byName.get('llmobs.errors'), { 'error.type': 'RangeError', 'llmobs.span.kind': 'llm' })?.value).toBe(1);
    expect(pointWith<Histogram>(byName.get('gen_ai.client.operation.duration'), { 'error.type': 'RangeError' })?.value.count).toBe(1);
    expect(pointWith<number>(byName.get('llmobs.cost.unpriced_calls'), { 'gen_ai.response.model': 'my-finetune' })?.value).toBe(1);
    expect(byName.get('llmobs.cost')?.dataPoints ?? []).toHaveLength(0);
    // The workflow and the tool are not model calls: no GenAI client metrics for them.
    expect(pointWith<Histogram>(byName.get('gen_ai.client.operation.duration'), { 'llmobs.span.kind': 'tool' })).toBeUndefined();
    expect(pointWith<Histogram>(byName.get('llmobs.span.duration'), { 'llmobs.span.kind': 'workflow' })?.value.count).toBe(1);
    expect(h.processor.stats().metrics).toMatchObject({ recordedSpans: 3, unpricedCalls: 1, recordErrors: 0 });
  });

  it('records nothing with metrics turned off, and the environment can turn them off', async () => {
    const { h, m } = setUp({ metrics: { enabled: false } });
    h.tracer.startSpan('chat', { attributes: CHAT }).end();
    await h.exported();
    expect((await m.collect()).size).toBe(0);
    expect(h.processor.stats().metrics).toBeUndefined();
  });

  it("without a MeterProvider (the API's no-op global) the stage records nothing and costs nothing; with one it records", async () => {
    const plain = createHarness({ processor: {} });
    plain.tracer.startSpan('chat', { attributes: CHAT }).end();
    expect(await plain.exported()).toHaveLength(1);
    expect(plain.processor.stats().metrics).toEqual({ recordedSpans: 0, invalidValues: 0, unpricedCalls: 0, recordErrors: 0 });
    await plain.shutdown();

    const { h } = setUp();
    h.tracer.startSpan('chat', { attributes: CHAT }).end();
    await h.exported();
    expect(h.processor.stats().metrics?.recordedSpans).toBe(1);
  });

  it('a meter provider that throws never reaches the application, and spans are still exported', async () => {
    const throwing = {
      getMeter() {
        throw new Error('meter provider exploded');
      },
    };
    // A provider that throws when asked for a meter: no metrics, but the processor works.
    const noMeter = createHarness({ processor: { meterProvider: throwing } });
    noMeter.tracer.startSpan('chat', { attributes: CHAT }).end();
    expect(await noMeter.exported()).toHaveLength(1);
    expect(noMeter.processor.stats().metrics?.recordErrors).toBe(1);
    await noMeter.shutdown();

    const histogramThrows = {
      getMeter: () => ({
        createHistogram: () => ({ record: () => { throw new Error('record failed'); } }),
        createCounter: () => ({ add: () => { throw new Error('add failed'); } }),
      }),
    };
    harness = createHarness({ processor: { meterProvider: histogramThrows as never } });
    harness.tracer.startSpan('chat', { attributes: CHAT }).end();
    const exported = await harness.exported();
    expect(exported).toHaveLength(1);
    expect(harness.processor.stats().metrics?.recordErrors).toBe(1);
  });

  it('rejects a bad price row at construction with a clear TypeError', () => {
    expect(() => createHarness({ processor: { metrics: { prices: [{ providers: ['openai'], model: 'x', input: 'cheap', output: 1 }] } as never } })).toThrow(
      /metrics\.prices\[0\]\.input is invalid, expected a finite number >= 0/,
    );
  });
});

describe('LLMMetricsRecorder on bad values', () => {
  function model(overrides: Partial<LLMObsSpan>): LLMObsSpan {
    return {
      kind: 'llm', name: 'chat', status: 'ok', input: {}, output: {}, metadata: {}, metrics: {}, tags: {}, sources: [], collectionErrors: [],
      traceId: '0'.repeat(32), spanId: '1'.repeat(16), startTime: [0, 0], durationNs: 1e9, mlApp: 'app', modelName: 'gpt-4o', modelProvider: 'openai',
      ...overrides,
    };
  }

  it('leaves out negative or non-finite durations and token counts and counts them', async () => {
    const m = (metrics = createMetricsHarness());
    const recorder = new LLMMetricsRecorder(m.meterProvider);
    recorder.record(model({ durationNs: -5, metrics: { input_tokens: Number.NaN, output_tokens: -3, time_to_first_token: Infinity } }));
    const byName = await m.collect();
    expect(pointWith<Histogram>(byName.get('gen_ai.client.operation.duration'), {})).toBeUndefined();
    expect(pointWith<Histogram>(byName.get('gen_ai.client.token.usage'), {})).toBeUndefined();
    expect(pointWith<number>(byName.get('llmobs.spans'), {})?.value).toBe(1);
    expect(recorder.stats.invalidValues).toBe(4);
  });

  it('bounds the values of each attribute, the rest becoming _OTHER', async () => {
    const m = (metrics = createMetricsHarness());
    const recorder = new LLMMetricsRecorder(m.meterProvider, { maxAttributeValues: 3 });
    for (let i = 0; i < 10; i++) recorder.record(model({ modelName: `model-${i}`, mlApp: `app-${i}` }));
    const spans = (await m.collect()).get('llmobs.spans');
    const apps = new Set(spans?.dataPoints.map((p) => p.attributes['llmobs.ml_app']));
    expect(apps).toEqual(new Set(['app-0', 'app-1', 'app-2', '_OTHER']));
  });

  it('records evaluation results by label, value and assessment; numeric scores only by assessment', async () => {
    const m = (metrics = createMetricsHarness());
    const recorder = new LLMMetricsRecorder(m.meterProvider);
    recorder.recordEvaluation({ label: 'toxicity', value: 'none', assessment: 'pass', mlApp: 'app' });
    recorder.recordEvaluation({ label: 'toxicity', value: 'hate', assessment: 'fail', mlApp: 'app' });
    recorder.recordEvaluation({ label: 'quality', value: 0.42, assessment: 'fail' });
    const evaluations = (await m.collect()).get('llmobs.evaluations');
    expect(pointWith<number>(evaluations, { 'llmobs.evaluation.label': 'toxicity', 'llmobs.evaluation.value': 'hate', 'llmobs.evaluation.assessment': 'fail' })?.value).toBe(1);
    const score = pointWith<number>(evaluations, { 'llmobs.evaluation.label': 'quality' });
    expect(score?.attributes).toEqual({ 'llmobs.evaluation.label': 'quality', 'llmobs.evaluation.assessment': 'fail' });
  });
});
