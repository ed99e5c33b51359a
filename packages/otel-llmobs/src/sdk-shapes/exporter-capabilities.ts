/**
 * Capability markers an exporter sets on itself to tell `LLMObsSpanProcessor` how to feed it. Both
 * are `Symbol.for` keys, so that the ESM and CJS builds (and two copies of the package) agree.
 */

/**
 * Set to `true` on an exporter that queues what `export()` hands it and calls back before returning
 * (`LLMObsExporter`: it owns batching, retries and back-pressure). The processor then hands each span
 * straight to it instead of batching in front of it: one queue and one timer instead of two (a span
 * went out after up to ~2 s), and no 512-span burst of encoding inside one `span.end()`.
 * `Symbol.for`, so that the ESM and CJS builds agree.
 */
export const QUEUES_ON_EXPORT: unique symbol = Symbol.for('otel-llmobs.exporter.queues-on-export') as never;

/**
 * Set to `true` on an exporter that encodes the model attached to each derived span and never reads
 * its attributes (`LLMObsExporter`): the processor then skips writing canonical attributes for it.
 */
export const READS_ATTACHED_MODEL: unique symbol = Symbol.for('otel-llmobs.exporter.reads-attached-model') as never;

/**
 * On `LLMObsExporter`: the options it was built with, so evaluations of the spans it sends take the
 * same route (agentless, Agent, intake URL) without being configured twice.
 */
export const ROUTE_OPTIONS: unique symbol = Symbol.for('otel-llmobs.exporter.route-options') as never;
