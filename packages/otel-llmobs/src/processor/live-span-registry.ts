import type { NestedModelChild } from '../mapping/nested-llm.js';
import type { AnnotationContextValue, InheritedContext, LLMObsStamp } from '../runtime/linkage.js';
import type { StartedSpanLike } from '../sdk-shapes/span-shapes.js';

/** What a parent needs to know about an LLM Observability child that already ended (nested-LLM reconciliation). */
export interface EndedChildSummary extends NestedModelChild {
  readonly spanId: string;
}

/** A span that started and has not ended yet. */
export interface LiveSpanEntry {
  readonly spanId: string;
  /** What the span inherited from above it. */
  readonly inherited: InheritedContext | undefined;
  readonly annotation: AnnotationContextValue | undefined;
  readonly stamp: LLMObsStamp | undefined;
  readonly forChildren: InheritedContext | undefined;
  /**
   * The local parent span when it was not an LLM Observability span at this span's start: it may be
   * marked later (`late-marking.ts`). Held only while this span lives.
   */
  readonly plainParent?: StartedSpanLike;
  /**
   * This span itself, while it is plain but may be marked any moment (`marksAfterStart`): a child
   * whose context holds only the parent's ids (OpenInference's LangChain tracer) finds it here.
   */
  readonly plainSelf?: StartedSpanLike;
  /** LLM Observability children that ended while this span lived (bounded). */
  children?: EndedChildSummary[];
}

/** Per-trace state: the live spans, and the first session set in the trace. */
export interface TraceState {
  readonly entries: Map<string, LiveSpanEntry>;
  /** The first session set anywhere in the local trace: the default of spans registered later. */
  sessionDefault?: string;
}

/** Children kept per live span for nested-LLM reconciliation; more are not needed to decide. */
export const MAX_CHILDREN_PER_SPAN = 64;

/**
 * The live spans of every trace, bounded in total and per trace even when spans never end (an
 * instrumentation bug, an abandoned stream): beyond the caps the oldest entry is evicted and
 * counted. An entry is removed when its span ends, and a trace when its last live span ends.
 *
 * Eviction only costs precision: the processor also keeps each span's small immutable linkage in a
 * `WeakMap` keyed by the span object (collected with the span), so an evicted span still ends with
 * its stamps and its late children still find their parent.
 */
export class LiveSpanRegistry {
  readonly #traces = new Map<string, TraceState>();
  readonly #maxSpans: number;
  readonly #maxSpansPerTrace: number;
  #size = 0;
  #evictions = 0;
  #onFirstEviction: (() => void) | undefined;

  constructor(options: { maxSpans: number; maxSpansPerTrace: number; onFirstEviction?: () => void }) {
    this.#maxSpans = options.maxSpans;
    this.#maxSpansPerTrace = options.maxSpansPerTrace;
    this.#onFirstEviction = options.onFirstEviction;
  }

  /** Number of live entries held. */
  get size(): number {
    return this.#size;
  }

  get traceCount(): number {
    return this.#traces.size;
  }

  /** Entries evicted because a cap was reached, since creation. */
  get evictions(): number {
    return this.#evictions;
  }

  trace(traceId: string): TraceState | undefined {
    return this.#traces.get(traceId);
  }

  /** The trace's state, created if needed (a span is about to be registered in it). */
  traceForRegistration(traceId: string): TraceState {
    let state = this.#traces.get(traceId);
    if (!state) {
      state = { entries: new Map() };
      this.#traces.set(traceId, state);
    }
    return state;
  }

  get(traceId: string, spanId: string): LiveSpanEntry | undefined {
    return this.#traces.get(traceId)?.entries.get(spanId);
  }

  register(traceId: string, entry: LiveSpanEntry): void {
    const state = this.traceForRegistration(traceId);
    if (state.entries.has(entry.spanId)) {
      state.entries.set(entry.spanId, entry);
      return;
    }
    state.entries.set(entry.spanId, entry);
    this.#size++;
    while (state.entries.size > this.#maxSpansPerTrace) this.#evictOldest(traceId, state);
    while (this.#size > this.#maxSpans) {
      const oldest = this.#traces.entries().next();
      if (oldest.done) break;
      this.#evictOldest(oldest.value[0], oldest.value[1]);
    }
  }

  /** Removes and returns the entry of a span that ended. */
  take(traceId: string, spanId: string): LiveSpanEntry | undefined {
    const state = this.#traces.get(traceId);
    const entry = state?.entries.get(spanId);
    if (!state || !entry) return undefined;
    state.entries.delete(spanId);
    this.#size--;
    if (state.entries.size === 0) this.#traces.delete(traceId);
    return entry;
  }

  clear(): void {
    this.#traces.clear();
    this.#size = 0;
  }

  #evictOldest(traceId: string, state: TraceState): void {
    const oldest = state.entries.keys().next();
    if (oldest.done) {
      this.#traces.delete(traceId);
      return;
    }
    state.entries.delete(oldest.value);
    this.#size--;
    if (state.entries.size === 0) this.#traces.delete(traceId);
    if (this.#evictions++ === 0) {
      const report = this.#onFirstEviction;
      this.#onFirstEviction = undefined;
      report?.();
    }
  }
}
