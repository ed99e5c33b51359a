import { LLMObsExporter } from '../datadog/llmobs-exporter.js';
import type { DerivedSpanWriter } from '../processor/derive-span.js';
import { ORIGINAL_SPAN_WRITER } from '../processor/derive-span.js';
import type { SpanExporterLike } from '../processor/span-shapes.js';
import { scopeOf } from '../processor/span-shapes.js';
import type { VendorAttributes } from './derive-attributes.js';
import { deriveCanonicalAttributes, deriveCanonicalEvents } from './derive-attributes.js';

/**
 * The derived-span writer for an OTLP (or any non-Datadog) exporter: each LLM Observability span
 * leaves with the canonical GenAI attributes of its model (see `canonical-attributes.ts`). Plain
 * spans a `spanFilter` lets through keep their attributes as they are.
 */
export function canonicalSpanWriter(vendor: VendorAttributes): DerivedSpanWriter {
  return {
    attributes: (source, llmobs) =>
      llmobs
        ? deriveCanonicalAttributes(source.attributes, llmobs, vendor, { name: source.name, instrumentationScope: scopeOf(source) })
        : { ...source.attributes },
    events: (source, llmobs) => (llmobs ? deriveCanonicalEvents(source.events, vendor) : source.events),
  };
}

/**
 * `LLMObsExporter` encodes the model attached to each derived span and never reads its attributes:
 * rewriting them would be wasted work. Any other exporter gets the canonical attributes. (An
 * `LLMObsExporter` from a second copy of this package, ESM beside CJS, is not recognised and gets
 * canonical attributes too: harmless, only slower.)
 */
export function derivedSpanWriterFor(exporter: SpanExporterLike | undefined, vendor: VendorAttributes): DerivedSpanWriter {
  return exporter === undefined || exporter instanceof LLMObsExporter ? ORIGINAL_SPAN_WRITER : canonicalSpanWriter(vendor);
}
