import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveSpanRegistry } from '../../src/processor/live-span-registry.js';
import type { LiveSpanEntry } from '../../src/processor/live-span-registry.js';
import { captureDiag } from '../datadog/diag-capture.js';
import { blankProcessorEnv } from './env.js';
import type { Harness } from './harness.js';
import { byName, createHarness, LLMOBS_KIND, resetRuntime } from './harness.js';

let h: Harness | undefined;
let logs: ReturnType<typeof captureDiag>;
beforeEach(() => {
  blankProcessorEnv();
  logs = captureDiag();
});
afterEach(async () => {
  await h?.shutdown();
  h = undefined;
  resetRuntime();
  logs.restore();
  vi.unstubAllEnvs();
});

const entry = (spanId: string): LiveSpanEntry => ({ spanId, inherited: undefined, annotation: undefined, stamp: undefined, forChildren: undefined });

describe('LiveSpanRegistry', () => {
  it('caps entries per trace, evicting the oldest first, and counts evictions', () => {
    let warned = 0;
    const registry = new LiveSpanRegistry({ maxSpans: 100, maxSpansPerTrace: 3, onFirstEviction: () => warned++ });
    for (let i = 0; i < 5; i++) registry.register('t1', entry(`s${i}`));
    expect(registry.size).toBe(3);
    expect(registry.evictions).toBe(2);
    expect(warned).toBe(1);
    expect(registry.get('t1', 's0')).toBeUndefined();
    expect(registry.get('t1', 's4')).toBeDefined();
  });

  it('caps entries in total, evicting from the oldest trace, and forgets emptied traces', () => {
    const registry = new LiveSpanRegistry({ maxSpans: 4, maxSpansPerTrace: 10 });
    for (let t = 0; t < 4; t++) {
      registry.register(`t${t}`, entry('a'));
      registry.register(`t${t}`, entry('b'));
    }
    expect(registry.size).toBe(4);
    expect(registry.traceCount).toBe(2);
    expect(registry.trace('t0')).toBeUndefined();
    expect(registry.evictions).toBe(4);
  });

  it('take() removes the entry and drops a trace once its last live span ended', () => {
    const registry = new LiveSpanRegistry({ maxSpans: 10, maxSpansPerTrace: 10 });
    registry.register('t', entry('a'));
    registry.register('t', entry('b'));
    expect(registry.take('t', 'a')?.spanId).toBe('a');
    expect(registry.traceCount).toBe(1);
    registry.take('t', 'b');
    expect(registry.traceCount).toBe(0);
    expect(registry.size).toBe(0);
    expect(registry.take('t', 'b')).toBeUndefined();
  });
});

describe('the processor under spans that never end', () => {
  it('stays within maxLiveSpansPerTrace, logs once, and still exports an evicted span correctly when it ends', async () => {
    h = createHarness({ processor: { maxLiveSpansPerTrace: 10, maxLiveSpans: 1000 } });
    const root = h.tracer.startSpan('root', { attributes: { [LLMOBS_KIND]: 'workflow', '_dd.ml_obs.session_id': 'sess' } });
    const rootContext = trace.setSpan(ROOT_CONTEXT, root);
    const leaked: Span[] = [];
    for (let i = 0; i < 100; i++) leaked.push(h.tracer.startSpan(`leak-${i}`, { attributes: { [LLMOBS_KIND]: 'task' } }, rootContext));
    const stats = h.processor.stats();
    expect(stats.liveSpans).toBe(10);
    expect(stats.evictedLiveSpans).toBe(91);
    expect(logs.logs.filter((l) => l.message.includes('live span registry full'))).toHaveLength(1);

    // leak-0 and the root were evicted long ago: ending them still gives the right model.
    leaked[0]?.end();
    root.end();
    const spans = await h.exported();
    expect(byName(spans, 'leak-0').parentId).toBe(root.spanContext().spanId);
    expect(byName(spans, 'leak-0').sessionId).toBe('sess');
    expect(byName(spans, 'root').parentId).toBeUndefined();
    for (const span of leaked.slice(1)) span.end();
    await h.processor.forceFlush();
    expect(h.processor.stats().liveSpans).toBe(0);
  });

  it('stays within maxLiveSpans across many traces', () => {
    h = createHarness({ processor: { maxLiveSpans: 50 } });
    for (let i = 0; i < 500; i++) h.tracer.startSpan(`never-ends-${i}`, { attributes: { [LLMOBS_KIND]: 'task' } });
    expect(h.processor.stats().liveSpans).toBe(50);
    expect(h.processor.stats().evictedLiveSpans).toBe(450);
  });

  it('remembers nothing about plain traffic (HTTP, DB spans with no LLM span above them)', () => {
    h = createHarness();
    const root = h.tracer.startSpan('GET /health');
    for (let i = 0; i < 100; i++) h.tracer.startSpan(`SELECT ${i}`, {}, trace.setSpan(ROOT_CONTEXT, root));
    expect(h.processor.stats().liveSpans).toBe(0);
  });

  it('holds nothing once every span ended', async () => {
    h = createHarness();
    await h.llmobs.trace({ kind: 'workflow', name: 'wf' }, async () => {
      await Promise.all([1, 2, 3].map((i) => h!.llmobs.trace({ kind: 'task', name: `t${i}` }, async () => {})));
    });
    await new Promise((resolve) => setImmediate(resolve)); // the deferred batch processes them after this task
    expect(h.processor.stats()).toMatchObject({ liveSpans: 0, pendingSpans: 0 });
  });
});
