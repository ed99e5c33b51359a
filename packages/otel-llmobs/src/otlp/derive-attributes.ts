import type { Attributes } from '@opentelemetry/api';
import type { LLMObsSpan } from '../conventions/model.js';
import { toCanonicalAttributes } from './canonical-attributes.js';

/**
 * What to do with the attributes of the conventions we mapped from (OpenInference, OpenLLMetry,
 * Vercel `ai.*`, pre-1.37 GenAI) when a span leaves through OTLP:
 * - `strip` (default): drop them, so a backend sees one unambiguous, current GenAI description
 *   (Datadog's OTLP conversion, for one, prefers OpenInference keys when it finds them);
 * - `keep`: leave them beside the canonical attributes (canonical keys still win on a clash).
 * Attributes of no LLM convention (HTTP, DB, resource-like, user custom) are always kept.
 */
export type VendorAttributes = 'strip' | 'keep';

const VENDOR_PREFIXES = [
  'gen_ai.prompt.',
  'gen_ai.completion.',
  'llm.',
  'traceloop.',
  'ai.',
  'openinference.',
  'embedding.',
  'retrieval.',
  'reranker.',
  'tool.',
  'input.',
  'output.',
  '_dd.ml_obs.',
];

const VENDOR_KEYS = new Set([
  'gen_ai.system',
  'gen_ai.prompt',
  'gen_ai.completion',
  'gen_ai.usage.prompt_tokens',
  'gen_ai.usage.completion_tokens',
  'gen_ai.usage.cache_read_input_tokens',
  'gen_ai.usage.cache_creation_input_tokens',
  'gen_ai.usage.cache_write.input_tokens',
  'gen_ai.usage.reasoning_tokens',
  'gen_ai.tool.args',
  'tag.tags',
  'metadata',
]);

export function isVendorAttribute(key: string): boolean {
  if (VENDOR_KEYS.has(key)) return true;
  for (const prefix of VENDOR_PREFIXES) if (key.startsWith(prefix)) return true;
  return false;
}

/** The attributes of the derived span handed to a downstream (OTLP) exporter. */
export function deriveCanonicalAttributes(original: Attributes, span: LLMObsSpan, vendor: VendorAttributes = 'strip'): Attributes {
  const out: Attributes = {};
  for (const key of Object.keys(original)) {
    if (vendor === 'strip' && isVendorAttribute(key)) continue;
    out[key] = original[key];
  }
  return Object.assign(out, toCanonicalAttributes(span));
}
