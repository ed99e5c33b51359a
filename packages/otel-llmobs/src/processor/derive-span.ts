import type { Attributes, Link, SpanContext, SpanStatus } from '@opentelemetry/api';
import { attachLLMObsSpan } from '../conventions/attached-span.js';
import type { LLMObsSpan } from '../conventions/model.js';
import type { ReadableSpanLike, TimedEventLike } from '../sdk-shapes/span-shapes.js';
import { scopeOf } from '../sdk-shapes/span-shapes.js';

/**
 * The attributes a downstream exporter sees on a derived span: the source span's own attributes
 * (copied, never shared) for `LLMObsExporter`, which reads the attached model instead; the
 * canonical OTLP attributes (`canonical-writer.ts`) for any other exporter.
 */
export type DerivedAttributesWriter = (source: ReadableSpanLike, llmobs: LLMObsSpan | undefined) => Attributes;

/** The events a downstream exporter sees on a derived span (the canonical writer drops those that only repeat messages). */
export type DerivedEventsWriter = (source: ReadableSpanLike, llmobs: LLMObsSpan | undefined) => TimedEventLike[];

/** The parent a downstream exporter sees (the canonical writer re-parents LLM spans onto their LLM Observability parent). */
export type DerivedParentWriter = (source: ReadableSpanLike, llmobs: LLMObsSpan | undefined) => SpanContext | undefined;

export interface DerivedSpanWriter {
  readonly attributes: DerivedAttributesWriter;
  readonly events?: DerivedEventsWriter;
  readonly parent?: DerivedParentWriter;
  /** The status (the sensitive-data scanner rewrites its message). */
  readonly status?: (source: ReadableSpanLike, llmobs: LLMObsSpan | undefined) => SpanStatus;
  /** The links (the sensitive-data scanner rewrites their attributes). */
  readonly links?: (source: ReadableSpanLike, llmobs: LLMObsSpan | undefined) => Link[];
}

/** The source span's attributes (copied) and events, as they are. */
export const ORIGINAL_SPAN_WRITER: DerivedSpanWriter = { attributes: (source) => ({ ...source.attributes }) };

/**
 * A new `ReadableSpan` for downstream exporters: same ids, times, resource, scope, status, events
 * and links as the source, its own attribute object, and the normalized model attached (for
 * `LLMObsExporter`, which then does not map the span again). The source span, which other
 * processors share, is never touched.
 */
export function deriveSpan(
  source: ReadableSpanLike,
  llmobs: LLMObsSpan | undefined,
  writer: DerivedSpanWriter = ORIGINAL_SPAN_WRITER,
): ReadableSpanLike {
  const spanContext = source.spanContext();
  const scope = scopeOf(source) ?? { name: '' };
  const parentSpanContext = writer.parent ? writer.parent(source, llmobs) : source.parentSpanContext;
  const derived = {
    name: source.name,
    kind: source.kind,
    spanContext: () => spanContext,
    parentSpanContext,
    parentSpanId: writer.parent ? parentSpanContext?.spanId : (source.parentSpanContext?.spanId ?? source.parentSpanId),
    startTime: source.startTime,
    endTime: source.endTime,
    attributes: writer.attributes(source, llmobs),
    status: writer.status ? writer.status(source, llmobs) : source.status,
    links: writer.links ? writer.links(source, llmobs) : source.links,
    events: writer.events ? writer.events(source, llmobs) : source.events,
    duration: source.duration,
    ended: true,
    resource: source.resource,
    instrumentationScope: scope,
    // SDK 1.x exporters read the old name.
    instrumentationLibrary: scope,
    droppedAttributesCount: source.droppedAttributesCount,
    droppedEventsCount: source.droppedEventsCount,
    droppedLinksCount: source.droppedLinksCount,
  } satisfies ReadableSpanLike;
  return llmobs ? attachLLMObsSpan(derived, llmobs) : derived;
}
