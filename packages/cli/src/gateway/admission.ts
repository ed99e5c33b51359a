// Backpressure: the gateway accepts a request only while what it holds (spans buffered per trace,
// plus spans the exporter has queued) stays within a bound. Past it, the request is refused whole
// with `429 Too Many Requests` and `Retry-After`, before its body is read when already full, so an
// OpenTelemetry Collector or SDK in front retries later or slows down, instead of the gateway
// growing without limit and then dropping spans it had answered 200 for. What was accepted is never
// dropped to make room.
import type { DecodedTraceRequest } from '../otlp/otlp-model.js';
import { countSpans } from '../otlp/otlp-model.js';
import type { Overload, OtlpSink, SinkResult } from '../otlp/receiver.js';

export interface AdmissionBounds {
  /** Spans held at most (buffered + queued in the exporter). Default 50 000. */
  maxPendingSpans?: number;
  /** Bytes held at most, approximately (buffered + queued). Default 128 MiB. */
  maxPendingBytes?: number;
  /** What `Retry-After` says, in seconds. Default 2. */
  retryAfterSeconds?: number;
}

export const ADMISSION_DEFAULTS: Required<AdmissionBounds> = { maxPendingSpans: 50_000, maxPendingBytes: 128 * 1024 * 1024, retryAfterSeconds: 2 };

export interface Pending {
  spans: number;
  bytes: number;
}

export interface AdmissionStats {
  /** Requests refused with 429. */
  refusedRequests: number;
  /** Spans in them. */
  refusedSpans: number;
}

export class Admission implements OtlpSink {
  readonly #sink: OtlpSink;
  readonly #pending: () => Pending;
  readonly #bounds: Required<AdmissionBounds>;
  #refusedRequests = 0;
  #refusedSpans = 0;

  constructor(sink: OtlpSink, pending: () => Pending, bounds: AdmissionBounds = {}) {
    this.#sink = sink;
    this.#pending = pending;
    this.#bounds = { ...ADMISSION_DEFAULTS, ...bounds };
    for (const [key, value] of Object.entries(this.#bounds)) {
      if (!Number.isInteger(value) || value < 1) throw new TypeError(`gateway admission: ${key} must be a positive integer (got ${String(value)})`);
    }
  }

  /** Whether a request can come in at all (checked before its body is read). */
  check(incomingSpans = 0): Overload | undefined {
    const p = this.#pending();
    const b = this.#bounds;
    // An empty gateway takes any one request (one over the bound alone would otherwise never get in).
    if ((p.spans + incomingSpans <= b.maxPendingSpans && p.bytes < b.maxPendingBytes) || p.spans === 0) return undefined;
    return {
      status: 429,
      retryAfterSeconds: b.retryAfterSeconds,
      message: `the gateway is holding ${p.spans} spans (~${Math.round(p.bytes / 1024 / 1024)} MiB) for delivery, its bound is ${b.maxPendingSpans} spans / ${Math.round(b.maxPendingBytes / 1024 / 1024)} MiB: retry after ${b.retryAfterSeconds} s`,
    };
  }

  accept(decoded: DecodedTraceRequest): SinkResult {
    const spans = countSpans(decoded.request);
    const overload = this.check(spans);
    if (overload) {
      this.#refusedRequests++;
      this.#refusedSpans += spans;
      return { rejectedSpans: 0, overload };
    }
    return this.#sink.accept(decoded);
  }

  /** Counts a request refused before its body was read. */
  refusedEarly(): void {
    this.#refusedRequests++;
  }

  stats(): AdmissionStats {
    return { refusedRequests: this.#refusedRequests, refusedSpans: this.#refusedSpans };
  }
}
