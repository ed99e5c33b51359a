import type { SpanEventData } from '../mapping/span-data.js';
import type { LogEventSource } from '../runtime/log-event-sources.js';
import type { HeldLogEvent } from './genai-log-events.js';
import { mergeDetailsEvents } from './genai-log-events.js';

export interface PendingLogEventsLimits {
  /** Spans with records waiting for their span to be mapped. */
  readonly maxSpans: number;
  /** Records kept per span; more are dropped. */
  readonly maxRecordsPerSpan: number;
  /** Approximate characters held across all spans. */
  readonly maxChars: number;
}

export interface PendingLogEventsCounters {
  /** Records joined to their span. */
  joined: number;
  /** Records forgotten to stay within the limits: their span did not end, was not sampled or was not mapped while newer records came in. */
  evicted: number;
  /** Records that arrived after their span had been mapped: too late to join. */
  late: number;
  /** Records refused because their span already holds `maxRecordsPerSpan`, or one record alone is over `maxChars`. */
  overLimit: number;
}

/** What happened to a record offered to the store. */
export type HoldOutcome = { held: true; evicted: number } | { held: false; reason: 'late' | 'over-limit' };

interface PendingSpan {
  readonly events: SpanEventData[];
  chars: number;
}

/**
 * GenAI log records waiting for their span, keyed by trace and span id. Bounded in spans, records per
 * span and characters: past a bound the oldest span's records are evicted (a span that never ends, or
 * that is not an LLM Observability span, must not hold memory forever). The keys of the last
 * `maxSpans` spans taken are remembered, so a record arriving after its span was mapped is dropped and
 * counted at once instead of waiting to be evicted.
 */
export class PendingLogEvents implements LogEventSource {
  readonly #limits: PendingLogEventsLimits;
  readonly #pending = new Map<string, PendingSpan>();
  /** Spans already taken (insertion-ordered: the oldest is forgotten first). */
  readonly #taken = new Set<string>();
  #chars = 0;
  readonly counters: PendingLogEventsCounters = { joined: 0, evicted: 0, late: 0, overLimit: 0 };

  constructor(limits: PendingLogEventsLimits) {
    this.#limits = limits;
  }

  get spans(): number {
    return this.#pending.size;
  }

  hold(traceId: string, spanId: string, held: HeldLogEvent): HoldOutcome {
    const key = keyOf(traceId, spanId);
    if (this.#taken.has(key)) {
      this.counters.late++;
      return { held: false, reason: 'late' };
    }
    if (held.size > this.#limits.maxChars) {
      this.counters.overLimit++;
      return { held: false, reason: 'over-limit' };
    }
    let span = this.#pending.get(key);
    if (span && span.events.length >= this.#limits.maxRecordsPerSpan) {
      this.counters.overLimit++;
      return { held: false, reason: 'over-limit' };
    }
    let evicted = 0;
    if (!span) {
      if (this.#pending.size >= this.#limits.maxSpans) evicted += this.#evictOldest();
      span = { events: [], chars: 0 };
      this.#pending.set(key, span);
    }
    span.events.push(held.event);
    span.chars += held.size;
    this.#chars += held.size;
    while (this.#chars > this.#limits.maxChars && this.#pending.size > 1) evicted += this.#evictOldest(key);
    this.counters.evicted += evicted;
    return { held: true, evicted };
  }

  /** The span's records (details records merged into one), removed from the store; later records for it are counted as late. */
  take(traceId: string, spanId: string): SpanEventData[] | undefined {
    const key = keyOf(traceId, spanId);
    this.#remember(key);
    const span = this.#pending.get(key);
    if (!span) return undefined;
    this.#pending.delete(key);
    this.#chars -= span.chars;
    this.counters.joined += span.events.length;
    return mergeDetailsEvents(span.events);
  }

  clear(): void {
    this.#pending.clear();
    this.#taken.clear();
    this.#chars = 0;
  }

  /** Evicts the oldest pending span other than `keep`; returns how many records went with it. */
  #evictOldest(keep?: string): number {
    for (const [key, span] of this.#pending) {
      if (key === keep) continue;
      this.#pending.delete(key);
      this.#chars -= span.chars;
      return span.events.length;
    }
    return 0;
  }

  #remember(key: string): void {
    if (this.#taken.has(key)) return;
    if (this.#taken.size >= this.#limits.maxSpans) {
      const oldest = this.#taken.values().next();
      if (!oldest.done) this.#taken.delete(oldest.value);
    }
    this.#taken.add(key);
  }
}

function keyOf(traceId: string, spanId: string): string {
  return `${traceId}:${spanId}`;
}
