// The gateway's core, shared by `otel-llmobs gateway` and the `/v1/traces` route of `otel-llmobs
// dev`: decoded OTLP requests → per-trace buffer → replay through an `LLMObsSpanProcessor` → its
// exporter (`LLMObsExporter` to Datadog, or the dev store). The same processor as in-process, so
// the same mapping and the same decisions.
import { diag } from '@opentelemetry/api';
import type { LLMObsSpanProcessorOptions, LLMObsSpanProcessorStats, ReadableSpanLike, SpanExporterLike } from 'otel-llmobs';
import { LLMObsSpanProcessor } from 'otel-llmobs';
import type { DecodedTraceRequest } from './otlp-model.js';
import type { OtlpSink, SinkResult } from './receiver.js';
import { replayTrace } from './replay.js';
import { toBufferedSpans } from './replay-span.js';
import type { BufferedSpan } from './replay-span.js';
import type { TraceBufferOptions, TraceBufferStats } from './trace-buffer.js';
import { TRACE_BUFFER_DEFAULTS, TraceBuffer } from './trace-buffer.js';

export interface OtlpPipelineOptions {
  /** Where the processor sends LLM Observability spans. Shut down with the pipeline. */
  exporter: SpanExporterLike;
  /** Processor settings (ml_app default, sample rate, session/user keys, hooks…); `exporter` is the pipeline's. */
  processor?: Omit<LLMObsSpanProcessorOptions, 'exporter'>;
  buffer?: Omit<TraceBufferOptions, 'onFlush' | 'onFirstEviction' | 'onFirstRejection'>;
  /** Traces already flushed whose spans are kept, so late spans still find their parents. Default 1000. */
  recentTraces?: number;
  /** Spans kept across those traces, at most. Default 20 000. */
  recentSpans?: number;
  /** Warnings (buffer full, refusals). Default: `diag`. */
  warn?: (message: string) => void;
}

export interface OtlpPipelineStats {
  buffer: TraceBufferStats;
  processor: LLMObsSpanProcessorStats;
  /** Spans and traces replayed through the processor so far. */
  replayed: { traces: number; spans: number };
  /** Flushed traces still remembered for late spans. */
  recentTraces: number;
}

const logger = diag.createComponentLogger({ namespace: 'otel-llmobs/gateway' });

export class OtlpPipeline implements OtlpSink {
  readonly processor: LLMObsSpanProcessor;
  readonly #buffer: TraceBuffer;
  readonly #recent = new Map<string, Map<string, ReadableSpanLike>>();
  readonly #maxRecentTraces: number;
  readonly #maxRecentSpans: number;
  #recentSpans = 0;
  #replayedTraces = 0;
  #replayedSpans = 0;
  #shutdown: Promise<void> | undefined;

  constructor(options: OtlpPipelineOptions) {
    const warn = options.warn ?? ((message: string) => logger.warn(message));
    const maxSpans = options.buffer?.maxSpans ?? TRACE_BUFFER_DEFAULTS.maxSpans;
    this.processor = withoutServiceIdentityEnv(() => new LLMObsSpanProcessor({
      // A replayed trace is registered whole at once, and a flush may replay the whole buffer.
      maxLiveSpans: maxSpans,
      maxLiveSpansPerTrace: maxSpans,
      ...options.processor,
      exporter: options.exporter,
    }));
    this.#maxRecentTraces = options.recentTraces ?? 1000;
    this.#maxRecentSpans = options.recentSpans ?? 20_000;
    this.#buffer = new TraceBuffer({
      ...options.buffer,
      onFlush: (traceId, spans) => this.#replay(traceId, spans),
      onFirstEviction: warn,
      onFirstRejection: warn,
    });
  }

  /** Buffers a decoded request's spans; answers how many were refused. */
  accept(decoded: DecodedTraceRequest): SinkResult {
    const spans = toBufferedSpans(decoded.request);
    const result = this.#buffer.add(spans);
    return result.reason !== undefined ? { rejectedSpans: result.rejected, errorMessage: result.reason } : { rejectedSpans: result.rejected };
  }

  /** Replays every buffered trace now, then waits for the processor and the exporter to deliver. */
  async forceFlush(): Promise<void> {
    this.#buffer.flushAll('shutdown');
    await this.processor.forceFlush();
  }

  /** Refuses new spans, replays what is buffered, flushes and shuts the processor and exporter down. Idempotent. */
  shutdown(): Promise<void> {
    this.#shutdown ??= (async () => {
      this.#buffer.close();
      this.#buffer.flushAll('shutdown');
      await this.processor.shutdown();
      this.#recent.clear();
    })();
    return this.#shutdown;
  }

  /** Checks deadlines now (tests with a fake clock). */
  flushDue(): void {
    this.#buffer.flushDue();
  }

  stats(): OtlpPipelineStats {
    return {
      buffer: this.#buffer.stats(),
      processor: this.processor.stats(),
      replayed: { traces: this.#replayedTraces, spans: this.#replayedSpans },
      recentTraces: this.#recent.size,
    };
  }

  #replay(traceId: string, spans: BufferedSpan[]): void {
    const recent = this.#recent.get(traceId);
    try {
      replayTrace(this.processor, spans, (spanId) => recent?.get(spanId));
    } catch (err) {
      // The processor never throws; this guards the replay itself. One trace is lost, not the gateway.
      logger.error(`replaying trace ${traceId} failed: ${(err as Error).message}`);
    }
    this.#replayedTraces++;
    this.#replayedSpans += spans.length;
    this.#remember(traceId, spans);
  }

  /** Keeps a flushed trace's spans for its late spans (bounded; oldest traces forgotten first). */
  #remember(traceId: string, spans: readonly BufferedSpan[]): void {
    if (this.#maxRecentTraces === 0 || this.#maxRecentSpans === 0) return;
    let kept = this.#recent.get(traceId);
    if (kept) this.#recent.delete(traceId);
    else kept = new Map();
    for (const s of spans) {
      if (!kept.has(s.spanId)) this.#recentSpans++;
      kept.set(s.spanId, s.span);
    }
    this.#recent.set(traceId, kept);
    while (this.#recent.size > this.#maxRecentTraces || this.#recentSpans > this.#maxRecentSpans) {
      const oldest = this.#recent.entries().next();
      if (oldest.done) break;
      this.#recent.delete(oldest.value[0]);
      this.#recentSpans -= oldest.value[1].size;
    }
  }
}

/**
 * The environment variables that name *a* service. A gateway serves many: each span's resource
 * names its service, env and version, so the gateway's own `DD_SERVICE` (set on every pod by
 * Datadog's admission controller, for one) must not relabel every app's spans or become their
 * ml_app. Runs `fn` (which builds a processor or an exporter) with them unset, then puts them back.
 */
export const SERVICE_IDENTITY_ENV: readonly string[] = ['DD_SERVICE', 'DD_SERVICE_NAME', 'OTEL_SERVICE_NAME', 'DD_ENV', 'DD_VERSION'];

export function withoutServiceIdentityEnv<T>(fn: () => T): T {
  const saved = new Map<string, string>();
  for (const name of SERVICE_IDENTITY_ENV) {
    const value = process.env[name];
    if (value !== undefined) {
      saved.set(name, value);
      delete process.env[name];
    }
  }
  try {
    return fn();
  } finally {
    for (const [name, value] of saved) process.env[name] = value;
  }
}
