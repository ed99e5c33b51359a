import type { LLMObsSpan } from './model.js';

/**
 * The processor hands downstream exporters a derived span and keeps the normalized model beside
 * it under this symbol, so `LLMObsExporter` does not map the same attributes a second time.
 * `Symbol.for` so that two copies of this package (ESM and CJS) agree on the key.
 */
const LLMOBS_SPAN = Symbol.for('otel-llmobs.span');

/** Puts `span` beside `target` (non-enumerable, never on its attributes) and returns `target`. */
export function attachLLMObsSpan<T extends object>(target: T, span: LLMObsSpan): T {
  Object.defineProperty(target, LLMOBS_SPAN, { value: span, enumerable: false, configurable: true });
  return target;
}

/** The canonical model the processor attached to a span it handed to an exporter, if any: what a custom exporter reads instead of mapping the attributes again. */
export function readLLMObsSpan(target: unknown): LLMObsSpan | undefined {
  if (target === null || typeof target !== 'object') return undefined;
  return (target as Record<symbol, LLMObsSpan | undefined>)[LLMOBS_SPAN];
}
