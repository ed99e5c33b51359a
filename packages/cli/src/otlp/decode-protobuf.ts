// `ExportTraceServiceRequest` (opentelemetry-proto `collector/trace/v1/trace_service.proto`) from
// protobuf bytes, by hand. Decision: no protobufjs. `@opentelemetry/otlp-transformer` 0.2xx itself
// dropped protobufjs for a hand-written writer and ships no request decoder; the trace subset is
// eight small messages, and a reader we control checks every bound, caps nesting, never evaluates
// generated code and adds no runtime dependency. Tested against the stock
// `@opentelemetry/exporter-trace-otlp-proto` and the transformer's serializer.
//
// Field numbers (opentelemetry-proto v1.x; unknown fields are skipped, as protobuf requires):
//   ExportTraceServiceRequest  1 resource_spans
//   ResourceSpans              1 resource, 2 scope_spans, 3 schema_url
//   Resource                   1 attributes, 2 dropped_attributes_count
//   ScopeSpans                 1 scope, 2 spans, 3 schema_url
//   InstrumentationScope       1 name, 2 version, 3 attributes, 4 dropped_attributes_count
//   Span                       1 trace_id, 2 span_id, 3 trace_state, 4 parent_span_id, 5 name, 6 kind,
//                              7 start_time_unix_nano, 8 end_time_unix_nano, 9 attributes,
//                              10 dropped_attributes_count, 11 events, 12 dropped_events_count, 13 links,
//                              14 dropped_links_count, 15 status, 16 flags
//   Span.Event                 1 time_unix_nano, 2 name, 3 attributes, 4 dropped_attributes_count
//   Span.Link                  1 trace_id, 2 span_id, 3 trace_state, 4 attributes, 5 dropped_attributes_count, 6 flags
//   Status                     2 message, 3 code
//   KeyValue                   1 key, 2 value
//   AnyValue                   1 string, 2 bool, 3 int, 4 double, 5 array, 6 kvlist, 7 bytes
import type { Attributes } from '@opentelemetry/api';
import type { AnyValue } from './any-value.js';
import { addAttribute, kvListObject } from './any-value.js';
import type {
  DecodedTraceRequest,
  OtlpEvent,
  OtlpLink,
  OtlpResourceSpans,
  OtlpScope,
  OtlpScopeSpans,
  OtlpSpan,
} from './otlp-model.js';
import { countEntry, idProblem, MAX_EVENTS_PER_SPAN, MAX_LINKS_PER_SPAN, MAX_VALUE_DEPTH, OtlpDecodeError, rejectSpan } from './otlp-model.js';
import { ProtoReader, WIRE_FIXED32, WIRE_FIXED64, WIRE_LENGTH_DELIMITED, WIRE_VARINT } from './protobuf-reader.js';
import type { Steps } from './sliced.js';
import { runNow } from './sliced.js';

export function decodeTraceRequestProtobuf(body: Uint8Array): DecodedTraceRequest {
  return runNow(decodeTraceRequestProtobufSteps(body));
}

/** The same, in steps (one per span) for `runSliced`. */
export function* decodeTraceRequestProtobufSteps(body: Uint8Array): Steps<DecodedTraceRequest> {
  const r = new ProtoReader(body);
  const out: DecodedTraceRequest = { request: { resourceSpans: [] }, rejectedSpans: 0, rejections: [] };
  const counter = { entries: 0 };
  while (!r.done) {
    const { field, wireType } = r.tag();
    if (field === 1) {
      r.expect(field, wireType, WIRE_LENGTH_DELIMITED, 'resource_spans');
      countEntry(counter);
      out.request.resourceSpans.push(yield* resourceSpans(r.message(), out, counter));
    } else r.skip(wireType);
  }
  return out;
}

function* resourceSpans(r: ProtoReader, out: DecodedTraceRequest, counter: { entries: number }): Steps<OtlpResourceSpans> {
  const rs: OtlpResourceSpans = { resource: { attributes: {}, droppedAttributesCount: 0 }, scopeSpans: [] };
  while (!r.done) {
    const { field, wireType } = r.tag();
    switch (field) {
      case 1: {
        r.expect(field, wireType, WIRE_LENGTH_DELIMITED, 'resource');
        const res = r.message();
        while (!res.done) {
          const t = res.tag();
          if (t.field === 1) {
            res.expect(t.field, t.wireType, WIRE_LENGTH_DELIMITED, 'resource.attributes');
            keyValue(res.message(), rs.resource.attributes);
          } else if (t.field === 2) {
            res.expect(t.field, t.wireType, WIRE_VARINT, 'resource.dropped_attributes_count');
            rs.resource.droppedAttributesCount = res.uint32();
          } else res.skip(t.wireType);
        }
        break;
      }
      case 2:
        r.expect(field, wireType, WIRE_LENGTH_DELIMITED, 'scope_spans');
        countEntry(counter);
        rs.scopeSpans.push(yield* scopeSpans(r.message(), out));
        break;
      case 3:
        r.expect(field, wireType, WIRE_LENGTH_DELIMITED, 'schema_url');
        rs.schemaUrl = r.string();
        break;
      default:
        r.skip(wireType);
    }
  }
  return rs;
}

function* scopeSpans(r: ProtoReader, out: DecodedTraceRequest): Steps<OtlpScopeSpans> {
  const ss: OtlpScopeSpans = { scope: { name: '', attributes: {} }, spans: [] };
  while (!r.done) {
    const { field, wireType } = r.tag();
    switch (field) {
      case 1:
        r.expect(field, wireType, WIRE_LENGTH_DELIMITED, 'scope');
        ss.scope = scope(r.message());
        break;
      case 2: {
        yield;
        r.expect(field, wireType, WIRE_LENGTH_DELIMITED, 'spans');
        const s = span(r.message());
        const problem = idProblem(s.traceId, s.spanId);
        if (problem === undefined) ss.spans.push(s);
        else rejectSpan(out, `span ${JSON.stringify(s.name.slice(0, 80))}: ${problem}`);
        break;
      }
      case 3:
        r.expect(field, wireType, WIRE_LENGTH_DELIMITED, 'schema_url');
        ss.schemaUrl = r.string();
        break;
      default:
        r.skip(wireType);
    }
  }
  return ss;
}

function scope(r: ProtoReader): OtlpScope {
  const s: OtlpScope = { name: '', attributes: {} };
  while (!r.done) {
    const { field, wireType } = r.tag();
    if (field === 1) {
      r.expect(field, wireType, WIRE_LENGTH_DELIMITED, 'scope.name');
      s.name = r.string();
    } else if (field === 2) {
      r.expect(field, wireType, WIRE_LENGTH_DELIMITED, 'scope.version');
      const version = r.string();
      if (version !== '') s.version = version;
    } else if (field === 3) {
      r.expect(field, wireType, WIRE_LENGTH_DELIMITED, 'scope.attributes');
      keyValue(r.message(), s.attributes);
    } else r.skip(wireType);
  }
  return s;
}

function span(r: ProtoReader): OtlpSpan {
  const s: OtlpSpan = {
    traceId: '',
    spanId: '',
    name: '',
    kind: 0,
    startTimeUnixNano: 0n,
    endTimeUnixNano: 0n,
    attributes: {},
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    status: { code: 0 },
  };
  let extraEvents = 0;
  let extraLinks = 0;
  while (!r.done) {
    const { field, wireType } = r.tag();
    switch (field) {
      case 1:
        r.expect(field, wireType, WIRE_LENGTH_DELIMITED, 'span.trace_id');
        s.traceId = hex(r.bytes());
        break;
      case 2:
        r.expect(field, wireType, WIRE_LENGTH_DELIMITED, 'span.span_id');
        s.spanId = hex(r.bytes());
        break;
      case 3: {
        r.expect(field, wireType, WIRE_LENGTH_DELIMITED, 'span.trace_state');
        const state = r.string();
        if (state !== '') s.traceState = state;
        break;
      }
      case 4: {
        r.expect(field, wireType, WIRE_LENGTH_DELIMITED, 'span.parent_span_id');
        const parent = hex(r.bytes());
        if (parent !== '') s.parentSpanId = parent;
        break;
      }
      case 5:
        r.expect(field, wireType, WIRE_LENGTH_DELIMITED, 'span.name');
        s.name = r.string();
        break;
      case 6:
        r.expect(field, wireType, WIRE_VARINT, 'span.kind');
        s.kind = r.uint32();
        break;
      case 7:
        r.expect(field, wireType, WIRE_FIXED64, 'span.start_time_unix_nano');
        s.startTimeUnixNano = r.fixed64();
        break;
      case 8:
        r.expect(field, wireType, WIRE_FIXED64, 'span.end_time_unix_nano');
        s.endTimeUnixNano = r.fixed64();
        break;
      case 9:
        r.expect(field, wireType, WIRE_LENGTH_DELIMITED, 'span.attributes');
        keyValue(r.message(), s.attributes);
        break;
      case 10:
        r.expect(field, wireType, WIRE_VARINT, 'span.dropped_attributes_count');
        s.droppedAttributesCount = r.uint32();
        break;
      case 11:
        r.expect(field, wireType, WIRE_LENGTH_DELIMITED, 'span.events');
        if (s.events.length < MAX_EVENTS_PER_SPAN) s.events.push(event(r.message()));
        else {
          r.skip(wireType);
          extraEvents++;
        }
        break;
      case 12:
        r.expect(field, wireType, WIRE_VARINT, 'span.dropped_events_count');
        s.droppedEventsCount = r.uint32();
        break;
      case 13:
        r.expect(field, wireType, WIRE_LENGTH_DELIMITED, 'span.links');
        if (s.links.length < MAX_LINKS_PER_SPAN) s.links.push(link(r.message()));
        else {
          r.skip(wireType);
          extraLinks++;
        }
        break;
      case 14:
        r.expect(field, wireType, WIRE_VARINT, 'span.dropped_links_count');
        s.droppedLinksCount = r.uint32();
        break;
      case 15:
        r.expect(field, wireType, WIRE_LENGTH_DELIMITED, 'span.status');
        s.status = status(r.message());
        break;
      case 16:
        r.expect(field, wireType, WIRE_FIXED32, 'span.flags');
        s.flags = r.fixed32();
        break;
      default:
        r.skip(wireType);
    }
  }
  s.droppedEventsCount += extraEvents;
  s.droppedLinksCount += extraLinks;
  return s;
}

function event(r: ProtoReader): OtlpEvent {
  const e: OtlpEvent = { timeUnixNano: 0n, name: '', attributes: {}, droppedAttributesCount: 0 };
  while (!r.done) {
    const { field, wireType } = r.tag();
    if (field === 1) {
      r.expect(field, wireType, WIRE_FIXED64, 'event.time_unix_nano');
      e.timeUnixNano = r.fixed64();
    } else if (field === 2) {
      r.expect(field, wireType, WIRE_LENGTH_DELIMITED, 'event.name');
      e.name = r.string();
    } else if (field === 3) {
      r.expect(field, wireType, WIRE_LENGTH_DELIMITED, 'event.attributes');
      keyValue(r.message(), e.attributes);
    } else if (field === 4) {
      r.expect(field, wireType, WIRE_VARINT, 'event.dropped_attributes_count');
      e.droppedAttributesCount = r.uint32();
    } else r.skip(wireType);
  }
  return e;
}

function link(r: ProtoReader): OtlpLink {
  const l: OtlpLink = { traceId: '', spanId: '', attributes: {}, droppedAttributesCount: 0 };
  while (!r.done) {
    const { field, wireType } = r.tag();
    switch (field) {
      case 1:
        r.expect(field, wireType, WIRE_LENGTH_DELIMITED, 'link.trace_id');
        l.traceId = hex(r.bytes());
        break;
      case 2:
        r.expect(field, wireType, WIRE_LENGTH_DELIMITED, 'link.span_id');
        l.spanId = hex(r.bytes());
        break;
      case 3: {
        r.expect(field, wireType, WIRE_LENGTH_DELIMITED, 'link.trace_state');
        const state = r.string();
        if (state !== '') l.traceState = state;
        break;
      }
      case 4:
        r.expect(field, wireType, WIRE_LENGTH_DELIMITED, 'link.attributes');
        keyValue(r.message(), l.attributes);
        break;
      case 5:
        r.expect(field, wireType, WIRE_VARINT, 'link.dropped_attributes_count');
        l.droppedAttributesCount = r.uint32();
        break;
      case 6:
        r.expect(field, wireType, WIRE_FIXED32, 'link.flags');
        l.flags = r.fixed32();
        break;
      default:
        r.skip(wireType);
    }
  }
  return l;
}

function status(r: ProtoReader): { code: number; message?: string } {
  const s: { code: number; message?: string } = { code: 0 };
  while (!r.done) {
    const { field, wireType } = r.tag();
    if (field === 2) {
      r.expect(field, wireType, WIRE_LENGTH_DELIMITED, 'status.message');
      const message = r.string();
      if (message !== '') s.message = message;
    } else if (field === 3) {
      r.expect(field, wireType, WIRE_VARINT, 'status.code');
      s.code = r.uint32();
    } else r.skip(wireType);
  }
  return s;
}

/** One `KeyValue` message, added to `target`. */
function keyValue(r: ProtoReader, target: Attributes): void {
  const [key, value] = keyValuePair(r, 0);
  addAttribute(target, key, value);
}

function keyValuePair(r: ProtoReader, depth: number): [string, AnyValue] {
  let key = '';
  let value: AnyValue;
  while (!r.done) {
    const { field, wireType } = r.tag();
    if (field === 1) {
      r.expect(field, wireType, WIRE_LENGTH_DELIMITED, 'key_value.key');
      key = r.string();
    } else if (field === 2) {
      r.expect(field, wireType, WIRE_LENGTH_DELIMITED, 'key_value.value');
      value = anyValue(r.message(), depth + 1);
    } else r.skip(wireType);
  }
  return [key, value];
}

function anyValue(r: ProtoReader, depth: number): AnyValue {
  if (depth > MAX_VALUE_DEPTH) throw new OtlpDecodeError(`attribute values nested deeper than ${MAX_VALUE_DEPTH} levels`);
  let value: AnyValue;
  while (!r.done) {
    const { field, wireType } = r.tag();
    switch (field) {
      case 1:
        r.expect(field, wireType, WIRE_LENGTH_DELIMITED, 'any_value.string_value');
        value = r.string();
        break;
      case 2:
        r.expect(field, wireType, WIRE_VARINT, 'any_value.bool_value');
        value = r.int64() !== 0n;
        break;
      case 3:
        r.expect(field, wireType, WIRE_VARINT, 'any_value.int_value');
        // Exact up to 2^53; beyond, the nearest double: OTel JS attributes hold numbers only.
        value = Number(r.int64());
        break;
      case 4:
        r.expect(field, wireType, WIRE_FIXED64, 'any_value.double_value');
        value = r.double();
        break;
      case 5: {
        r.expect(field, wireType, WIRE_LENGTH_DELIMITED, 'any_value.array_value');
        const array = r.message();
        const items: AnyValue[] = [];
        while (!array.done) {
          const t = array.tag();
          if (t.field === 1) {
            array.expect(t.field, t.wireType, WIRE_LENGTH_DELIMITED, 'array_value.values');
            items.push(anyValue(array.message(), depth + 1));
          } else array.skip(t.wireType);
        }
        value = items;
        break;
      }
      case 6: {
        r.expect(field, wireType, WIRE_LENGTH_DELIMITED, 'any_value.kvlist_value');
        const list = r.message();
        const entries: Array<[string, AnyValue]> = [];
        while (!list.done) {
          const t = list.tag();
          if (t.field === 1) {
            list.expect(t.field, t.wireType, WIRE_LENGTH_DELIMITED, 'kvlist_value.values');
            entries.push(keyValuePair(list.message(), depth + 1));
          } else list.skip(t.wireType);
        }
        value = kvListObject(entries);
        break;
      }
      case 7:
        r.expect(field, wireType, WIRE_LENGTH_DELIMITED, 'any_value.bytes_value');
        value = r.bytes().slice();
        break;
      default:
        r.skip(wireType);
    }
  }
  return value;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
