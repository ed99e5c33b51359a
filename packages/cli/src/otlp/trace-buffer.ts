// Per-trace buffering for the gateway. An OTel SDK exports spans as they end, children before their
// parents, across as many requests as its batches make; parent resolution needs the parents. So
// spans wait here, grouped by trace, until the trace looks complete:
//
// - its local root has arrived (no parent, or a parent flagged remote) and no new span came for
//   `quietMs`; or
// - `maxWaitMs` passed since its first span arrived (a trace whose root is elsewhere, or very long).
//
// Memory is bounded by traces, spans and (approximate) bytes. When a bound is reached the oldest
// traces are flushed early rather than dropped: their spans are still sent, only their links to
// spans that have not arrived yet are lost. A span bigger than the whole byte bound is the one thing
// refused. The first early flush and the first refusal are reported once; the rest are counted.
import type { BufferedSpan } from './replay-span.js';

export type FlushReason = 'complete' | 'max_wait' | 'evicted' | 'shutdown';

export interface TraceBufferOptions {
  /** Quiet time after the local root arrived before the trace is flushed. Default 1000 ms. */
  quietMs?: number;
  /** Longest time a trace waits after its first span. Default 30 000 ms. */
  maxWaitMs?: number;
  /** Most traces buffered. Default 10 000. */
  maxTraces?: number;
  /** Most spans buffered. Default 100 000. */
  maxSpans?: number;
  /** Most (approximate) bytes buffered. Default 128 MiB. */
  maxBytes?: number;
  /** How often deadlines are checked. Default: a quarter of the shortest wait, between 10 and 250 ms. */
  tickMs?: number;
  now?: () => number;
  onFlush: (traceId: string, spans: BufferedSpan[], reason: FlushReason) => void;
  /** Called once, on the first early flush caused by a bound. */
  onFirstEviction?: (message: string) => void;
  /** Called once, on the first span refused. */
  onFirstRejection?: (message: string) => void;
}

/** Flush work per event-loop turn, at most (see `flushDue`). */
const FLUSH_SLICE_MS = 10;

export const TRACE_BUFFER_DEFAULTS = {
  quietMs: 1000,
  maxWaitMs: 30_000,
  maxTraces: 10_000,
  maxSpans: 100_000,
  maxBytes: 128 * 1024 * 1024,
} as const;

export interface TraceBufferStats {
  traces: number;
  spans: number;
  bytes: number;
  /** Traces flushed, by reason. */
  flushed: Record<FlushReason, number>;
  /** Spans refused (bigger than the byte bound). */
  rejectedSpans: number;
  /** Spans received again with an id already buffered (exporter retries): the newer copy is kept. */
  duplicateSpans: number;
}

interface PendingTrace {
  readonly spans: Map<string, BufferedSpan>;
  readonly firstAt: number;
  lastAt: number;
  hasRoot: boolean;
  bytes: number;
}

export class TraceBuffer {
  readonly #traces = new Map<string, PendingTrace>();
  readonly #options: Required<Omit<TraceBufferOptions, 'onFirstEviction' | 'onFirstRejection' | 'tickMs' | 'now'>> &
    Pick<TraceBufferOptions, 'onFirstEviction' | 'onFirstRejection'>;
  readonly #now: () => number;
  readonly #timer: NodeJS.Timeout;
  #spans = 0;
  #bytes = 0;
  #rejected = 0;
  #duplicates = 0;
  readonly #flushed: Record<FlushReason, number> = { complete: 0, max_wait: 0, evicted: 0, shutdown: 0 };
  #closed = false;
  #continuing = false;

  constructor(options: TraceBufferOptions) {
    this.#options = {
      quietMs: options.quietMs ?? TRACE_BUFFER_DEFAULTS.quietMs,
      maxWaitMs: options.maxWaitMs ?? TRACE_BUFFER_DEFAULTS.maxWaitMs,
      maxTraces: options.maxTraces ?? TRACE_BUFFER_DEFAULTS.maxTraces,
      maxSpans: options.maxSpans ?? TRACE_BUFFER_DEFAULTS.maxSpans,
      maxBytes: options.maxBytes ?? TRACE_BUFFER_DEFAULTS.maxBytes,
      onFlush: options.onFlush,
      onFirstEviction: options.onFirstEviction,
      onFirstRejection: options.onFirstRejection,
    };
    for (const key of ['quietMs', 'maxWaitMs', 'maxTraces', 'maxSpans', 'maxBytes'] as const) {
      const v = this.#options[key];
      if (!Number.isFinite(v) || v < (key.endsWith('Ms') ? 0 : 1)) throw new RangeError(`trace buffer: ${key} must be a ${key.endsWith('Ms') ? 'non-negative' : 'positive'} number (got ${v})`);
    }
    this.#now = options.now ?? Date.now;
    const tick = options.tickMs ?? Math.min(250, Math.max(10, Math.floor(Math.min(this.#options.quietMs, this.#options.maxWaitMs) / 4)));
    this.#timer = setInterval(() => this.flushDue(), tick);
    this.#timer.unref();
  }

  /** Buffers spans (any traces). Returns how many were refused and why. */
  add(spans: readonly BufferedSpan[]): { rejected: number; reason?: string } {
    let rejected = 0;
    let reason: string | undefined;
    const now = this.#now();
    for (const s of spans) {
      if (this.#closed || s.bytes > this.#options.maxBytes) {
        rejected++;
        reason = this.#closed ? 'the gateway is shutting down' : `a span of ~${s.bytes} bytes is bigger than the whole trace buffer (${this.#options.maxBytes} bytes)`;
        continue;
      }
      const known = this.#traces.has(s.traceId);
      this.#makeRoom(known ? 0 : 1, 1, s.bytes, known ? s.traceId : undefined);
      let trace = this.#traces.get(s.traceId);
      if (!trace) {
        trace = { spans: new Map(), firstAt: now, lastAt: now, hasRoot: false, bytes: 0 };
        this.#traces.set(s.traceId, trace);
      }
      const previous = trace.spans.get(s.spanId);
      if (previous) {
        this.#duplicates++;
        this.#remove(trace, previous);
      }
      trace.spans.set(s.spanId, s);
      trace.bytes += s.bytes;
      this.#spans++;
      this.#bytes += s.bytes;
      trace.lastAt = now;
      if (s.isLocalRoot) trace.hasRoot = true;
    }
    if (rejected > 0) {
      this.#rejected += rejected;
      if (this.#options.onFirstRejection && reason) {
        const report = this.#options.onFirstRejection;
        this.#options.onFirstRejection = undefined;
        report(`trace buffer refused ${rejected} span(s): ${reason}; further refusals are only counted`);
      }
    }
    return reason !== undefined ? { rejected, reason } : { rejected };
  }

  /**
   * Flushes the traces whose wait is over. Called by the timer; public for tests with a fake clock.
   * At most `FLUSH_SLICE_MS` of work per call (a flush replays the trace through the processor):
   * what is left is flushed on the next turn of the event loop, so thousands of spans coming due
   * together do not hold every request waiting on the loop. A trace stays here until it is replayed.
   */
  flushDue(): void {
    const now = this.#now();
    const start = performance.now();
    for (const [traceId, trace] of this.#traces) {
      if (now - trace.firstAt >= this.#options.maxWaitMs) this.#flush(traceId, trace, 'max_wait');
      else if (trace.hasRoot && now - trace.lastAt >= this.#options.quietMs) this.#flush(traceId, trace, 'complete');
      else continue;
      if (performance.now() - start >= FLUSH_SLICE_MS) {
        this.#continueSoon();
        return;
      }
    }
  }

  /** Flushes everything now (shutdown, forceFlush). */
  flushAll(reason: FlushReason = 'shutdown'): void {
    for (const [traceId, trace] of this.#traces) this.#flush(traceId, trace, reason);
  }

  /** Stops the timer and refuses new spans; flush what remains with `flushAll()`. */
  close(): void {
    this.#closed = true;
    clearInterval(this.#timer);
  }

  stats(): TraceBufferStats {
    return {
      traces: this.#traces.size,
      spans: this.#spans,
      bytes: this.#bytes,
      flushed: { ...this.#flushed },
      rejectedSpans: this.#rejected,
      duplicateSpans: this.#duplicates,
    };
  }

  /** Flushes the oldest traces (never `keep`) until `traces`, `spans` and `bytes` more fit. */
  #makeRoom(traces: number, spans: number, bytes: number, keep: string | undefined): void {
    const o = this.#options;
    const over = () => this.#traces.size + traces > o.maxTraces || this.#spans + spans > o.maxSpans || this.#bytes + bytes > o.maxBytes;
    if (!over()) return;
    for (const [traceId, trace] of this.#traces) {
      if (traceId === keep) continue;
      this.#flush(traceId, trace, 'evicted');
      if (!over()) return;
    }
    // Only the trace being added to is left and it is too big: flush what it has so far (the
    // caller starts it again with the new span).
    const own = keep !== undefined ? this.#traces.get(keep) : undefined;
    if (own && over()) this.#flush(keep!, own, 'evicted');
  }

  #continueSoon(): void {
    if (this.#continuing) return;
    this.#continuing = true;
    setImmediate(() => {
      this.#continuing = false;
      // After close(), flushAll() has taken everything.
      if (!this.#closed) this.flushDue();
    });
  }

  #flush(traceId: string, trace: PendingTrace, reason: FlushReason): void {
    this.#traces.delete(traceId);
    this.#spans -= trace.spans.size;
    this.#bytes -= trace.bytes;
    this.#flushed[reason]++;
    if (reason === 'evicted' && this.#options.onFirstEviction) {
      const report = this.#options.onFirstEviction;
      this.#options.onFirstEviction = undefined;
      const o = this.#options;
      report(
        `trace buffer full (max ${o.maxTraces} traces, ${o.maxSpans} spans, ${o.maxBytes} bytes): flushing the oldest traces early; ` +
          'links to their spans that arrive later are lost. Further early flushes are only counted (stats().flushed.evicted)',
      );
    }
    if (trace.spans.size > 0) this.#options.onFlush(traceId, [...trace.spans.values()], reason);
  }

  #remove(trace: PendingTrace, span: BufferedSpan): void {
    trace.spans.delete(span.spanId);
    trace.bytes -= span.bytes;
    this.#spans--;
    this.#bytes -= span.bytes;
  }
}
