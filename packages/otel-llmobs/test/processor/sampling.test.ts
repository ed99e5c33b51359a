import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatSampleRate, parseSampleRate, parseSamplingDecision, sampleTrace } from '../../src/runtime/sampling.js';
import { setPropagatedLLMObsContext } from '../../src/runtime/propagated-context.js';
import { blankProcessorEnv } from './env.js';
import type { Harness } from './harness.js';
import { createHarness, LLMOBS_KIND, resetRuntime } from './harness.js';

const harnesses: Harness[] = [];
function harness(...args: Parameters<typeof createHarness>): Harness {
  const h = createHarness(...args);
  harnesses.push(h);
  return h;
}
beforeEach(() => blankProcessorEnv());
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.shutdown();
  resetRuntime();
  vi.unstubAllEnvs();
});

const hexTraceId = fc.stringMatching(/^[0-9a-f]{32}$/);

describe('sampleTrace', () => {
  it('is a pure function of the trace id and the rate', () => {
    fc.assert(
      fc.property(hexTraceId, fc.double({ min: 0, max: 1, noNaN: true }), (traceId, rate) => {
        expect(sampleTrace(traceId, rate)).toEqual(sampleTrace(traceId.toUpperCase(), rate));
      }),
      { numRuns: 200 },
    );
  });

  it('is consistent across rates: a trace kept at a rate is kept at every higher rate', () => {
    fc.assert(
      fc.property(hexTraceId, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (traceId, a, b) => {
        const [low, high] = a < b ? [a, b] : [b, a];
        if (sampleTrace(traceId, low).decision) expect(sampleTrace(traceId, high).decision).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps about `rate` of random traces', () => {
    const ids = Array.from({ length: 4000 }, () => randomBytes(16).toString('hex'));
    for (const rate of [0.1, 0.5, 0.9]) {
      const kept = ids.filter((id) => sampleTrace(id, rate).decision).length / ids.length;
      expect(Math.abs(kept - rate)).toBeLessThan(0.04);
    }
    expect(ids.every((id) => sampleTrace(id, 1).decision)).toBe(true);
    expect(ids.some((id) => sampleTrace(id, 0).decision)).toBe(false);
  });

  it('formats and parses rates and decisions as dd-trace does', () => {
    expect(formatSampleRate(1)).toBe('1');
    expect(formatSampleRate(0)).toBe('0');
    expect(formatSampleRate(0.5)).toBe('0.5');
    expect(formatSampleRate(1 / 3)).toBe('0.333333');
    expect(parseSampleRate('0.25')).toBe(0.25);
    expect(parseSampleRate('2')).toBeUndefined();
    expect(parseSamplingDecision('1')).toBe(true);
    expect(parseSamplingDecision('0')).toBe(false);
    expect(parseSamplingDecision('-1')).toBe(false);
    expect(parseSamplingDecision('x')).toBeUndefined();
  });
});

/** One trace: an LLM root, an LLM child, and a plain span between them. */
function emitTrace(h: Harness, i: number): string {
  const root = h.tracer.startSpan(`root-${i}`, { attributes: { [LLMOBS_KIND]: 'workflow' } });
  const http = h.tracer.startSpan('GET', {}, trace.setSpan(ROOT_CONTEXT, root));
  h.tracer.startSpan(`child-${i}`, { attributes: { [LLMOBS_KIND]: 'llm' } }, trace.setSpan(ROOT_CONTEXT, http)).end();
  http.end();
  root.end();
  return root.spanContext().traceId;
}

describe('client-side sampling in the processor', () => {
  it('does not export unsampled traces at all (egress saved), whole traces only', async () => {
    const h = harness({ processor: { sampleRate: 0.5 } });
    const traceIds = Array.from({ length: 300 }, (_, i) => emitTrace(h, i));
    const derived = await h.derived();
    const expectedKept = traceIds.filter((id) => sampleTrace(id, 0.5).decision);
    // Exactly the spans of the sampled traces reached the exporter: 2 LLM spans each.
    expect(derived).toHaveLength(expectedKept.length * 2);
    const exportedTraces = new Set(derived.map((s) => s.spanContext().traceId));
    expect([...exportedTraces].sort()).toEqual([...expectedKept].sort());
    expect(expectedKept.length).toBeGreaterThan(100);
    expect(expectedKept.length).toBeLessThan(200);
    expect(h.processor.stats().droppedUnsampled).toBe((300 - expectedKept.length) * 2);
    // The stock pipeline beside ours still saw everything.
    expect(h.stockExporter.getFinishedSpans()).toHaveLength(900);
    const models = await h.exported();
    expect(models.every((m) => m.sampling?.rate === 0.5 && m.sampling.decision)).toBe(true);
  });

  it('makes the same decision in two services for the same trace, without propagation', async () => {
    const a = harness({ processor: { sampleRate: 0.3 } });
    const b = harness({ processor: { sampleRate: 0.3 } });
    for (let i = 0; i < 100; i++) {
      const traceId = randomBytes(16).toString('hex');
      const parent = trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId: randomBytes(8).toString('hex'), traceFlags: 1, isRemote: true });
      a.tracer.startSpan(`a-${i}`, { attributes: { [LLMOBS_KIND]: 'task' } }, parent).end();
      b.tracer.startSpan(`b-${i}`, { attributes: { [LLMOBS_KIND]: 'task' } }, parent).end();
    }
    const inA = new Set((await a.derived()).map((s) => s.spanContext().traceId));
    const inB = new Set((await b.derived()).map((s) => s.spanContext().traceId));
    // Some traces kept and some dropped (else "the same" would hold without sampling at all).
    expect(inA.size).toBeGreaterThan(10);
    expect(inA.size).toBeLessThan(60);
    expect([...inA].sort()).toEqual([...inB].sort());
  });

  it('honours a propagated decision over its own rate', async () => {
    const keepAll = harness({ processor: { sampleRate: 1 } });
    const dropAll = harness({ processor: { sampleRate: 0 } });
    const traceId = randomBytes(16).toString('hex');
    const remote = trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId: randomBytes(8).toString('hex'), traceFlags: 1, isRemote: true });
    const dropped = setPropagatedLLMObsContext(remote, { parentId: '00000000000000aa', samplingDecision: false, sampleRate: 0.1, remoteTraceId: traceId, tags: {} });
    const kept = setPropagatedLLMObsContext(remote, { parentId: '00000000000000aa', samplingDecision: true, sampleRate: 0.1, remoteTraceId: traceId, tags: {} });
    keepAll.tracer.startSpan('upstream-said-drop', { attributes: { [LLMOBS_KIND]: 'task' } }, dropped).end();
    dropAll.tracer.startSpan('upstream-said-keep', { attributes: { [LLMOBS_KIND]: 'task' } }, kept).end();
    expect(await keepAll.derived()).toHaveLength(0);
    const [span] = await dropAll.exported();
    expect(span?.name).toBe('upstream-said-keep');
    expect(span?.sampling).toEqual({ rate: 0.1, decision: true });
  });

  it('with sampleRate 0 never calls the exporter', async () => {
    const h = harness({ processor: { sampleRate: 0 } });
    const exportSpy = vi.spyOn(h.exporter, 'export');
    for (let i = 0; i < 20; i++) emitTrace(h, i);
    await h.processor.forceFlush();
    expect(exportSpy).not.toHaveBeenCalled();
  });

  it('reads DD_LLMOBS_SAMPLE_RATE', async () => {
    vi.stubEnv('DD_LLMOBS_SAMPLE_RATE', '0');
    const h = harness();
    emitTrace(h, 0);
    expect(await h.derived()).toHaveLength(0);
  });
});
