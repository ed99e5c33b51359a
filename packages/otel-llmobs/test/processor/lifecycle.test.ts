import type { Context } from '@opentelemetry/api';
import { context, createContextKey, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ExportResult, ReadableSpan, Span, SpanExporter, SpanProcessor } from '../helpers/sdk.js';
import { BasicTracerProvider, BatchSpanProcessor, InMemorySpanExporter, SimpleSpanProcessor } from '../helpers/sdk.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readLLMObsSpan } from '../../src/conventions/attached-span.js';
import { LLMObsSpanProcessor } from '../../src/processor/llmobs-span-processor.js';
import type { ReadableSpanLike, StartedSpanLike } from '../../src/sdk-shapes/span-shapes.js';
import { getLLMObsRuntime } from '../../src/runtime/llmobs-runtime.js';
import { captureDiag } from '../datadog/diag-capture.js';
import { FakeIntake } from '../datadog/fake-intake.js';
import { blankProcessorEnv } from './env.js';
import type { Harness } from './harness.js';
import { createHarness, installContextManager, LLMOBS_KIND, resetRuntime } from './harness.js';

let h: Harness | undefined;
let logs: ReturnType<typeof captureDiag>;
beforeEach(() => {
  blankProcessorEnv();
  logs = captureDiag();
  installContextManager();
});
afterEach(async () => {
  await h?.shutdown();
  h = undefined;
  resetRuntime();
  logs.restore();
  vi.unstubAllEnvs();
  vi.useRealTimers();
});

const llmAttributes = { [LLMOBS_KIND]: 'llm', '_dd.ml_obs.model_name': 'gpt-4o' };

/** `span.end()` only remembers the span: the deferred batch runs after the current task. */
const afterCurrentTask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** An exporter that calls back only when told to. */
class SlowExporter implements SpanExporter {
  readonly batches: ReadableSpan[][] = [];
  readonly pending: Array<() => void> = [];
  shutdownCalls = 0;
  forceFlushCalls = 0;
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.batches.push(spans);
    this.pending.push(() => done({ code: 0 }));
  }
  release(): void {
    for (const done of this.pending.splice(0)) done();
  }
  shutdown(): Promise<void> {
    this.shutdownCalls++;
    return Promise.resolve();
  }
  forceFlush(): Promise<void> {
    this.forceFlushCalls++;
    return Promise.resolve();
  }
}

function provider(processor: LLMObsSpanProcessor, extra: SpanProcessor[] = []): BasicTracerProvider {
  return new BasicTracerProvider({ spanProcessors: [processor, ...extra] });
}

describe('forceFlush and shutdown', () => {
  it('forceFlush awaits pending exports, and concurrent calls all wait', async () => {
    const exporter = new SlowExporter();
    const processor = new LLMObsSpanProcessor({ exporter, mlApp: 'app' });
    const tracer = provider(processor).getTracer('t');
    tracer.startSpan('a', { attributes: llmAttributes }).end();
    let flushed = 0;
    const first = processor.forceFlush().then(() => flushed++);
    const second = processor.forceFlush().then(() => flushed++);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(exporter.batches).toHaveLength(1);
    expect(flushed).toBe(0);
    exporter.release();
    await Promise.all([first, second]);
    expect(flushed).toBe(2);
    expect(exporter.forceFlushCalls).toBe(2);
    await processor.shutdown();
  });

  it('shutdown is idempotent, flushes first, shuts the exporter down once, then ignores new spans', async () => {
    const exporter = new SlowExporter();
    const processor = new LLMObsSpanProcessor({ exporter, mlApp: 'app' });
    const p = provider(processor);
    const tracer = p.getTracer('t');
    tracer.startSpan('before', { attributes: llmAttributes }).end();
    const one = processor.shutdown();
    const two = processor.shutdown();
    expect(one).toBe(two);
    expect(getLLMObsRuntime().processors.size).toBe(0);
    setTimeout(() => exporter.release(), 10);
    await one;
    expect(exporter.batches.flat().map((s) => s.name)).toEqual(['before']);
    expect(exporter.shutdownCalls).toBe(1);
    tracer.startSpan('after', { attributes: llmAttributes }).end();
    await processor.forceFlush();
    expect(exporter.batches).toHaveLength(1);
    await processor.shutdown();
    expect(exporter.shutdownCalls).toBe(1);
  });

  it('a callback that never comes does not hang flush: forceFlush resolves by flushTimeoutMillis, the export is counted as failed', async () => {
    const exporter = new SlowExporter();
    const processor = new LLMObsSpanProcessor({ exporter, mlApp: 'app', flushTimeoutMillis: 30 });
    provider(processor).getTracer('t').startSpan('stuck', { attributes: llmAttributes }).end();
    await processor.forceFlush();
    await vi.waitFor(() => expect(processor.stats().failed).toBe(1), { timeout: 10_000 });
    expect(logs.logs.some((l) => l.level === 'warn' && l.message.includes('export failed'))).toBe(true);
    await processor.shutdown();
  });

  it('a next processor whose flush and shutdown never settle: both still resolve by flushTimeoutMillis, with a warning', async () => {
    const never = new Promise<void>(() => {});
    const next: SpanProcessor = { onStart: () => {}, onEnd: () => {}, forceFlush: () => never, shutdown: () => never };
    const processor = new LLMObsSpanProcessor({ next, mlApp: 'app', flushTimeoutMillis: 50 });
    provider(processor).getTracer('t').startSpan('x', { attributes: llmAttributes }).end();
    await processor.forceFlush();
    await processor.shutdown();
    expect(logs.logs.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual([
      'otel-llmobs/processor forceFlush did not finish within flushTimeoutMillis (50 ms); continuing without it',
      'otel-llmobs/processor shutdown did not finish within flushTimeoutMillis (50 ms); continuing without it',
    ]);
  });

  it('never throws into the app and never rejects, whatever the exporter does', async () => {
    const exporter: SpanExporter = {
      export: () => {
        throw new Error('exporter bug');
      },
      shutdown: () => Promise.reject(new Error('shutdown bug')),
      forceFlush: () => Promise.reject(new Error('flush bug')),
    };
    const processor = new LLMObsSpanProcessor({ exporter, mlApp: 'app', mode: 'immediate' });
    const tracer = provider(processor).getTracer('t');
    expect(() => tracer.startSpan('x', { attributes: llmAttributes }).end()).not.toThrow();
    await expect(processor.forceFlush()).resolves.toBeUndefined();
    await expect(processor.shutdown()).resolves.toBeUndefined();
    expect(processor.stats().failed).toBe(1);
  });

  it('survives a malformed span (internal error counted, logged once)', async () => {
    const processor = new LLMObsSpanProcessor({ exporter: new InMemorySpanExporter(), mlApp: 'app' });
    const broken = {
      spanContext: () => {
        throw new Error('broken span');
      },
    } as unknown as ReadableSpanLike;
    expect(() => processor.onStart(broken as unknown as StartedSpanLike, ROOT_CONTEXT)).not.toThrow();
    expect(() => processor.onEnd(broken)).not.toThrow();
    expect(() => processor.onEnd(broken)).not.toThrow();
    await afterCurrentTask();
    expect(processor.stats().internalErrors).toBe(3);
    expect(logs.logs.filter((l) => l.level === 'error')).toHaveLength(2); // once for onStart, once for onEnd
    return processor.shutdown();
  });
});

describe('export modes and the bounded queue', () => {
  it('immediate mode exports every span as it ends (right after the current task)', async () => {
    const exporter = new InMemorySpanExporter();
    const spy = vi.spyOn(exporter, 'export');
    const processor = new LLMObsSpanProcessor({ exporter, mlApp: 'app', mode: 'immediate' });
    const tracer = provider(processor).getTracer('t');
    tracer.startSpan('one', { attributes: llmAttributes }).end();
    await afterCurrentTask();
    expect(spy).toHaveBeenCalledTimes(1);
    tracer.startSpan('two', { attributes: llmAttributes }).end();
    await afterCurrentTask();
    expect(spy).toHaveBeenCalledTimes(2);
    expect(spy.mock.calls.map((c) => c[0].length)).toEqual([1, 1]);
    return processor.shutdown();
  });

  it('is immediate by default on AWS Lambda, or with OTEL_LLMOBS_EXPORT_MODE', async () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'fn');
    const exporter = new InMemorySpanExporter();
    const lambda = new LLMObsSpanProcessor({ exporter, mlApp: 'app' });
    provider(lambda).getTracer('t').startSpan('x', { attributes: llmAttributes }).end();
    await afterCurrentTask();
    expect(exporter.getFinishedSpans()).toHaveLength(1);
    await lambda.shutdown();
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', '');
    vi.stubEnv('OTEL_LLMOBS_EXPORT_MODE', 'immediate');
    const exporter2 = new InMemorySpanExporter();
    const byEnv = new LLMObsSpanProcessor({ exporter: exporter2, mlApp: 'app' });
    provider(byEnv).getTracer('t').startSpan('x', { attributes: llmAttributes }).end();
    await afterCurrentTask();
    expect(exporter2.getFinishedSpans()).toHaveLength(1);
    await byEnv.shutdown();
  });

  it('a plain exporter: the spans that end in the same task go in one export() call, right after it (no timer)', async () => {
    const exporter = new SlowExporter();
    const processor = new LLMObsSpanProcessor({ exporter, mlApp: 'app' });
    const tracer = provider(processor).getTracer('t');
    for (let i = 0; i < 3; i++) tracer.startSpan(`s${i}`, { attributes: llmAttributes }).end();
    expect(exporter.batches).toHaveLength(0); // not inside span.end()
    await new Promise((resolve) => setImmediate(resolve));
    tracer.startSpan('later', { attributes: llmAttributes }).end();
    // The deferred batch hands 'later' on after this task, the downstream exports it after that one.
    await vi.waitFor(() => expect(exporter.batches).toHaveLength(2), { timeout: 10_000 });
    expect(exporter.batches.map((b) => b.map((s) => s.name))).toEqual([['s0', 's1', 's2'], ['later']]);
    exporter.release();
    await processor.forceFlush();
    expect(processor.stats()).toMatchObject({ exported: 4, failed: 0, droppedQueueFull: 0 });
    await processor.shutdown();
  });

  it('a plain exporter that never calls back: beyond 2048 spans waiting, new ones are dropped, counted, warned about once', async () => {
    const slow = new SlowExporter();
    const blocked = new LLMObsSpanProcessor({ exporter: slow, mlApp: 'app' });
    const tracer = provider(blocked).getTracer('t');
    for (let i = 0; i < 2051; i++) tracer.startSpan(`s${i}`, { attributes: llmAttributes }).end();
    // end() only remembers the spans: the deferred batch hands them on, 256 per turn.
    await vi.waitFor(() => expect(blocked.stats().pendingSpans).toBe(0), { timeout: 10_000 });
    expect(blocked.stats().droppedQueueFull).toBe(3);
    expect(logs.logs.filter((l) => l.message.includes('spans are waiting for the exporter'))).toHaveLength(1);
    const flush = blocked.forceFlush();
    await vi.waitFor(() => expect(slow.pending.length).toBeGreaterThan(0), { timeout: 10_000 });
    slow.release();
    await flush;
    expect(slow.batches.flat()).toHaveLength(2048);
    expect(blocked.stats()).toMatchObject({ exported: 2048, droppedQueueFull: 3 });
    await blocked.shutdown();
  });

  it('the batching options of the former queue are ignored, with one warning that says what to do instead', () => {
    const processor = new LLMObsSpanProcessor({ exporter: new InMemorySpanExporter(), ...({ maxQueueSize: 10, scheduledDelayMillis: 50 } as object) });
    const warnings = logs.logs.filter((l) => l.level === 'warn').map((l) => l.message);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('scheduledDelayMillis, maxQueueSize are ignored');
    expect(warnings[0]).toContain('next: new BatchSpanProcessor(exporter');
    return processor.shutdown();
  });

  it('next: a BatchSpanProcessor of the SDK receives the derived spans (canonical attributes, model attached), flushed and shut down through ours', async () => {
    const exporter = new InMemorySpanExporter();
    const next = new BatchSpanProcessor(exporter, { scheduledDelayMillis: 60_000 });
    const processor = new LLMObsSpanProcessor({ next, mlApp: 'app' });
    const p = provider(processor);
    const tracer = p.getTracer('t');
    tracer.startSpan('chat', { attributes: llmAttributes }).end();
    tracer.startSpan('plain').end();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(exporter.getFinishedSpans()).toHaveLength(0); // the BatchSpanProcessor's delay applies
    await processor.forceFlush();
    const [derived] = exporter.getFinishedSpans();
    expect(exporter.getFinishedSpans()).toHaveLength(1);
    expect(derived!.attributes).toMatchObject({ 'gen_ai.request.model': 'gpt-4o', '_dd.ml_obs.ml_app': 'app' });
    expect(readLLMObsSpan(derived)?.kind).toBe('llm');
    expect(processor.stats().exported).toBe(1);
    await p.shutdown();
    tracer.startSpan('after', { attributes: llmAttributes }).end();
    await next.forceFlush();
    expect(exporter.getFinishedSpans()).toHaveLength(0); // shut down (InMemorySpanExporter resets on shutdown)
  });

  it('next in immediate mode: its forceFlush follows each span, so nothing waits for its timer', async () => {
    const exporter = new InMemorySpanExporter();
    const next = new BatchSpanProcessor(exporter, { scheduledDelayMillis: 60_000 });
    const processor = new LLMObsSpanProcessor({ next, mlApp: 'app', mode: 'immediate' });
    provider(processor).getTracer('t').startSpan('chat', { attributes: llmAttributes }).end();
    await vi.waitFor(() => expect(exporter.getFinishedSpans()).toHaveLength(1), { timeout: 10_000 });
    await processor.shutdown();
  });

  it('async resource attributes are awaited before a plain exporter gets the span (as the SDK processors do)', async () => {
    let resolveDetector!: () => void;
    const detected = new Promise<void>((resolve) => (resolveDetector = resolve));
    const attributes: Record<string, unknown> = { 'service.name': 'svc' };
    const resource = {
      get attributes() {
        return attributes;
      },
      asyncAttributesPending: true,
      waitForAsyncAttributes: () => detected,
    };
    const exporter = new SlowExporter();
    const processor = new LLMObsSpanProcessor({ exporter, mlApp: 'app', mode: 'immediate' });
    const span = {
      name: 'chat',
      kind: 0,
      spanContext: () => ({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 }),
      startTime: [1700000000, 0],
      endTime: [1700000001, 0],
      duration: [1, 0],
      ended: true,
      status: { code: 0 },
      attributes: llmAttributes,
      links: [],
      events: [],
      resource,
      instrumentationScope: { name: 'lib' },
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
    } as unknown as ReadableSpanLike;
    processor.onStart(span, ROOT_CONTEXT);
    processor.onEnd(span);
    const flushed = processor.forceFlush();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(exporter.batches).toHaveLength(0); // still waiting for the detector
    attributes['cloud.region'] = 'eu-west-1';
    resource.asyncAttributesPending = false;
    resolveDetector();
    await vi.waitFor(() => expect(exporter.batches).toHaveLength(1), { timeout: 10_000 });
    expect(exporter.batches[0]![0]!.resource.attributes['cloud.region']).toBe('eu-west-1');
    exporter.release();
    await flushed;
    await processor.shutdown();
  });

  it('exports with tracing suppressed (an instrumented HTTP client does not trace the export)', async () => {
    const SUPPRESS = createContextKey('OpenTelemetry SDK Context Key SUPPRESS_TRACING');
    let suppressed: unknown;
    const exporter: SpanExporter = {
      export: (_spans, done) => {
        suppressed = context.active().getValue(SUPPRESS);
        done({ code: 0 });
      },
      shutdown: () => Promise.resolve(),
    };
    const processor = new LLMObsSpanProcessor({ exporter, mlApp: 'app', mode: 'immediate' });
    provider(processor).getTracer('t').startSpan('x', { attributes: llmAttributes }).end();
    await afterCurrentTask();
    expect(suppressed).toBe(true);
    await processor.shutdown();
  });

  it('holds the process open only while forceFlush() is awaited: one ref\'d timer, cleared when it resolves', async () => {
    const exporter = new SlowExporter();
    const processor = new LLMObsSpanProcessor({ exporter, mlApp: 'app', mode: 'immediate' });
    provider(processor).getTracer('t').startSpan('x', { attributes: llmAttributes }).end();
    const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timeouts();
    const flushed = processor.forceFlush();
    expect(timeouts()).toBe(before + 1);
    exporter.release();
    await flushed;
    expect(timeouts()).toBe(before);
    await processor.shutdown();
  });
});

describe('what downstream exporters receive', () => {
  it('derived spans: same ids, times, resource, scope, status, events and links; own attribute object; the model attached', async () => {
    h = createHarness();
    const link = { context: { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 } };
    const span = h.tracer.startSpan('chat', { kind: SpanKind.CLIENT, attributes: llmAttributes, links: [link] });
    span.addEvent('chunk', { n: 1 });
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
    span.end();
    const [derived] = await h.derived();
    const [original] = h.stockExporter.getFinishedSpans();
    expect(derived).toBeDefined();
    expect(original).toBeDefined();
    expect(derived).not.toBe(original);
    expect(derived!.spanContext()).toEqual(original!.spanContext());
    for (const key of ['name', 'kind', 'startTime', 'endTime', 'duration', 'status', 'events', 'links', 'resource', 'instrumentationScope', 'parentSpanContext'] as const) {
      expect(derived![key]).toEqual(original![key]);
    }
    expect(derived!.resource).toBe(original!.resource);
    // A non-Datadog exporter gets the canonical GenAI attributes of the model (docs/otlp.md), in an object of its own.
    expect(derived!.attributes).toMatchObject({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', '_dd.ml_obs.ml_app': 'test-app' });
    expect(derived!.attributes).not.toHaveProperty('_dd.ml_obs.model_name');
    expect(original!.attributes).toEqual(llmAttributes);
    expect((derived as unknown as { instrumentationLibrary: unknown }).instrumentationLibrary).toEqual(original!.instrumentationScope);
    expect(readLLMObsSpan(derived)?.kind).toBe('llm');
    expect(readLLMObsSpan(original)).toBeUndefined();
  });

  it('never mutates the spans other processors share', async () => {
    const setters: string[] = [];
    const snapshots = new Map<string, unknown>();
    /** Placed before ours: spies on the span's mutators, and snapshots attributes at end. */
    const spy: SpanProcessor = {
      onStart(span: Span): void {
        for (const method of ['setAttribute', 'setAttributes', 'addEvent', 'setStatus', 'updateName', 'addLink', 'addLinks', 'recordException', 'end'] as const) {
          const original = (span as unknown as Record<string, (...a: unknown[]) => unknown>)[method]!.bind(span);
          (span as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
            setters.push(`${span.name}.${method}`);
            return original(...args);
          };
        }
      },
      onEnd(span: ReadableSpan): void {
        snapshots.set(span.name, structuredClone({ attributes: span.attributes, status: span.status, events: span.events, name: span.name }));
      },
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    };
    h = createHarness({ before: [spy] });
    h.tracer.startSpan('plain').end();
    setters.length = 0;
    const parent = h.tracer.startSpan('wf', { attributes: { [LLMOBS_KIND]: 'workflow', '_dd.ml_obs.session_id': 's' } });
    const childSpan = h.tracer.startSpan('chat', { attributes: llmAttributes }, trace.setSpan(ROOT_CONTEXT, parent));
    expect(setters).toEqual([]); // our onStart wrote nothing
    childSpan.end();
    parent.end();
    expect(setters).toEqual(['chat.end', 'wf.end']);
    await h.exported();
    for (const original of h.stockExporter.getFinishedSpans()) {
      expect(structuredClone({ attributes: original.attributes, status: original.status, events: original.events, name: original.name })).toEqual(
        snapshots.get(original.name),
      );
      expect(Object.keys(original.attributes).some((k) => k.startsWith('_dd.') && !k.startsWith('_dd.ml_obs.'))).toBe(false);
    }
  });

  it('spanFilter replaces the default: plain spans can be exported (no model), LLM spans left out', async () => {
    h = createHarness({ processor: { spanFilter: (span, info) => (info.kind === undefined ? span.name.startsWith('GET') : info.kind !== 'tool') } });
    h.tracer.startSpan('GET /health').end();
    h.tracer.startSpan('POST /x').end();
    h.tracer.startSpan('tool-call', { attributes: { [LLMOBS_KIND]: 'tool' } }).end();
    h.tracer.startSpan('chat', { attributes: llmAttributes }).end();
    const derived = await h.derived();
    expect(derived.map((s) => s.name)).toEqual(['GET /health', 'chat']);
    expect(readLLMObsSpan(derived[0])).toBeUndefined();
    expect(readLLMObsSpan(derived[1])?.kind).toBe('llm');
  });

  it('demotes a framework llm span that wraps a provider llm span of another library (nested-LLM reconciliation)', async () => {
    h = createHarness();
    const framework = h.provider.getTracer('langchain');
    const provider2 = h.provider.getTracer('@traceloop/instrumentation-openai');
    const outer = framework.startSpan('ChatOpenAI', { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 2 } });
    const inner = provider2.startSpan(
      'openai.chat',
      { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 2 } },
      trace.setSpan(ROOT_CONTEXT, outer),
    );
    inner.end();
    outer.end();
    const spans = await h.exported();
    const outerModel = spans.find((s) => s.name === 'ChatOpenAI');
    const innerModel = spans.find((s) => s.name === 'openai.chat');
    expect(innerModel?.kind).toBe('llm');
    expect(innerModel?.parentId).toBe(outer.spanContext().spanId);
    expect(outerModel?.kind).toBe('workflow');
    expect(outerModel?.metrics.input_tokens).toBeUndefined();
  });
});

describe('configuration', () => {
  it('throws precise errors for bad code values', () => {
    const exporter = new InMemorySpanExporter();
    expect(() => new LLMObsSpanProcessor({ exporter, sampleRate: 2 })).toThrow("Configuration: sampleRate is invalid, expected a number between 0 and 1 (actual: '2')");
    expect(() => new LLMObsSpanProcessor({ exporter, mode: 'sync' as 'batched' })).toThrow("Configuration: mode is invalid, expected 'batched' or 'immediate' (actual: 'sync')");
    expect(() => new LLMObsSpanProcessor({ exporter, flushTimeoutMillis: 0 })).toThrow('Configuration: flushTimeoutMillis is invalid');
    expect(() => new LLMObsSpanProcessor({ next: {} as SpanProcessor })).toThrow('Configuration: next is invalid');
    expect(() => new LLMObsSpanProcessor({ exporter, next: new SimpleSpanProcessor(exporter) })).toThrow('Configuration: set exporter or next, not both');
    expect(() => new LLMObsSpanProcessor({ exporter, mlApp: '' })).toThrow('Configuration: mlApp is invalid');
    expect(() => new LLMObsSpanProcessor({ exporter: {} as SpanExporter })).toThrow('Configuration: exporter is invalid');
    expect(() => new LLMObsSpanProcessor({ exporter, spanFilter: 'x' as unknown as () => boolean })).toThrow('Configuration: spanFilter is invalid');
    expect(() => new LLMObsSpanProcessor({ exporter, sessionKeys: ['ok', ''] })).toThrow('Configuration: sessionKeys is invalid');
  });

  it('warns and falls back on bad environment values', async () => {
    vi.stubEnv('DD_LLMOBS_SAMPLE_RATE', 'half');
    vi.stubEnv('OTEL_LLMOBS_EXPORT_MODE', 'sometimes');
    const exporter = new InMemorySpanExporter();
    const processor = new LLMObsSpanProcessor({ exporter, mlApp: 'app' });
    expect(logs.text()).toContain("DD_LLMOBS_SAMPLE_RATE is invalid, expected a number between 0 and 1 (actual: 'half')");
    expect(logs.text()).toContain('OTEL_LLMOBS_EXPORT_MODE is invalid');
    provider(processor).getTracer('t').startSpan('x', { attributes: llmAttributes }).end();
    expect(exporter.getFinishedSpans()).toHaveLength(0); // batched, rate 1
    await processor.forceFlush();
    expect(exporter.getFinishedSpans()).toHaveLength(1);
    await processor.shutdown();
  });

  it('DD_LLMOBS_ENABLED=false turns it off: nothing recorded, nothing exported', async () => {
    vi.stubEnv('DD_LLMOBS_ENABLED', 'false');
    const exporter = new InMemorySpanExporter();
    const processor = new LLMObsSpanProcessor({ exporter, mlApp: 'app', mode: 'immediate' });
    expect(getLLMObsRuntime().processors.size).toBe(0);
    provider(processor).getTracer('t').startSpan('x', { attributes: llmAttributes }).end();
    await processor.forceFlush();
    expect(exporter.getFinishedSpans()).toHaveLength(0);
    expect(processor.stats().liveSpans).toBe(0);
    await processor.shutdown();
  });

  it('without an exporter builds an LLMObsExporter from the environment', async () => {
    const intake = await FakeIntake.start();
    try {
      vi.stubEnv('OTEL_LLMOBS_INTAKE_URL', intake.url);
      vi.stubEnv('DD_API_KEY', '0123456789abcdef0123456789abcdef');
      vi.stubEnv('DD_LLMOBS_ML_APP', 'env-app');
      const processor = new LLMObsSpanProcessor();
      provider(processor).getTracer('t').startSpan('chat', { attributes: llmAttributes }).end();
      await processor.shutdown();
      const events = intake.posts.flatMap((r) => (r.json as Array<{ spans: Array<{ name: string; tags: string[] }> }>).flatMap((e) => e.spans));
      expect(events.map((e) => e.name)).toEqual(['chat']);
      expect(events[0]?.tags).toContain('ml_app:env-app');
    } finally {
      await intake.close();
    }
  });
});

describe('SDK 1.x span shapes', () => {
  it('reads parentSpanId and instrumentationLibrary when parentSpanContext and instrumentationScope are absent', async () => {
    const exporter = new InMemorySpanExporter();
    const processor = new LLMObsSpanProcessor({ exporter, mlApp: 'app' });
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const make = (name: string, spanId: string, parentSpanId: string | undefined, attributes: Record<string, string>): ReadableSpanLike => {
      const s: Record<string, unknown> = {
        name,
        kind: 0,
        spanContext: () => ({ traceId, spanId, traceFlags: 1 }),
        startTime: [1700000000, 0],
        endTime: [1700000001, 0],
        duration: [1, 0],
        ended: true,
        status: { code: 0 },
        attributes,
        links: [],
        events: [],
        resource: { attributes: { 'service.name': 'legacy' } },
        instrumentationLibrary: { name: 'legacy-lib', version: '1.0.0' },
        droppedAttributesCount: 0,
        droppedEventsCount: 0,
        droppedLinksCount: 0,
      };
      if (parentSpanId) s.parentSpanId = parentSpanId;
      return s as unknown as ReadableSpanLike;
    };
    const root = make('root', 'b7ad6b7169203331', undefined, { [LLMOBS_KIND]: 'workflow' });
    const plain = make('GET', 'c7ad6b7169203331', 'b7ad6b7169203331', {});
    const leaf = make('leaf', 'd7ad6b7169203331', 'c7ad6b7169203331', { [LLMOBS_KIND]: 'llm' });
    const parentContext: Context = ROOT_CONTEXT;
    for (const s of [root, plain, leaf]) processor.onStart(s, parentContext);
    for (const s of [leaf, plain, root]) processor.onEnd(s);
    await processor.forceFlush();
    const models = exporter.getFinishedSpans().map((s) => readLLMObsSpan(s));
    expect(models.map((m) => [m?.name, m?.parentId, m?.scopeName])).toEqual([
      ['leaf', 'b7ad6b7169203331', 'legacy-lib'],
      ['root', undefined, 'legacy-lib'],
    ]);
    await processor.shutdown();
  });
});
