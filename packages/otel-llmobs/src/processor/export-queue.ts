import type { DiagLogger } from '@opentelemetry/api';
import type { ExportMode } from '../config/resolve-processor-config.js';
import { withTracingSuppressed } from '../internal/suppress-tracing.js';
import { setUnrefTimeout } from '../internal/timers.js';
import type { ExportResultLike, ReadableSpanLike, SpanExporterLike } from '../sdk-shapes/span-shapes.js';
import { EXPORT_SUCCESS } from '../sdk-shapes/span-shapes.js';
import { QUEUES_ON_EXPORT } from '../sdk-shapes/exporter-capabilities.js';

export interface ExportQueueOptions {
  exporter: SpanExporterLike;
  mode: ExportMode;
  scheduledDelayMillis: number;
  maxExportBatchSize: number;
  maxQueueSize: number;
  exportTimeoutMillis: number;
  logger: DiagLogger;
}

export interface ExportQueueStats {
  /** Spans handed to the exporter. */
  exported: number;
  /** Spans dropped because the queue was full. */
  droppedQueueFull: number;
  /** Spans in batches the exporter reported as failed (or that timed out). */
  failed: number;
}

/**
 * A bounded queue in front of the downstream exporter, like the SDK's `BatchSpanProcessor` but
 * owned by us (its constructor differs between SDK 2.x and 3.x): batches of `maxExportBatchSize`
 * every `scheduledDelayMillis` or as soon as a batch is full, one export at a time, each bounded by
 * `exportTimeoutMillis`. `immediate` mode exports every span as it arrives (serverless).
 *
 * An exporter that queues on export itself (`QUEUES_ON_EXPORT`: `LLMObsExporter`) gets each span
 * handed straight through instead, synchronously: batching twice only added a second timer (up to
 * ~2 s before a span left) and encoded 512 spans at once inside whichever `span.end()` filled a batch.
 *
 * Every export promise is kept in a set until it settles, so `flush()` can await all of them
 * (langfuse's pattern). Exports run with tracing suppressed so that an instrumented HTTP client
 * does not trace our own requests. Nothing here throws or rejects.
 */
export class ExportQueue {
  readonly #options: ExportQueueOptions;
  readonly #queue: ReadableSpanLike[] = [];
  readonly #pending = new Set<Promise<void>>();
  #exporting = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stats: ExportQueueStats = { exported: 0, droppedQueueFull: 0, failed: 0 };
  #dropWarned = false;
  #failureWarned = false;
  readonly #direct: boolean;
  readonly #onDirectResult = (result: ExportResultLike | undefined): void => {
    if (result?.code === EXPORT_SUCCESS) {
      this.#stats.exported++;
    } else {
      this.#stats.failed++;
      this.#reportFailure(result?.error ?? new Error('export failed'));
    }
  };

  constructor(options: ExportQueueOptions) {
    this.#options = options;
    this.#direct = options.mode === 'batched' && options.exporter[QUEUES_ON_EXPORT] === true;
  }

  get stats(): Readonly<ExportQueueStats> {
    return { ...this.#stats };
  }

  get queued(): number {
    return this.#queue.length;
  }

  /** Add a span; `false` when it was dropped because the queue is full. */
  enqueue(span: ReadableSpanLike): boolean {
    if (this.#direct) {
      // No I/O happens in such an export() (its sends are suppressed where they start), so no
      // suppressed context is needed here, and its callback comes before it returns.
      try {
        this.#options.exporter.export([span], this.#onDirectResult);
      } catch (e) {
        this.#onDirectResult({ code: 1, error: e instanceof Error ? e : new Error(String(e)) });
      }
      return true;
    }
    if (this.#options.mode === 'immediate') {
      this.#startExport([span]);
      return true;
    }
    if (this.#queue.length >= this.#options.maxQueueSize) {
      this.#stats.droppedQueueFull++;
      if (!this.#dropWarned) {
        this.#dropWarned = true;
        this.#options.logger.warn(
          `export queue full (maxQueueSize ${this.#options.maxQueueSize}): dropping spans; further drops are only counted (processor.stats().droppedQueueFull)`,
        );
      }
      return false;
    }
    this.#queue.push(span);
    if (this.#queue.length >= this.#options.maxExportBatchSize) this.#exportNextBatch();
    else this.#arm();
    return true;
  }

  /** Keep `promise` (async end-of-span work) until it settles; `flush()` waits for it. */
  track(promise: Promise<unknown>): void {
    const tracked = promise.then(
      () => undefined,
      () => undefined,
    );
    this.#pending.add(tracked);
    void tracked.then(() => this.#pending.delete(tracked));
  }

  /** Export everything queued and wait for every pending export and tracked promise. */
  async flush(): Promise<void> {
    // Pending work may enqueue more spans (an async user hook): loop until quiet, with a bound.
    const maxRounds = Math.ceil(this.#options.maxQueueSize / this.#options.maxExportBatchSize) + 100;
    for (let round = 0; round < maxRounds; round++) {
      this.#disarm();
      this.#exportNextBatch();
      if (this.#pending.size === 0 && this.#queue.length === 0) return;
      await Promise.all([...this.#pending]);
    }
  }

  /** Stop the timer; queued spans are kept for a final `flush()`. */
  stop(): void {
    this.#disarm();
  }

  #arm(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setUnrefTimeout(() => {
      this.#timer = undefined;
      this.#exportNextBatch();
      if (this.#queue.length > 0) this.#arm();
    }, this.#options.scheduledDelayMillis);
  }

  #disarm(): void {
    if (this.#timer === undefined) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /**
   * One batch at a time, as the SDK's BatchSpanProcessor does: downstream exporters (OTLP) cap
   * concurrent requests, and spans waiting for an export stay in the bounded queue.
   */
  #exportNextBatch(): void {
    if (this.#exporting || this.#queue.length === 0) return;
    this.#exporting = true;
    const batch = this.#queue.splice(0, this.#options.maxExportBatchSize);
    this.track(
      this.#export(batch).then(() => {
        this.#exporting = false;
        if (this.#queue.length >= this.#options.maxExportBatchSize) this.#exportNextBatch();
        else if (this.#queue.length > 0) this.#arm();
      }),
    );
  }

  #startExport(batch: ReadableSpanLike[]): void {
    this.track(this.#export(batch));
  }

  #export(batch: ReadableSpanLike[]): Promise<void> {
    return new Promise<void>((resolve) => {
      let settled = false;
      const finish = (result: ExportResultLike | undefined): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (result?.code === EXPORT_SUCCESS) {
          this.#stats.exported += batch.length;
        } else {
          this.#stats.failed += batch.length;
          this.#reportFailure(result?.error ?? new Error('export timed out'));
        }
        resolve();
      };
      const timer = setUnrefTimeout(() => finish(undefined), this.#options.exportTimeoutMillis);
      try {
        withTracingSuppressed(() => this.#options.exporter.export(batch, finish));
      } catch (e) {
        finish({ code: 1, error: e instanceof Error ? e : new Error(String(e)) });
      }
    });
  }

  #reportFailure(error: Error): void {
    if (this.#failureWarned) {
      this.#options.logger.debug(`export failed: ${error.message}`);
      return;
    }
    this.#failureWarned = true;
    this.#options.logger.warn(`export failed: ${error.message} (further failures are logged at debug level and counted in processor.stats().failed)`);
  }
}
