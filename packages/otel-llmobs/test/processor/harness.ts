import type { Attributes, Context, Span, Tracer } from '@opentelemetry/api';
import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import type { ReadableSpan, SpanProcessor } from '../helpers/sdk.js';
import { AsyncLocalStorageContextManager, BasicTracerProvider, BatchSpanProcessor, InMemorySpanExporter, resourceFromAttributes, SimpleSpanProcessor } from '../helpers/sdk.js';
import { readLLMObsSpan } from '../../src/conventions/attached-span.js';
import type { LLMObsSpan } from '../../src/conventions/model.js';
import type { LLMObs } from '../../src/api/llmobs.js';
import { createLLMObs } from '../../src/api/llmobs.js';
import type { LLMObsSpanProcessorOptions } from '../../src/processor/llmobs-span-processor.js';
import { LLMObsSpanProcessor } from '../../src/processor/llmobs-span-processor.js';
import { getLLMObsRuntime } from '../../src/runtime/llmobs-runtime.js';

let contextManagerInstalled = false;

/** `context.with` needs a real context manager; install AsyncLocalStorage once per test file. */
export function installContextManager(): void {
  if (contextManagerInstalled) return;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  contextManagerInstalled = true;
}

export interface Harness {
  provider: BasicTracerProvider;
  processor: LLMObsSpanProcessor;
  /** What our processor exported (derived spans). */
  exporter: InMemorySpanExporter;
  /** A stock pipeline beside ours: the original spans, untouched. */
  stockExporter: InMemorySpanExporter;
  tracer: Tracer;
  llmobs: LLMObs;
  /** Flushes, then returns the models attached to what our processor exported, in export order. */
  exported(): Promise<LLMObsSpan[]>;
  /** Flushes, then returns the derived spans our processor exported. */
  derived(): Promise<ReadableSpan[]>;
  shutdown(): Promise<void>;
}

export interface HarnessOptions {
  processor?: LLMObsSpanProcessorOptions;
  resource?: Attributes;
  /** Extra processors placed before ours. */
  before?: SpanProcessor[];
  /** Our processor hands its spans to `next: new BatchSpanProcessor(exporter)` with this delay, instead of to the exporter. */
  batchDelayMillis?: number;
}

/**
 * A real `BasicTracerProvider` with our processor (to an in-memory exporter) and a stock
 * `SimpleSpanProcessor` beside it, plus an `llmobs` API instance bound to that provider.
 */
export function createHarness(options: HarnessOptions = {}): Harness {
  installContextManager();
  const exporter = new InMemorySpanExporter();
  const stockExporter = new InMemorySpanExporter();
  const downstream =
    options.batchDelayMillis === undefined ? { exporter } : { next: new BatchSpanProcessor(exporter, { scheduledDelayMillis: options.batchDelayMillis }) };
  const processor = new LLMObsSpanProcessor({ ...downstream, mlApp: 'test-app', ...options.processor });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'test-svc', ...options.resource }),
    spanProcessors: [...(options.before ?? []), processor, new SimpleSpanProcessor(stockExporter)],
  });
  const llmobs = createLLMObs({ tracerProvider: provider });
  const derived = async (): Promise<ReadableSpan[]> => {
    await processor.forceFlush();
    return exporter.getFinishedSpans();
  };
  return {
    provider,
    processor,
    exporter,
    stockExporter,
    tracer: provider.getTracer('test'),
    llmobs,
    derived,
    exported: async () => (await derived()).map((s) => readLLMObsSpan(s)).filter((s): s is LLMObsSpan => s !== undefined),
    shutdown: async () => {
      await provider.shutdown();
    },
  };
}

/** Removes any processor or hook a test left in the process-wide runtime. */
export function resetRuntime(): void {
  const runtime = getLLMObsRuntime();
  runtime.processors.clear();
  runtime.userHook = undefined;
}

/** Starts a span with `attributes` as a child of `parent` (default: the active context). */
export function startSpan(tracer: Tracer, name: string, attributes: Attributes = {}, parent: Context = context.active()): Span {
  return tracer.startSpan(name, { attributes }, parent);
}

export function childContext(span: Span, parent: Context = ROOT_CONTEXT): Context {
  return trace.setSpan(parent, span);
}

export function byName(spans: readonly LLMObsSpan[], name: string): LLMObsSpan {
  const found = spans.find((s) => s.name === name);
  if (!found) throw new Error(`no exported span named ${name} (have: ${spans.map((s) => s.name).join(', ')})`);
  return found;
}

export const LLMOBS_KIND = '_dd.ml_obs.span_kind';
