import type { DiagLogger } from '@opentelemetry/api';
import type { ExportMode } from '../config/resolve-processor-config.js';
import { asyncResourceAttributes } from '../internal/async-resource.js';
import { scheduleSoon } from '../internal/schedule-soon.js';
import { withTracingSuppressed } from '../internal/suppress-tracing.js';
import { setUnrefTimeout } from '../internal/timers.js';
import type { Downstream, DownstreamStats } from './downstream.js';
import type { FailureReporter } from './export-failures.js';
import { asError } from './export-failures.js';
import { PendingWork } from './pending-work.js';
import type { ExportResultLike, ReadableSpanLike, SpanExporterLike } from '../sdk-shapes/span-shapes.js';
import { EXPORT_SUCCESS } from '../sdk-shapes/span-shapes.js';

/** Most spans in one export() call. */
const MAX_SPANS_PER_EXPORT = 512;
/** Most spans waiting for an export callback (or for their resource) before new ones are dropped. */
export const MAX_SPANS_AWAITING_EXPORT = 2048;

/**
 * A plain `SpanExporter` handed in as `exporter` (OTLP, in-memory…), without a processor of the
 * user's around it: exported as spans end, like the SDK's `SimpleSpanProcessor` — after their
 * resource's async attributes, with tracing suppressed — except that the spans ending in the same
 * task go in one call (a trace the gateway replays is one export, not one per span). No timer and
 * no batching knobs: for production volumes, compose `next: new BatchSpanProcessor(exporter)`.
 */
export class ExporterDownstream implements Downstream {
  readonly #exporter: SpanExporterLike;
  readonly #immediate: boolean;
  readonly #callbackTimeoutMillis: number;
  readonly #failures: FailureReporter;
  readonly #logger: DiagLogger;
  readonly #pending = new PendingWork();
  readonly #stats: DownstreamStats = { exported: 0, droppedQueueFull: 0, failed: 0 };
  #batch: ReadableSpanLike[] = [];
  #scheduled = false;
  #awaiting = 0;
  #dropWarned = false;
  readonly #onTick = (): void => {
    this.#scheduled = false;
    this.#exportBatch();
  };

  constructor(exporter: SpanExporterLike, mode: ExportMode, callbackTimeoutMillis: number, failures: FailureReporter, logger: DiagLogger) {
    this.#exporter = exporter;
    this.#immediate = mode === 'immediate';
    this.#callbackTimeoutMillis = callbackTimeoutMillis;
    this.#failures = failures;
    this.#logger = logger;
  }

  get stats(): Readonly<DownstreamStats> {
    return { ...this.#stats };
  }

  accept(span: ReadableSpanLike): void {
    if (this.#awaiting + this.#batch.length >= MAX_SPANS_AWAITING_EXPORT) {
      this.#stats.droppedQueueFull++;
      if (!this.#dropWarned) {
        this.#dropWarned = true;
        this.#logger.warn(
          `${MAX_SPANS_AWAITING_EXPORT} spans are waiting for the exporter: dropping spans; further drops are only counted (processor.stats().droppedQueueFull). ` +
            'Compose a batching processor instead: next: new BatchSpanProcessor(exporter)',
        );
      }
      return;
    }
    this.#batch.push(span);
    if (this.#immediate || this.#batch.length >= MAX_SPANS_PER_EXPORT) this.#exportBatch();
    else if (!this.#scheduled) {
      this.#scheduled = true;
      scheduleSoon(this.#onTick);
    }
  }

  async flush(): Promise<void> {
    this.#exportBatch();
    await this.#pending.settled();
    await this.#exporter.forceFlush?.();
  }

  async shutdown(): Promise<void> {
    this.#exportBatch();
    await this.#pending.settled();
    await this.#exporter.shutdown();
  }

  #exportBatch(): void {
    const batch = this.#batch;
    if (batch.length === 0) return;
    this.#batch = [];
    this.#awaiting += batch.length;
    this.#pending.track(
      this.#export(batch).finally(() => {
        this.#awaiting -= batch.length;
      }),
    );
  }

  async #export(batch: ReadableSpanLike[]): Promise<void> {
    const waits = new Set<Promise<void>>();
    for (const span of batch) {
      const wait = asyncResourceAttributes(span);
      if (wait) waits.add(wait);
    }
    if (waits.size > 0) await Promise.all(waits);
    const result = await this.#exportOnce(batch);
    if (result?.code === EXPORT_SUCCESS) {
      this.#stats.exported += batch.length;
    } else {
      this.#stats.failed += batch.length;
      this.#failures.report(result?.error ?? new Error(`export timed out (no callback within ${this.#callbackTimeoutMillis} ms)`));
    }
  }

  /** One export() call; `undefined` when its callback did not come in time. */
  #exportOnce(batch: ReadableSpanLike[]): Promise<ExportResultLike | undefined> {
    return new Promise((resolve) => {
      let settled = false;
      const finish = (result: ExportResultLike | undefined): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const timer = setUnrefTimeout(() => finish(undefined), this.#callbackTimeoutMillis);
      try {
        withTracingSuppressed(() => this.#exporter.export(batch, finish));
      } catch (e) {
        finish({ code: 1, error: asError(e) });
      }
    });
  }
}
