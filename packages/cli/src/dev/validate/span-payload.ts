// A span request body: a JSON array of one-span envelopes (spec/datadog-intake.md §2.1).
import type { WireSpanEvent } from '../../shared/wire.js';
import { childPath, ViolationList, type Violation } from './violations.js';
import { describeType, isRecord } from './json-types.js';
import { eventSizeViolation } from './limits.js';
import { validateSpanEvent } from './span-event.js';
import { MAX_ITEMS_PER_REQUEST, tooManyItemsViolation } from './work-limits.js';

const ENVELOPE_KEYS: ReadonlySet<string> = new Set(['_dd.stage', '_dd.tracer_version', 'event_type', 'spans', '_dd.scope']);

export interface SpanEventReport {
  /** Index of the envelope in the request's array. */
  index: number;
  /** The event, when it has no error-level violation (it may still have warnings). */
  event: WireSpanEvent | undefined;
  violations: Violation[];
  /** Best-effort ids of the event, for pointing at it in a problem report even when it is invalid. */
  traceId: string | undefined;
  spanId: string | undefined;
  name: string | undefined;
}

export interface SpanPayloadReport {
  /** Violations of the body as a whole (not an array). When non-empty, `events` is empty. */
  payload: Violation[];
  events: SpanEventReport[];
  /** Envelopes past `MAX_ITEMS_PER_REQUEST`, neither validated nor stored (a `limits.items` error says so). */
  skipped: number;
}

export function validateSpanPayload(body: unknown): SpanPayloadReport {
  if (!Array.isArray(body)) {
    const hint = isRecord(body) && 'data' in body ? ' (a {data:…} body is the public HTTP API, not what the SDK sends to this path)' : '';
    return {
      payload: [
        {
          severity: 'error',
          code: 'payload.not_array',
          path: '',
          message: `A span request body must be a JSON array of envelopes {"_dd.stage":"raw","event_type":"span","spans":[event]}, got ${describeType(body)}${hint}.`,
        },
      ],
      events: [],
      skipped: 0,
    };
  }
  const payload: Violation[] = [];
  if (body.length === 0) {
    payload.push({ severity: 'warning', code: 'payload.empty', path: '', message: 'The request body is an empty array: nothing to store.' });
  }
  const skipped = Math.max(0, body.length - MAX_ITEMS_PER_REQUEST);
  if (skipped > 0) payload.push(tooManyItemsViolation(body.length, `[${MAX_ITEMS_PER_REQUEST}]`));
  const events: SpanEventReport[] = [];
  for (let index = 0; index < body.length - skipped; index++) events.push(validateEnvelope(body[index], index));
  return { payload, events, skipped };
}

export function validateEnvelope(envelope: unknown, index: number): SpanEventReport {
  const path = `[${index}]`;
  const out = new ViolationList();
  const report = (span: unknown): SpanEventReport => {
    const ids = isRecord(span) ? span : {};
    return {
      index,
      event: out.hasErrors ? undefined : (span as WireSpanEvent),
      violations: out.items,
      traceId: typeof ids.trace_id === 'string' ? ids.trace_id : undefined,
      spanId: typeof ids.span_id === 'string' ? ids.span_id : undefined,
      name: typeof ids.name === 'string' ? ids.name : undefined,
    };
  };
  if (!isRecord(envelope)) {
    out.error(path, 'envelope.type', `An envelope must be an object {"_dd.stage", "_dd.tracer_version", "event_type", "spans"}, got ${describeType(envelope)}.`);
    return report(undefined);
  }
  const at = (key: string): string => childPath(path, key);
  if (envelope['_dd.stage'] !== 'raw') {
    out.error(at('_dd.stage'), 'envelope.stage', `"_dd.stage" must be "raw", got ${describeType(envelope['_dd.stage'])}.`);
  }
  const version = envelope['_dd.tracer_version'];
  if (version === undefined) out.warn(at('_dd.tracer_version'), 'envelope.tracer_version', '"_dd.tracer_version" is missing.');
  else if (typeof version !== 'string') out.error(at('_dd.tracer_version'), 'envelope.tracer_version', `"_dd.tracer_version" must be a string, got ${describeType(version)}.`);
  if (envelope.event_type !== 'span') {
    out.error(at('event_type'), 'envelope.event_type', `event_type must be "span", got ${describeType(envelope.event_type)}.`);
  }
  const scope = envelope['_dd.scope'];
  if (scope !== undefined && scope !== 'experiments') {
    out.warn(at('_dd.scope'), 'envelope.scope', `"_dd.scope" is only sent as "experiments", got ${describeType(scope)}.`);
  }
  for (const key of Object.keys(envelope)) {
    if (!ENVELOPE_KEYS.has(key)) {
      out.warn(at(key), 'envelope.unknown_key', `Unknown envelope key "${key}"; the intake ignores it (ml_app, session_id and tags travel on each span).`);
    }
  }
  const spans = envelope.spans;
  if (!Array.isArray(spans) || spans.length !== 1) {
    out.error(
      at('spans'),
      'envelope.spans',
      `spans must be an array holding exactly one span event, got ${Array.isArray(spans) ? `${spans.length} elements` : describeType(spans)}.`,
    );
    return report(Array.isArray(spans) ? spans[0] : undefined);
  }
  const span: unknown = spans[0];
  const spanPath = childPath(at('spans'), 0);
  const tooBig = eventSizeViolation(span, spanPath);
  if (tooBig) {
    out.items.push(tooBig);
    return report(span);
  }
  validateSpanEvent(span, spanPath, out);
  return report(span);
}
