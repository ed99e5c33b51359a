import type { SpanData } from '../mapping/span-data.js';
import { takeLogEvents } from '../runtime/log-event-sources.js';

/**
 * The span's data with the GenAI log records emitted under it (held by `LLMObsLogRecordProcessor`)
 * appended as span events, which the mappers read like events a library put on the span itself.
 * Called when the span is mapped: records emitted before then are joined (instrumentations emit
 * them before `span.end()`); later ones are counted as late by their store.
 */
export function joinLogEvents(data: SpanData, traceId: string, spanId: string): SpanData {
  const joined = takeLogEvents(traceId, spanId);
  if (!joined) return data;
  return { ...data, events: data.events && data.events.length > 0 ? [...data.events, ...joined] : joined };
}
