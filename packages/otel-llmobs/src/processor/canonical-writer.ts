import type { SpanContext } from '@opentelemetry/api';
import type { LLMObsSpan } from '../conventions/model.js';
import type { DerivedSpanWriter } from './derive-span.js';
import { ORIGINAL_SPAN_WRITER } from './derive-span.js';
import type { ReadableSpanLike, SpanExporterLike } from '../sdk-shapes/span-shapes.js';
import { scopeOf } from '../sdk-shapes/span-shapes.js';
import { READS_ATTACHED_MODEL } from '../sdk-shapes/exporter-capabilities.js';
import type { VendorAttributes } from '../otlp/derive-attributes.js';
import { deriveCanonicalAttributes, deriveCanonicalEvents } from '../otlp/derive-attributes.js';

export interface CanonicalWriterOptions {
  /**
   * Re-parent each LLM span onto its LLM Observability parent (the nearest LLM ancestor; none for a
   * root). Right when only LLM spans are exported (no `spanFilter`): otherwise a span whose OTel
   * parent is an HTTP or framework span that is not exported would point at a span the backend never
   * receives, and show up as an orphan (Datadog's conversion, too, takes `parent_span_id` as is).
   */
  reparent: boolean;
}

/**
 * The derived-span writer for an OTLP (or any non-Datadog) exporter: each LLM Observability span
 * leaves with the canonical GenAI attributes of its model (see `canonical-attributes.ts`). Plain
 * spans a `spanFilter` lets through keep their attributes and parent as they are.
 */
export function canonicalSpanWriter(vendor: VendorAttributes, options: CanonicalWriterOptions = { reparent: true }): DerivedSpanWriter {
  const writer: DerivedSpanWriter = {
    attributes: (source, llmobs) =>
      llmobs
        ? deriveCanonicalAttributes(source.attributes, llmobs, vendor, { name: source.name, instrumentationScope: scopeOf(source) })
        : { ...source.attributes },
    events: (source, llmobs) => (llmobs ? deriveCanonicalEvents(source.events, vendor) : source.events),
  };
  return options.reparent ? { ...writer, parent: llmObservabilityParent } : writer;
}

/** The LLM Observability parent as the span's parent (same trace); the OTel parent itself when it is that span. */
function llmObservabilityParent(source: ReadableSpanLike, llmobs: LLMObsSpan | undefined): SpanContext | undefined {
  const own = source.parentSpanContext;
  if (!llmobs) return own;
  if (llmobs.parentId === undefined) return undefined;
  if (own?.spanId === llmobs.parentId) return own;
  const { traceId, traceFlags } = source.spanContext();
  return { traceId, spanId: llmobs.parentId, traceFlags, isRemote: false };
}

/**
 * `LLMObsExporter` encodes the model attached to each derived span and never reads its attributes
 * (it says so with `READS_ATTACHED_MODEL`, a `Symbol.for` key the ESM and CJS builds share):
 * rewriting them would be wasted work. Any other exporter gets the canonical attributes.
 */
export function derivedSpanWriterFor(exporter: SpanExporterLike | undefined, vendor: VendorAttributes, options: CanonicalWriterOptions): DerivedSpanWriter {
  return exporter === undefined || exporter[READS_ATTACHED_MODEL] === true ? ORIGINAL_SPAN_WRITER : canonicalSpanWriter(vendor, options);
}
