// OTLP spans → `ReadableSpan`-shaped objects, as an OTel SDK would hand them to a span processor:
// same ids, times, kind, status, attributes, events, links, instrumentation scope and resource. One
// resource object per `ResourceSpans` (the exporter caches the service identity per resource).
import type { HrTime, Link, SpanContext } from '@opentelemetry/api';
import { createTraceState, TraceFlags } from '@opentelemetry/api';
import type { ReadableSpanLike, ResourceLike } from 'otel-llmobs';
import type { OtlpSpan, OtlpTraceRequest } from './otlp-model.js';
import { SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE, SPAN_FLAGS_CONTEXT_IS_REMOTE } from './otlp-model.js';
import { propagatedParentOf } from './tracestate.js';

/** A decoded span waiting in the trace buffer. */
export interface BufferedSpan {
  readonly span: ReadableSpanLike;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  /** The local root of this service's part of the trace: no parent, or a parent flagged remote. */
  readonly isLocalRoot: boolean;
  readonly startNs: bigint;
  readonly endNs: bigint;
  /** Rough memory cost, for the buffer's byte bound. */
  readonly bytes: number;
}

const NANOS = 1_000_000_000n;

export function toBufferedSpans(request: OtlpTraceRequest): BufferedSpan[] {
  const out: BufferedSpan[] = [];
  for (const rs of request.resourceSpans) {
    const resource: ResourceLike = { attributes: rs.resource.attributes };
    const resourceBytes = attributesBytes(rs.resource.attributes);
    for (const ss of rs.scopeSpans) {
      const scope = ss.scope.version !== undefined ? { name: ss.scope.name, version: ss.scope.version } : { name: ss.scope.name };
      const instrumentationScope = ss.schemaUrl !== undefined ? { ...scope, schemaUrl: ss.schemaUrl } : scope;
      for (const s of ss.spans) out.push(buffered(s, resource, instrumentationScope, resourceBytes));
    }
  }
  return out;
}

function buffered(s: OtlpSpan, resource: ResourceLike, instrumentationScope: ReadableSpanLike['instrumentationScope'] & object, resourceBytes: number): BufferedSpan {
  const knowsRemote = s.flags !== undefined && (s.flags & SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE) !== 0;
  const parentRemote = knowsRemote ? (s.flags! & SPAN_FLAGS_CONTEXT_IS_REMOTE) !== 0 : undefined;
  // Exporters that set no flags (older SDKs, other languages) sent sampled spans.
  const traceFlags = s.flags !== undefined ? s.flags & 0xff : TraceFlags.SAMPLED;
  const spanContext: SpanContext = { traceId: s.traceId, spanId: s.spanId, traceFlags, isRemote: false };
  if (s.traceState !== undefined) spanContext.traceState = createTraceState(s.traceState);
  const parentSpanContext: SpanContext | undefined =
    s.parentSpanId !== undefined ? { traceId: s.traceId, spanId: s.parentSpanId, traceFlags, isRemote: parentRemote === true } : undefined;
  const endNs = s.endTimeUnixNano < s.startTimeUnixNano ? s.startTimeUnixNano : s.endTimeUnixNano;
  const links: Link[] = [];
  for (const l of s.links) {
    if (!/^[0-9a-f]{32}$/.test(l.traceId) || !/^[0-9a-f]{16}$/.test(l.spanId)) continue;
    const context: SpanContext = { traceId: l.traceId, spanId: l.spanId, traceFlags: l.flags !== undefined ? l.flags & 0xff : TraceFlags.NONE };
    if (l.flags !== undefined && (l.flags & SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE) !== 0) context.isRemote = (l.flags & SPAN_FLAGS_CONTEXT_IS_REMOTE) !== 0;
    if (l.traceState !== undefined) context.traceState = createTraceState(l.traceState);
    links.push({ context, attributes: l.attributes, droppedAttributesCount: l.droppedAttributesCount });
  }
  const span: ReadableSpanLike = {
    name: s.name,
    kind: s.kind > 0 ? s.kind - 1 : 0,
    spanContext: () => spanContext,
    ...(parentSpanContext ? { parentSpanContext, parentSpanId: parentSpanContext.spanId } : {}),
    startTime: hrTime(s.startTimeUnixNano),
    endTime: hrTime(endNs),
    duration: hrTime(endNs - s.startTimeUnixNano),
    status: s.status.message !== undefined ? { code: s.status.code, message: s.status.message } : { code: s.status.code },
    attributes: s.attributes,
    links,
    events: s.events.map((e) => ({ name: e.name, time: hrTime(e.timeUnixNano), attributes: e.attributes, droppedAttributesCount: e.droppedAttributesCount })),
    ended: true,
    resource,
    instrumentationScope,
    droppedAttributesCount: s.droppedAttributesCount,
    droppedEventsCount: s.droppedEventsCount,
    droppedLinksCount: s.droppedLinksCount,
  };
  let bytes = 256 + s.name.length + attributesBytes(s.attributes) + resourceBytes / 8;
  for (const e of s.events) bytes += 64 + e.name.length + attributesBytes(e.attributes);
  for (const l of s.links) bytes += 96 + attributesBytes(l.attributes);
  return {
    span,
    traceId: s.traceId,
    spanId: s.spanId,
    parentSpanId: s.parentSpanId,
    // A parent that is the LLM Observability parent another service propagated is in that service, even
    // when no remote flag says so (an otel-llmobs app re-parents its exported LLM spans onto it).
    isLocalRoot: s.parentSpanId === undefined || parentRemote === true || (s.traceState !== undefined && propagatedParentOf(s.traceState) === s.parentSpanId),
    startNs: s.startTimeUnixNano,
    endNs,
    bytes: Math.ceil(bytes),
  };
}

export function hrTime(nanos: bigint): HrTime {
  return [Number(nanos / NANOS), Number(nanos % NANOS)];
}

/** Approximate bytes held by attribute keys and values (strings count their length). */
function attributesBytes(attributes: Record<string, unknown>): number {
  let n = 0;
  for (const key in attributes) {
    const v = attributes[key];
    n += key.length + 16;
    if (typeof v === 'string') n += v.length;
    else if (Array.isArray(v)) for (const item of v) n += typeof item === 'string' ? item.length + 8 : 8;
    else n += 8;
  }
  return n;
}
