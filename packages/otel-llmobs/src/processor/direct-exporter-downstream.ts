import type { ExportMode } from '../config/resolve-processor-config.js';
import type { Downstream, DownstreamStats } from './downstream.js';
import type { FailureReporter } from './export-failures.js';
import { asError } from './export-failures.js';
import { PendingWork } from './pending-work.js';
import type { ExportResultLike, ReadableSpanLike, SpanExporterLike } from '../sdk-shapes/span-shapes.js';
import { EXPORT_SUCCESS } from '../sdk-shapes/span-shapes.js';

/**
 * Each span straight to an exporter that queues on export (`LLMObsExporter`: it owns batching,
 * retries and back-pressure), synchronously: a second queue in front of it only added a timer. In
 * `immediate` mode its `forceFlush()` follows each span, so the request starts now, not at the next
 * flush interval (a frozen Lambda never gets there), and the processor's `forceFlush()` awaits it.
 */
export class DirectExporterDownstream implements Downstream {
  readonly #exporter: SpanExporterLike;
  readonly #immediate: boolean;
  readonly #failures: FailureReporter;
  readonly #pending = new PendingWork();
  readonly #stats: DownstreamStats = { exported: 0, droppedQueueFull: 0, failed: 0 };
  readonly #onResult = (result: ExportResultLike | undefined): void => {
    if (result?.code === EXPORT_SUCCESS) {
      this.#stats.exported++;
    } else {
      this.#stats.failed++;
      this.#failures.report(result?.error ?? new Error('export failed'));
    }
  };

  constructor(exporter: SpanExporterLike, mode: ExportMode, failures: FailureReporter) {
    this.#exporter = exporter;
    this.#immediate = mode === 'immediate';
    this.#failures = failures;
  }

  get stats(): Readonly<DownstreamStats> {
    return { ...this.#stats };
  }

  accept(span: ReadableSpanLike): void {
    // No I/O happens in such an export() (its sends are suppressed where they start), and its
    // callback comes before it returns.
    try {
      this.#exporter.export([span], this.#onResult);
    } catch (e) {
      this.#onResult({ code: 1, error: asError(e) });
    }
    if (this.#immediate) this.#flushExporter();
  }

  async flush(): Promise<void> {
    await this.#pending.settled();
    await this.#exporter.forceFlush?.();
  }

  async shutdown(): Promise<void> {
    await this.#pending.settled();
    await this.#exporter.shutdown();
  }

  #flushExporter(): void {
    try {
      const flushing = this.#exporter.forceFlush?.();
      if (flushing) this.#pending.track(flushing);
    } catch {
      // counted by the exporter itself; the app never sees it
    }
  }
}
