import type { LLMObsSpan } from '../conventions/model.js';
import type { SpanEvent } from './encode-span-event.js';
import { encodeSpanEvent } from './encode-span-event.js';
import { encodeEnvelope, envelopeParts, joinEnvelopes } from './span-envelope.js';
import type { SpanEventContext } from './span-event-context.js';
import { TRACER_VERSION } from '../internal/version.js';

/**
 * A complete request body for `POST /api/v2/llmobs` from canonical spans (or already-encoded span
 * events): what the exporter sends, minus batching. Used by the golden contract tests, the dev
 * intake and the gateway. Oversize events are truncated; events too large even without their I/O
 * are left out. Does not split: callers with many large spans should batch (see `LLMObsExporter`).
 */
export function encodeSpanEventsPayload(
  spans: ReadonlyArray<LLMObsSpan | SpanEvent>,
  ctx: SpanEventContext = {},
  options: { tracerVersion?: string } = {},
): string {
  const parts = envelopeParts(options.tracerVersion ?? TRACER_VERSION);
  const envelopes: string[] = [];
  for (const span of spans) {
    const event = isSpanEvent(span) ? span : encodeSpanEvent(span, ctx);
    const encoded = encodeEnvelope(event, parts);
    if (encoded) envelopes.push(encoded.json);
  }
  return joinEnvelopes(envelopes);
}

function isSpanEvent(value: LLMObsSpan | SpanEvent): value is SpanEvent {
  return typeof (value as SpanEvent).span_id === 'string' && typeof (value as SpanEvent)._dd === 'object';
}
