// The span pipelines compared, each on a stock SDK 2.x BasicTracerProvider.
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { AggregationTemporality, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { LLMObsExporter, LLMObsSpanProcessor } from 'otel-llmobs';
import { RESOURCE_ATTRIBUTES } from './spans.mjs';

export const PIPELINES = {
  bare: 'no span processor (span creation only)',
  'bsp-noop': 'BatchSpanProcessor + no-op exporter',
  'bsp-otlp': 'BatchSpanProcessor + OTLPTraceExporter (HTTP/JSON) → local sink',
  llmobs: 'LLMObsSpanProcessor + LLMObsExporter → local sink (defaults: sensitive-data scanning on)',
  'llmobs-no-scan': 'the same, sensitive-data scanning off',
  'llmobs-metrics': 'the same as llmobs, plus LLM metrics recorded into an SDK MeterProvider',
  'llmobs-batched': 'LLMObsSpanProcessor + LLMObsExporter driven as a plain exporter (export() per task, no direct hand-off) → local sink',
};

class PullReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  onForceFlush() {
    return Promise.resolve();
  }
  onShutdown() {
    return Promise.resolve();
  }
}

/** Counts what reached export() (the no-op exporter does nothing else). */
class NoopExporter {
  exported = 0;
  export(spans, done) {
    this.exported += spans.length;
    done({ code: 0 });
  }
  shutdown() {
    return Promise.resolve();
  }
  forceFlush() {
    return Promise.resolve();
  }
}

class CountingExporter {
  exported = 0;
  constructor(inner) {
    this.inner = inner;
  }
  export(spans, done) {
    this.exported += spans.length;
    this.inner.export(spans, done);
  }
  shutdown() {
    return this.inner.shutdown();
  }
  forceFlush() {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

/**
 * BatchSpanProcessor: its defaults (batches of 512, sent as soon as 512 are queued) except a 1 s delay
 * (ours; the SDK's is 5 s) and a queue large enough that it never drops (its 2048 overflows while a
 * batch is being sent at these rates, and a dropped span costs nothing: the comparison is for equal
 * work). Ours keeps its defaults (2048; it hands spans to LLMObsExporter's queue without waiting).
 */
const BSP_CONFIG = { scheduledDelayMillis: 1000, maxQueueSize: 1_000_000 };

/**
 * `provider.forceFlush()` rejects, with an array of errors, when a processor takes longer than its
 * 30 s timeout (a busy shared machine): counted, never thrown (an unhandled rejection of that kind
 * once killed the whole `pnpm bench`).
 */
function tolerantFlush(provider, counter) {
  return () =>
    provider.forceFlush().then(
      () => undefined,
      () => {
        counter.flushFailures++;
      },
    );
}

/** `{ provider, flush(), exported(): number | undefined, dropped(): number, flushFailures }` for a pipeline. */
export function createPipeline(name, sinkUrl) {
  const counter = { flushFailures: 0 };
  const pipeline = buildPipeline(name, sinkUrl, counter);
  pipeline.flush = tolerantFlush(pipeline.provider, counter);
  pipeline.flushFailures = () => counter.flushFailures;
  return pipeline;
}

function buildPipeline(name, sinkUrl) {
  const resource = resourceFromAttributes(RESOURCE_ATTRIBUTES);
  switch (name) {
    case 'bare': {
      const provider = new BasicTracerProvider({ resource });
      return { provider, flush: () => Promise.resolve(), exported: () => undefined, dropped: () => 0 };
    }
    case 'bsp-noop': {
      const exporter = new NoopExporter();
      const bsp = new BatchSpanProcessor(exporter, BSP_CONFIG);
      const provider = new BasicTracerProvider({ resource, spanProcessors: [bsp] });
      return { provider, flush: () => provider.forceFlush(), exported: () => exporter.exported, dropped: () => bsp._droppedSpansCount ?? 0 };
    }
    case 'bsp-otlp': {
      const exporter = new CountingExporter(new OTLPTraceExporter({ url: `${sinkUrl}/v1/traces` }));
      const bsp = new BatchSpanProcessor(exporter, BSP_CONFIG);
      const provider = new BasicTracerProvider({ resource, spanProcessors: [bsp] });
      return { provider, flush: () => provider.forceFlush(), exported: () => exporter.exported, dropped: () => bsp._droppedSpansCount ?? 0 };
    }
    case 'llmobs':
    case 'llmobs-no-scan':
    case 'llmobs-metrics':
    case 'llmobs-batched': {
      const exporter = new LLMObsExporter({ intakeUrl: sinkUrl, mlApp: 'bench' });
      // The processor hands spans straight to an exporter that says it queues on export; turning
      // that off drives it as a plain exporter.
      if (name === 'llmobs-batched') exporter[Symbol.for('otel-llmobs.exporter.queues-on-export')] = false;
      const options = { exporter, mlApp: 'bench' };
      if (name === 'llmobs-no-scan') options.sensitiveData = { enabled: false };
      // A pull reader nobody collects: the cost measured is recording (aggregation in memory), as an
      // app with a Prometheus reader pays between scrapes.
      if (name === 'llmobs-metrics') options.meterProvider = new MeterProvider({ readers: [new PullReader()] });
      const processor = new LLMObsSpanProcessor(options);
      const provider = new BasicTracerProvider({ resource, spanProcessors: [processor] });
      return {
        provider,
        flush: () => provider.forceFlush(),
        exported: () => exporter.stats().sent,
        stats: () => processor.stats(),
        queued: () => exporter.stats().queued,
        dropped: () => {
          const s = processor.stats();
          const d = exporter.stats().dropped;
          return s.droppedQueueFull + s.failed + s.internalErrors + Object.values(d).reduce((a, b) => a + b, 0);
        },
      };
    }
    default:
      throw new Error(`unknown pipeline ${name}`);
  }
}
