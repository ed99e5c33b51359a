import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeferredBatch } from '../../src/processor/deferred-batch.js';
import { LLMObsSpanProcessor, MAX_PENDING_SPANS } from '../../src/processor/llmobs-span-processor.js';
import { BasicTracerProvider } from '../helpers/sdk.js';
import { blankProcessorEnv } from './env.js';
import type { Harness } from './harness.js';
import { byName, createHarness, LLMOBS_KIND, resetRuntime } from './harness.js';

let h: Harness | undefined;
beforeEach(() => {
  blankProcessorEnv();
});
afterEach(async () => {
  await h?.shutdown();
  h = undefined;
  resetRuntime();
  vi.unstubAllEnvs();
});

const afterCurrentTask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const llm = { [LLMOBS_KIND]: 'llm', '_dd.ml_obs.model_name': 'gpt-4o' };

describe('DeferredBatch', () => {
  it('handles items after the current task, in order, at most maxPerDrain per drain', async () => {
    const seen: number[] = [];
    const batch = new DeferredBatch<number>({ process: (n) => seen.push(n), onError: () => {}, maxPending: 100, maxPerDrain: 3 });
    for (let i = 0; i < 7; i++) batch.add(i);
    expect(seen).toEqual([]);
    expect(batch.pending).toBe(7);
    await afterCurrentTask(); // queued after the first drain: it ran, the second is queued after this one
    expect(seen).toEqual([0, 1, 2]);
    await afterCurrentTask();
    await afterCurrentTask();
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(batch.pending).toBe(0);
  });

  it('beyond maxPending, add() handles the oldest item itself: bounded, nothing lost', () => {
    const seen: number[] = [];
    const batch = new DeferredBatch<number>({ process: (n) => seen.push(n), onError: () => {}, maxPending: 4, maxPerDrain: 100 });
    for (let i = 0; i < 10; i++) batch.add(i);
    expect(batch.pending).toBe(4);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5]);
    expect(batch.handledInline).toBe(6);
    batch.drainNow();
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('an item that throws is reported and the others are still handled', () => {
    const errors: unknown[] = [];
    const seen: number[] = [];
    const batch = new DeferredBatch<number>({
      process: (n) => {
        if (n === 1) throw new Error('bad item');
        seen.push(n);
      },
      onError: (e) => errors.push(e),
      maxPending: 10,
      maxPerDrain: 10,
    });
    for (let i = 0; i < 3; i++) batch.add(i);
    batch.drainNow();
    expect(seen).toEqual([0, 2]);
    expect(errors).toHaveLength(1);
  });
});

describe('the processor: span.end() only remembers the span', () => {
  it('maps, runs hooks and exports after the current task, not inside end()', async () => {
    const hooked: string[] = [];
    h = createHarness({ processor: { beforeExport: (span) => (hooked.push(span.name), span) } });
    h.tracer.startSpan('chat', { attributes: llm }).end();
    expect(hooked).toEqual([]);
    expect(h.processor.stats().pendingSpans).toBe(1);
    await afterCurrentTask();
    expect(hooked).toEqual(['chat']);
    expect(h.processor.stats().pendingSpans).toBe(0);
  });

  it('forceFlush() covers spans ended just before it', async () => {
    h = createHarness();
    for (let i = 0; i < 5; i++) h.tracer.startSpan(`s${i}`, { attributes: llm }).end();
    await h.processor.forceFlush();
    expect(h.exporter.getFinishedSpans().map((s) => s.name)).toEqual(['s0', 's1', 's2', 's3', 's4']);
  });

  it('shutdown() processes and exports what ended just before it; spans ended after it are ignored', async () => {
    h = createHarness();
    const exported: string[] = [];
    const exportSpy = vi.spyOn(h.exporter, 'export').mockImplementation((spans, done) => {
      exported.push(...spans.map((s) => s.name));
      done({ code: 0 });
    });
    h.tracer.startSpan('before', { attributes: llm }).end();
    await h.processor.shutdown();
    h.tracer.startSpan('after', { attributes: llm }).end();
    await afterCurrentTask();
    expect(exported).toEqual(['before']);
    exportSpy.mockRestore();
  });

  it('spans ended in one task, children first or parents first, keep their parents, sessions and nested-LLM reconciliation', async () => {
    h = createHarness();
    const root = h.tracer.startSpan('workflow', { attributes: { [LLMOBS_KIND]: 'workflow', '_dd.ml_obs.session_id': 'sess-1' } });
    const rootContext = trace.setSpan(ROOT_CONTEXT, root);
    // A framework llm span wrapping a provider llm span of another library: demoted to a workflow.
    const usage = { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 2 };
    const framework = h.provider.getTracer('langchain').startSpan('framework', { attributes: usage }, rootContext);
    const inner = h.provider.getTracer('@traceloop/instrumentation-openai').startSpan('openai.chat', { attributes: usage }, trace.setSpan(rootContext, framework));
    root.end(); // out of order: the root ends first
    inner.end();
    framework.end();
    const spans = await h.exported();
    expect(byName(spans, 'openai.chat').parentId).toBe(framework.spanContext().spanId);
    expect(byName(spans, 'framework').parentId).toBe(root.spanContext().spanId);
    expect(byName(spans, 'openai.chat').sessionId).toBe('sess-1');
    expect(byName(spans, 'framework').kind).toBe('workflow');
    expect(byName(spans, 'openai.chat').kind).toBe('llm');
  });

  it(`holds at most ${MAX_PENDING_SPANS} ended spans; beyond it end() processes the oldest itself and nothing is lost`, async () => {
    // A `next` processor takes every span as it comes (a plain exporter would cap what waits for it).
    const received: string[] = [];
    const next = { onStart: () => {}, onEnd: (span: { name: string }) => void received.push(span.name), forceFlush: () => Promise.resolve(), shutdown: () => Promise.resolve() };
    const processor = new LLMObsSpanProcessor({ next, mlApp: 'app' });
    const provider = new BasicTracerProvider({ spanProcessors: [processor] });
    const tracer = provider.getTracer('t');
    const total = MAX_PENDING_SPANS + 50;
    for (let i = 0; i < total; i++) tracer.startSpan(`s${i}`, { attributes: llm }).end();
    expect(processor.stats()).toMatchObject({ pendingSpans: MAX_PENDING_SPANS, processedInline: 50 });
    expect(received).toHaveLength(50); // the oldest, processed inside end()
    await processor.forceFlush();
    expect(received).toHaveLength(total);
    expect(received[total - 1]).toBe(`s${total - 1}`);
    expect(processor.stats().internalErrors).toBe(0);
    await provider.shutdown();
  });
});
