import { LLMObsExporter } from '../datadog/llmobs-exporter.js';
import type { SpanExporterLike } from '../sdk-shapes/span-shapes.js';

/**
 * The exporter of a processor created without one: `LLMObsExporter`, configured from the
 * environment (`DD_API_KEY`, `DD_SITE`, `DD_LLMOBS_AGENTLESS_ENABLED`, `DD_TRACE_AGENT_URL`, …).
 * The one place the processor layer reaches into the Datadog output layer, on purpose: it is the
 * documented default.
 */
export function createDefaultExporter(): SpanExporterLike {
  return new LLMObsExporter();
}
