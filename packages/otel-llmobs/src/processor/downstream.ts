import type { DiagLogger } from '@opentelemetry/api';
import type { ExportMode } from '../config/resolve-processor-config.js';
import { invalidConfig } from '../config/invalid-config.js';
import type { ReadableSpanLike, SpanExporterLike, SpanProcessorLike } from '../sdk-shapes/span-shapes.js';
import { QUEUES_ON_EXPORT } from '../sdk-shapes/exporter-capabilities.js';
import { DirectExporterDownstream } from './direct-exporter-downstream.js';
import { ExporterDownstream } from './exporter-downstream.js';
import { NextProcessorDownstream } from './next-processor-downstream.js';
import { FailureReporter } from './export-failures.js';

export interface DownstreamStats {
  /** Spans handed over: exports that succeeded, or spans given to the `next` processor. */
  exported: number;
  /** Spans dropped because too many were waiting for a plain exporter's callback. */
  droppedQueueFull: number;
  /** Spans in exports that failed or timed out (or that the `next` processor threw on). */
  failed: number;
}

/**
 * Where the processor hands its derived spans. Batching is not ours to re-implement: it belongs to
 * `LLMObsExporter` (which queues, batches and retries on its own) or to the SDK processor the user
 * composes in (`next: new BatchSpanProcessor(otlpExporter)`). Nothing here throws or rejects.
 */
export interface Downstream {
  accept(span: ReadableSpanLike): void;
  /** Hands over what waits and waits for it (and the downstream's own flush). */
  flush(): Promise<void>;
  /** Flushes, then shuts the downstream down. */
  shutdown(): Promise<void>;
  readonly stats: Readonly<DownstreamStats>;
}

export interface DownstreamOptions {
  exporter: SpanExporterLike | undefined;
  next: SpanProcessorLike | undefined;
  mode: ExportMode;
  /** Longest wait for one `export()` callback of a plain exporter. */
  exportCallbackTimeoutMillis: number;
  logger: DiagLogger;
}

/**
 * - `next` (a `SpanProcessor`): it gets every derived span in `onEnd`; its own batching, retries
 *   and async-resource wait apply.
 * - an exporter that queues on export (`QUEUES_ON_EXPORT`: `LLMObsExporter`): each span straight to it.
 * - any other exporter: exported as spans end, the spans that end in the same task together, as
 *   the SDK's `SimpleSpanProcessor` would (kept working for `exporter: otlpExporter`; wrap it in a
 *   `BatchSpanProcessor` as `next` for production volumes).
 *
 * `immediate` mode (serverless): the request starts when the span ends, and `forceFlush()` awaits it.
 */
export function createDownstream(options: DownstreamOptions): Downstream {
  const failures = new FailureReporter(options.logger);
  if (options.next) return new NextProcessorDownstream(options.next, options.mode, failures);
  const exporter = options.exporter as SpanExporterLike;
  if (exporter[QUEUES_ON_EXPORT] === true) return new DirectExporterDownstream(exporter, options.mode, failures);
  return new ExporterDownstream(exporter, options.mode, options.exportCallbackTimeoutMillis, failures, options.logger);
}

/** The `next` option, checked: a `SpanProcessor`, and not together with `exporter`. Throws a `TypeError`. */
export function checkNext(next: unknown, exporter: unknown): SpanProcessorLike | undefined {
  if (next === undefined) return undefined;
  if (!isProcessor(next)) throw invalidConfig('next', 'a SpanProcessor (an object with onEnd(), forceFlush() and shutdown())', next);
  if (exporter !== undefined) {
    throw new TypeError('Configuration: set exporter or next, not both (wrap the exporter in the next processor: next: new BatchSpanProcessor(exporter))');
  }
  return next;
}

function isProcessor(value: unknown): value is SpanProcessorLike {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as SpanProcessorLike).onEnd === 'function' &&
    typeof (value as SpanProcessorLike).forceFlush === 'function' &&
    typeof (value as SpanProcessorLike).shutdown === 'function'
  );
}
