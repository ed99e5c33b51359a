import type { ExportMode } from '../config/resolve-processor-config.js';
import { withTracingSuppressed } from '../internal/suppress-tracing.js';
import type { Downstream, DownstreamStats } from './downstream.js';
import type { FailureReporter } from './export-failures.js';
import { asError } from './export-failures.js';
import { PendingWork } from './pending-work.js';
import type { ReadableSpanLike, SpanProcessorLike } from '../sdk-shapes/span-shapes.js';

/**
 * The `next` processor the user composed in (`new BatchSpanProcessor(otlpExporter)` of their own
 * SDK, whatever its version): it receives each derived span in `onEnd` (never `onStart`: a derived
 * span exists only once its source has ended) and does its own batching, retries and wait for
 * async resource attributes. In `immediate` mode its `forceFlush()` follows each span.
 */
export class NextProcessorDownstream implements Downstream {
  readonly #next: SpanProcessorLike;
  readonly #immediate: boolean;
  readonly #failures: FailureReporter;
  readonly #pending = new PendingWork();
  readonly #stats: DownstreamStats = { exported: 0, droppedQueueFull: 0, failed: 0 };

  constructor(next: SpanProcessorLike, mode: ExportMode, failures: FailureReporter) {
    this.#next = next;
    this.#immediate = mode === 'immediate';
    this.#failures = failures;
  }

  get stats(): Readonly<DownstreamStats> {
    return { ...this.#stats };
  }

  accept(span: ReadableSpanLike): void {
    try {
      // A SimpleSpanProcessor exports inside onEnd: its request must not be traced.
      withTracingSuppressed(() => this.#next.onEnd(span));
      this.#stats.exported++;
    } catch (e) {
      this.#stats.failed++;
      this.#failures.report(asError(e));
      return;
    }
    if (this.#immediate) {
      try {
        this.#pending.track(this.#next.forceFlush());
      } catch {
        // a next processor whose forceFlush throws: nothing to wait for
      }
    }
  }

  async flush(): Promise<void> {
    await this.#pending.settled();
    await this.#next.forceFlush();
  }

  async shutdown(): Promise<void> {
    await this.#pending.settled();
    await this.#next.shutdown();
  }
}
