import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { attachLLMObsSpan } from '../../src/conventions/attached-span.js';
import { LLMObsExporter } from '../../src/datadog/llmobs-exporter.js';
import { LLMObsSpanProcessor } from '../../src/processor/llmobs-span-processor.js';
import { QUEUES_ON_EXPORT } from '../../src/sdk-shapes/exporter-capabilities.js';
import { captureDiag, DATADOG_ENV_NAMES } from '../datadog/diag-capture.js';
import { FAST } from '../datadog/exporter-test-kit.js';
import { makeSpan } from '../datadog/span-fixtures.js';
import { blankProcessorEnv } from './env.js';
import { BasicTracerProvider, InMemorySpanExporter } from '../helpers/sdk.js';

/**
 * The processor hands spans straight to an exporter that queues on export (LLMObsExporter) instead
 * of batching in front of it; LLMObsExporter encodes right after the current task, not in export().
 */
let logs: ReturnType<typeof captureDiag>;
beforeEach(() => {
  blankProcessorEnv();
  for (const name of DATADOG_ENV_NAMES) vi.stubEnv(name, '');
  logs = captureDiag();
});
afterEach(() => {
  logs.restore();
  vi.unstubAllEnvs();
});

const llm = { '_dd.ml_obs.span_kind': 'llm', '_dd.ml_obs.model_name': 'gpt-4o' };
const bodies: string[] = [];
const fetch = (_url: string, init: { body?: string }) => {
  bodies.push(init.body ?? '');
  return Promise.resolve({ status: 202, text: () => Promise.resolve(''), headers: { get: () => null } });
};

describe('processor → exporter hand-off', () => {
  it('hands each span to LLMObsExporter as it ends: no batch, no timer in front of it', async () => {
    const exporter = new LLMObsExporter({ ...FAST, flushIntervalMillis: 60_000, intakeUrl: 'http://127.0.0.1:9', fetch });
    expect(exporter[QUEUES_ON_EXPORT]).toBe(true);
    const exportSpy = vi.spyOn(exporter, 'export');
    const processor = new LLMObsSpanProcessor({ exporter, mlApp: 'app' });
    const provider = new BasicTracerProvider({ spanProcessors: [processor] });
    const tracer = provider.getTracer('t');
    tracer.startSpan('a', { attributes: llm }).end();
    tracer.startSpan('b', { attributes: llm }).end();
    expect(exportSpy).not.toHaveBeenCalled(); // span.end() only remembers the span: the deferred batch runs after this task
    await new Promise((resolve) => setImmediate(resolve));
    expect(exportSpy).toHaveBeenCalledTimes(2);
    expect(exportSpy.mock.calls.map(([spans]) => spans.length)).toEqual([1, 1]);
    expect(processor.stats().exported).toBe(2);
    expect(exporter.stats().queued).toBe(2);
    bodies.length = 0;
    await provider.forceFlush();
    expect(JSON.parse(bodies.join('')).map((e: { spans: Array<{ name: string }> }) => e.spans[0]?.name)).toEqual(['a', 'b']);
    await provider.shutdown();
  });

  it('any other exporter gets the span after the current task, not inside span.end()', async () => {
    const exporter = new InMemorySpanExporter();
    const processor = new LLMObsSpanProcessor({ exporter, mlApp: 'app' });
    const provider = new BasicTracerProvider({ spanProcessors: [processor] });
    provider.getTracer('t').startSpan('a', { attributes: llm }).end();
    expect(exporter.getFinishedSpans()).toHaveLength(0);
    await processor.forceFlush();
    expect(exporter.getFinishedSpans()).toHaveLength(1);
    await provider.shutdown();
  });

  it('LLMObsExporter encodes after the current task, not inside export() (whose caller is span.end())', async () => {
    const exporter = new LLMObsExporter({ ...FAST, flushIntervalMillis: 60_000, intakeUrl: 'http://127.0.0.1:9', fetch });
    let reads = 0;
    const model = makeSpan({ name: 'lazy' });
    const span = attachLLMObsSpan({ resource: { attributes: {} } }, new Proxy(model, { get: (t, k) => (reads++, Reflect.get(t, k)) }));
    const results: number[] = [];
    exporter.export([span], (r) => results.push(r.code));
    expect(results).toEqual([0]);
    expect(reads).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(reads).toBeGreaterThan(0);
    expect(exporter.stats().queued).toBe(1);
    await exporter.shutdown();
    expect(exporter.stats()).toMatchObject({ sent: 1, queued: 0 });
  });

  it('encodes at once when 512 spans wait, and forceFlush/shutdown/stats never miss a waiting span', async () => {
    const exporter = new LLMObsExporter({ ...FAST, flushIntervalMillis: 60_000, intakeUrl: 'http://127.0.0.1:9', fetch });
    const spans = Array.from({ length: 512 }, () => attachLLMObsSpan({ resource: { attributes: {} } }, makeSpan()));
    exporter.export(spans, () => {});
    expect(exporter.stats().queued).toBe(512);
    exporter.export([attachLLMObsSpan({ resource: { attributes: {} } }, makeSpan())], () => {});
    await exporter.shutdown();
    expect(exporter.stats()).toMatchObject({ sent: 513, queued: 0, dropped: {} });
  });
});
