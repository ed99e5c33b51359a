import type { SpanData, SpanEventData } from '../mapping/span-data.js';
import { mergeDetailsEvents } from './genai-log-events.js';

/** A store of pending GenAI log events, as the span processor sees it. */
export interface LogEventSource {
  take(traceId: string, spanId: string): SpanEventData[] | undefined;
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

/**
 * The span's data with the GenAI log records emitted under it appended as span events, which the
 * mappers read like events a library put on the span itself. Called when the span is mapped: records
 * emitted before then are joined (instrumentations emit them before `span.end()`), later ones are
 * counted as late by their store. With no log record processor registered this is one `Set` size check.
 */
export function joinLogEvents(data: SpanData, traceId: string, spanId: string): SpanData {
  const sources = logEventSources();
  if (sources.size === 0) return data;
  let joined: SpanEventData[] | undefined;
  for (const source of sources) {
    const events = source.take(traceId, spanId);
    if (events) joined = joined ? joined.concat(events) : events;
  }
  if (!joined) return data;
  const events = data.events && data.events.length > 0 ? [...data.events, ...joined] : joined;
  return { ...data, events: mergeDetailsEvents(events) };
}
