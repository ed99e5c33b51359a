import type { Attributes } from '@opentelemetry/api';
import { attachLLMObsSpan } from '../conventions/attached-span.js';
import type { LLMObsSpan } from '../conventions/model.js';
import type { ReadableSpanLike } from './span-shapes.js';
import { scopeOf } from './span-shapes.js';

/**
 * The attributes a downstream exporter sees on a derived span. For now the source span's own
 * attributes (copied, never shared); the canonical OTLP attribute writer (a later issue) plugs in
 * here to write the normalized model for non-Datadog backends.
 */
export type DerivedAttributesWriter = (source: ReadableSpanLike, llmobs: LLMObsSpan | undefined) => Attributes;

export const originalAttributes: DerivedAttributesWriter = (source) => ({ ...source.attributes });

/**
 * A new `ReadableSpan` for downstream exporters: same ids, times, resource, scope, status, events
 * and links as the source, its own attribute object, and the normalized model attached (for
 * `LLMObsExporter`, which then does not map the span again). The source span, which other
 * processors share, is never touched.
 */
export function deriveSpan(
  source: ReadableSpanLike,
  llmobs: LLMObsSpan | undefined,
  writeAttributes: DerivedAttributesWriter = originalAttributes,
): ReadableSpanLike {
  const spanContext = source.spanContext();
  const scope = scopeOf(source) ?? { name: '' };
  const derived = {
    name: source.name,
    kind: source.kind,
    spanContext: () => spanContext,
    parentSpanContext: source.parentSpanContext,
    parentSpanId: source.parentSpanContext?.spanId ?? source.parentSpanId,
    startTime: source.startTime,
    endTime: source.endTime,
    status: source.status,
    attributes: writeAttributes(source, llmobs),
    links: source.links,
    events: source.events,
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
