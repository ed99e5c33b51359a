import type { Attributes } from '@opentelemetry/api';
import type { LLMObsSpan } from '../conventions/model.js';
import { GENAI, GENAI_CONTENT_EVENT_NAMES } from '../conventions/genai.js';
import type { InstrumentationScopeLike, TimedEventLike } from '../sdk-shapes/span-shapes.js';
import { toCanonicalAttributes } from './canonical-attributes.js';

/**
 * What to do with the attributes of the conventions we mapped from (OpenInference, OpenLLMetry,
 * Vercel `ai.*`, pre-1.37 GenAI, our own `_dd.ml_obs.*`) when a span leaves through OTLP:
 *
 * - `strip` (default): drop them, together with the GenAI attributes the canonical writer rewrites
 *   and the span events that only repeat messages, so a backend sees one unambiguous, current
 *   GenAI description. It is also the only mode in which a `beforeExport` hook's redaction reaches
 *   every copy of the content, the only one that does not send messages twice, and the one our own
 *   mapper (the gateway) reads back exactly. Datadog's OTLP conversion, for one, prefers
 *   OpenInference keys when it finds them.
 * - `keep`: leave them (and their events) beside the canonical attributes, for a backend that only
 *   reads a vendor convention; canonical keys win on a clash.
 *
 * Attributes of no LLM convention (HTTP, DB, resource-like, user custom) are always kept, and so are
 * the GenAI attributes the writer does not rewrite (`gen_ai.response.id`, `gen_ai.output.type`, …).
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

/**
 * GenAI attributes the canonical writer is the authority for: every one our mappers read. In `strip`
 * mode the source's values go, so that what travels is exactly what the writer wrote (a hook that
 * changed the model is not contradicted by a stale `gen_ai.response.model` or request parameter).
 */
const REWRITTEN_GENAI_PREFIXES = [
  'gen_ai.request.',
  'gen_ai.usage.',
  'gen_ai.tool.',
  'gen_ai.agent.',
  'gen_ai.workflow.',
  'gen_ai.retrieval.',
  'gen_ai.embeddings.',
  'gen_ai.client.',
  'gen_ai.server.',
];

const REWRITTEN_GENAI_KEYS = new Set<string>([
  GENAI.OPERATION_NAME,
  GENAI.PROVIDER_NAME,
  GENAI.RESPONSE_MODEL,
  GENAI.RESPONSE_FINISH_REASONS,
  GENAI.RESPONSE_TIME_TO_FIRST_CHUNK,
  GENAI.INPUT_MESSAGES,
  GENAI.OUTPUT_MESSAGES,
  GENAI.SYSTEM_INSTRUCTIONS,
  GENAI.CONVERSATION_ID,
  GENAI.DATA_SOURCE_ID,
  GENAI.PROMPT_NAME,
]);

/** Span events that only carry messages or results the canonical attributes now hold. */
const VENDOR_EVENTS = new Set<string>([
  ...GENAI_CONTENT_EVENT_NAMES,
  // traceloop's vector-DB helpers
  'db.query.result',
  'db.query.embeddings',
]);
const VENDOR_EVENT_PREFIXES = ['ai.', 'traceloop.', 'openinference.', 'llm.'];

/** Whether an attribute belongs to a source convention (`ai.*`, `traceloop.*`, OpenInference, legacy `gen_ai.*`) that the canonical attributes replace. */
export function isVendorAttribute(key: string): boolean {
  if (VENDOR_KEYS.has(key)) return true;
  for (const prefix of VENDOR_PREFIXES) if (key.startsWith(prefix)) return true;
  return false;
}

/** A GenAI attribute the canonical writer rewrites from the model (see `REWRITTEN_GENAI_*`). */
export function isRewrittenGenAiAttribute(key: string): boolean {
  if (REWRITTEN_GENAI_KEYS.has(key)) return true;
  for (const prefix of REWRITTEN_GENAI_PREFIXES) if (key.startsWith(prefix)) return true;
  return false;
}

export function isVendorEvent(name: string): boolean {
  if (VENDOR_EVENTS.has(name)) return true;
  for (const prefix of VENDOR_EVENT_PREFIXES) if (name.startsWith(prefix)) return true;
  return false;
}

/** The span the attributes come from, when known: its name and scope refine what is written (see `CanonicalSource`). */
export interface DeriveSource {
  name: string;
  instrumentationScope?: InstrumentationScopeLike;
}

/** The attributes of the derived span handed to a downstream (OTLP) exporter. */
export function deriveCanonicalAttributes(
  original: Attributes,
  span: LLMObsSpan,
  vendor: VendorAttributes = 'strip',
  source?: DeriveSource,
): Attributes {
  const out: Attributes = {};
  for (const key of Object.keys(original)) {
    if (vendor === 'strip' && (isVendorAttribute(key) || isRewrittenGenAiAttribute(key))) continue;
    out[key] = original[key];
  }
  const canonical = source
    ? toCanonicalAttributes(span, { name: source.name, attributes: original, instrumentationScope: source.instrumentationScope })
    : toCanonicalAttributes(span);
  return Object.assign(out, canonical);
}

/** The events of the derived span: in `strip` mode, without those that only repeat what the canonical attributes say. */
export function deriveCanonicalEvents(events: TimedEventLike[], vendor: VendorAttributes = 'strip'): TimedEventLike[] {
  if (vendor === 'keep') return events;
  return events.some((e) => isVendorEvent(e.name)) ? events.filter((e) => !isVendorEvent(e.name)) : events;
}
