import type { Attributes, HrTime } from '@opentelemetry/api';

/** A GenAI log record presented as a span event (the mappers' `SpanEventData` shape). */
export interface LogEventLike {
  readonly name: string;
  readonly time?: HrTime;
  readonly attributes?: Attributes;
}

/** A store of GenAI log events waiting for their span (`LLMObsLogRecordProcessor`'s). */
export interface LogEventSource {
  /** The span's events, removed from the store, or `undefined` when it holds none. */
  take(traceId: string, spanId: string): LogEventLike[] | undefined;
}

const SOURCES_KEY = Symbol.for('otel-llmobs.log-event-sources.v1');

/**
 * The hand-off between `LLMObsLogRecordProcessor` (in the user's `LoggerProvider`) and
 * `LLMObsSpanProcessor` (in their `TracerProvider`): neither holds a reference to the other. Kept on
 * `globalThis` under a `Symbol.for` key so the ESM and CJS builds of the package share it.
 */
export function logEventSources(): Set<LogEventSource> {
  const holder = globalThis as Record<symbol, Set<LogEventSource> | undefined>;
  let sources = holder[SOURCES_KEY];
  if (!sources) {
    sources = new Set();
    Object.defineProperty(globalThis, SOURCES_KEY, { value: sources, enumerable: false, configurable: true, writable: false });
  }
  return sources;
}

/** Every registered store's events for the span, taken. With no store registered: one `Set` size check. */
export function takeLogEvents(traceId: string, spanId: string): LogEventLike[] | undefined {
  const sources = logEventSources();
  if (sources.size === 0) return undefined;
  let taken: LogEventLike[] | undefined;
  for (const source of sources) {
    const events = source.take(traceId, spanId);
    if (events) taken = taken ? taken.concat(events) : events;
  }
  return taken;
}
