// `ExportTraceServiceRequest` from OTLP/JSON (opentelemetry-proto `docs/specification.md`, "JSON
// Protobuf Encoding"): field names in lowerCamelCase (the proto field names, `resource_spans`, are
// accepted too, as protobuf's JSON mapping does), trace and span ids as hex strings (not base64:
// OTLP's one deviation from the protobuf JSON mapping; base64 ids of the right length are accepted
// as well), int64 and fixed64 values (times) as decimal strings or numbers, enums as integers (or
// their names), `AnyValue` as `{stringValue | boolValue | intValue | doubleValue | arrayValue |
// kvlistValue | bytesValue}`. Unknown fields are ignored.
import type { Attributes } from '@opentelemetry/api';
import { isUtf8 } from 'node:buffer';
import type { AnyValue } from './any-value.js';
import { addAttribute, kvListObject } from './any-value.js';
import type { DecodedTraceRequest, OtlpEvent, OtlpLink, OtlpResourceSpans, OtlpScopeSpans, OtlpSpan } from './otlp-model.js';
import { countEntry, idProblem, MAX_EVENTS_PER_SPAN, MAX_LINKS_PER_SPAN, MAX_VALUE_DEPTH, OtlpDecodeError, rejectSpan } from './otlp-model.js';
import type { Steps } from './sliced.js';
import { runNow } from './sliced.js';

type Json = Record<string, unknown>;

export function decodeTraceRequestJson(body: Uint8Array | string): DecodedTraceRequest {
  return runNow(decodeTraceRequestJsonSteps(body));
}

/** The same, in steps (one per span) for `runSliced`; `JSON.parse` itself is the one step that cannot pause. */
export function* decodeTraceRequestJsonSteps(body: Uint8Array | string): Steps<DecodedTraceRequest> {
  if (typeof body !== 'string' && !isUtf8(body)) throw new OtlpDecodeError('invalid JSON: the body is not valid UTF-8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  } catch (err) {
    throw new OtlpDecodeError(`invalid JSON: ${(err as Error).message}`);
  }
  if (!isObject(parsed)) throw new OtlpDecodeError('an OTLP/JSON trace request must be an object {"resourceSpans":[…]}');
  const out: DecodedTraceRequest = { request: { resourceSpans: [] }, rejectedSpans: 0, rejections: [] };
  const counter = { entries: 0 };
  for (const [i, rs] of list(field(parsed, 'resourceSpans', 'resource_spans'), 'resourceSpans').entries()) {
    countEntry(counter);
    out.request.resourceSpans.push(yield* resourceSpans(object(rs, `resourceSpans[${i}]`), `resourceSpans[${i}]`, out, counter));
  }
  return out;
}

function* resourceSpans(rs: Json, path: string, out: DecodedTraceRequest, counter: { entries: number }): Steps<OtlpResourceSpans> {
  const resource = optionalObject(field(rs, 'resource'), `${path}.resource`);
  const result: OtlpResourceSpans = {
    resource: {
      attributes: attributes(resource ? field(resource, 'attributes') : undefined, `${path}.resource.attributes`),
      droppedAttributesCount: uint(resource ? field(resource, 'droppedAttributesCount', 'dropped_attributes_count') : undefined, `${path}.resource.droppedAttributesCount`),
    },
    scopeSpans: [],
  };
  const schemaUrl = optionalString(field(rs, 'schemaUrl', 'schema_url'), `${path}.schemaUrl`);
  if (schemaUrl) result.schemaUrl = schemaUrl;
  // `instrumentationLibrarySpans`: OTLP < 0.19 (some old exporters still send it).
  const scopes = field(rs, 'scopeSpans', 'scope_spans') ?? field(rs, 'instrumentationLibrarySpans', 'instrumentation_library_spans');
  for (const [i, ss] of list(scopes, `${path}.scopeSpans`).entries()) {
    countEntry(counter);
    result.scopeSpans.push(yield* scopeSpans(object(ss, `${path}.scopeSpans[${i}]`), `${path}.scopeSpans[${i}]`, out));
  }
  return result;
}

function* scopeSpans(ss: Json, path: string, out: DecodedTraceRequest): Steps<OtlpScopeSpans> {
  const scope = optionalObject(field(ss, 'scope') ?? field(ss, 'instrumentationLibrary', 'instrumentation_library'), `${path}.scope`);
  const result: OtlpScopeSpans = {
    scope: {
      name: optionalString(scope ? field(scope, 'name') : undefined, `${path}.scope.name`) ?? '',
      attributes: attributes(scope ? field(scope, 'attributes') : undefined, `${path}.scope.attributes`),
    },
    spans: [],
  };
  const version = scope ? optionalString(field(scope, 'version'), `${path}.scope.version`) : undefined;
  if (version) result.scope.version = version;
  const schemaUrl = optionalString(field(ss, 'schemaUrl', 'schema_url'), `${path}.schemaUrl`);
  if (schemaUrl) result.schemaUrl = schemaUrl;
  for (const [i, raw] of list(field(ss, 'spans'), `${path}.spans`).entries()) {
    yield;
    const where = `${path}.spans[${i}]`;
    if (!isObject(raw)) {
      rejectSpan(out, `${where}: not an object`);
      continue;
    }
    let s: OtlpSpan;
    try {
      s = span(raw, where);
    } catch (err) {
      // One bad span (a wrong type in one field) is rejected alone: the rest of the request stands.
      if (!(err instanceof OtlpDecodeError)) throw err;
      rejectSpan(out, err.message);
      continue;
    }
    const problem = idProblem(s.traceId, s.spanId);
    if (problem === undefined) result.spans.push(s);
    else rejectSpan(out, `${where} ${JSON.stringify(s.name.slice(0, 80))}: ${problem}`);
  }
  return result;
}

function span(raw: Json, path: string): OtlpSpan {
  const s: OtlpSpan = {
    traceId: id(field(raw, 'traceId', 'trace_id'), 16, `${path}.traceId`),
    spanId: id(field(raw, 'spanId', 'span_id'), 8, `${path}.spanId`),
    name: optionalString(field(raw, 'name'), `${path}.name`) ?? '',
    kind: enumValue(field(raw, 'kind'), SPAN_KINDS, `${path}.kind`),
    startTimeUnixNano: nanos(field(raw, 'startTimeUnixNano', 'start_time_unix_nano'), `${path}.startTimeUnixNano`),
    endTimeUnixNano: nanos(field(raw, 'endTimeUnixNano', 'end_time_unix_nano'), `${path}.endTimeUnixNano`),
    attributes: attributes(field(raw, 'attributes'), `${path}.attributes`),
    droppedAttributesCount: uint(field(raw, 'droppedAttributesCount', 'dropped_attributes_count'), `${path}.droppedAttributesCount`),
    events: list(field(raw, 'events'), `${path}.events`).slice(0, MAX_EVENTS_PER_SPAN).map((e, i) => event(object(e, `${path}.events[${i}]`), `${path}.events[${i}]`)),
    droppedEventsCount: uint(field(raw, 'droppedEventsCount', 'dropped_events_count'), `${path}.droppedEventsCount`),
    links: list(field(raw, 'links'), `${path}.links`).slice(0, MAX_LINKS_PER_SPAN).map((l, i) => link(object(l, `${path}.links[${i}]`), `${path}.links[${i}]`)),
    droppedLinksCount: uint(field(raw, 'droppedLinksCount', 'dropped_links_count'), `${path}.droppedLinksCount`),
    status: { code: 0 },
  };
  // Past the per-span caps: counted as dropped, as an SDK counts what its own limits drop.
  s.droppedEventsCount += Math.max(0, list(field(raw, 'events'), `${path}.events`).length - MAX_EVENTS_PER_SPAN);
  s.droppedLinksCount += Math.max(0, list(field(raw, 'links'), `${path}.links`).length - MAX_LINKS_PER_SPAN);
  const parent = field(raw, 'parentSpanId', 'parent_span_id');
  if (parent !== undefined && parent !== null && parent !== '') s.parentSpanId = id(parent, 8, `${path}.parentSpanId`);
  const traceState = optionalString(field(raw, 'traceState', 'trace_state'), `${path}.traceState`);
  if (traceState) s.traceState = traceState;
  const status = optionalObject(field(raw, 'status'), `${path}.status`);
  if (status) {
    s.status.code = enumValue(field(status, 'code'), STATUS_CODES, `${path}.status.code`);
    const message = optionalString(field(status, 'message'), `${path}.status.message`);
    if (message) s.status.message = message;
  }
  const flags = field(raw, 'flags');
  if (flags !== undefined && flags !== null) s.flags = uint(flags, `${path}.flags`);
  return s;
}

function event(raw: Json, path: string): OtlpEvent {
  return {
    timeUnixNano: nanos(field(raw, 'timeUnixNano', 'time_unix_nano'), `${path}.timeUnixNano`),
    name: optionalString(field(raw, 'name'), `${path}.name`) ?? '',
    attributes: attributes(field(raw, 'attributes'), `${path}.attributes`),
    droppedAttributesCount: uint(field(raw, 'droppedAttributesCount', 'dropped_attributes_count'), `${path}.droppedAttributesCount`),
  };
}

function link(raw: Json, path: string): OtlpLink {
  const l: OtlpLink = {
    traceId: id(field(raw, 'traceId', 'trace_id'), 16, `${path}.traceId`),
    spanId: id(field(raw, 'spanId', 'span_id'), 8, `${path}.spanId`),
    attributes: attributes(field(raw, 'attributes'), `${path}.attributes`),
    droppedAttributesCount: uint(field(raw, 'droppedAttributesCount', 'dropped_attributes_count'), `${path}.droppedAttributesCount`),
  };
  const traceState = optionalString(field(raw, 'traceState', 'trace_state'), `${path}.traceState`);
  if (traceState) l.traceState = traceState;
  const flags = field(raw, 'flags');
  if (flags !== undefined && flags !== null) l.flags = uint(flags, `${path}.flags`);
  return l;
}

function attributes(raw: unknown, path: string): Attributes {
  const out: Attributes = {};
  for (const [i, kv] of list(raw, path).entries()) {
    const [key, value] = keyValue(object(kv, `${path}[${i}]`), `${path}[${i}]`, 0);
    addAttribute(out, key, value);
  }
  return out;
}

function keyValue(kv: Json, path: string, depth: number): [string, AnyValue] {
  const key = optionalString(field(kv, 'key'), `${path}.key`) ?? '';
  const value = field(kv, 'value');
  return [key, value === undefined || value === null ? undefined : anyValue(object(value, `${path}.value`), `${path}.value`, depth + 1)];
}

function anyValue(v: Json, path: string, depth: number): AnyValue {
  if (depth > MAX_VALUE_DEPTH) throw new OtlpDecodeError(`${path}: attribute values nested deeper than ${MAX_VALUE_DEPTH} levels`);
  const string = field(v, 'stringValue', 'string_value');
  if (string !== undefined && string !== null) return str(string, `${path}.stringValue`);
  const bool = field(v, 'boolValue', 'bool_value');
  if (bool !== undefined && bool !== null) {
    if (typeof bool !== 'boolean') throw new OtlpDecodeError(`${path}.boolValue: expected a boolean`);
    return bool;
  }
  const int = field(v, 'intValue', 'int_value');
  if (int !== undefined && int !== null) return Number(integer(int, `${path}.intValue`));
  const double = field(v, 'doubleValue', 'double_value');
  if (double !== undefined && double !== null) return doubleValue(double, `${path}.doubleValue`);
  const array = field(v, 'arrayValue', 'array_value');
  if (array !== undefined && array !== null) {
    const values = field(object(array, `${path}.arrayValue`), 'values');
    return list(values, `${path}.arrayValue.values`).map((item, i) =>
      item === null ? undefined : anyValue(object(item, `${path}.arrayValue.values[${i}]`), `${path}.arrayValue.values[${i}]`, depth + 1),
    );
  }
  const kvlist = field(v, 'kvlistValue', 'kvlist_value');
  if (kvlist !== undefined && kvlist !== null) {
    const values = field(object(kvlist, `${path}.kvlistValue`), 'values');
    return kvListObject(list(values, `${path}.kvlistValue.values`).map((kv, i) => keyValue(object(kv, `${path}.kvlistValue.values[${i}]`), `${path}.kvlistValue.values[${i}]`, depth + 1)));
  }
  const bytes = field(v, 'bytesValue', 'bytes_value');
  if (bytes !== undefined && bytes !== null) return new Uint8Array(Buffer.from(str(bytes, `${path}.bytesValue`), 'base64'));
  return undefined;
}

// -------------------------------------------------------------------------------------------------

const SPAN_KINDS: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};

const STATUS_CODES: Record<string, number> = { STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 };

function field(obj: Json, camel: string, snake?: string): unknown {
  if (Object.hasOwn(obj, camel)) return obj[camel];
  return snake !== undefined && Object.hasOwn(obj, snake) ? obj[snake] : undefined;
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function object(v: unknown, path: string): Json {
  if (!isObject(v)) throw new OtlpDecodeError(`${path}: expected an object`);
  return v;
}

function optionalObject(v: unknown, path: string): Json | undefined {
  return v === undefined || v === null ? undefined : object(v, path);
}

function list(v: unknown, path: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new OtlpDecodeError(`${path}: expected an array`);
  return v;
}

function str(v: unknown, path: string): string {
  if (typeof v !== 'string') throw new OtlpDecodeError(`${path}: expected a string`);
  return v;
}

function optionalString(v: unknown, path: string): string | undefined {
  return v === undefined || v === null ? undefined : str(v, path);
}

function integer(v: unknown, path: string): bigint {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^-?\d{1,20}$/.test(v.trim())) return BigInt(v.trim());
  throw new OtlpDecodeError(`${path}: expected an integer (a number or a decimal string)`);
}

function uint(v: unknown, path: string): number {
  if (v === undefined || v === null) return 0;
  const n = integer(v, path);
  if (n < 0n || n > 0xffffffffn) throw new OtlpDecodeError(`${path}: expected an unsigned 32-bit integer`);
  return Number(n);
}

function nanos(v: unknown, path: string): bigint {
  if (v === undefined || v === null) return 0n;
  const n = integer(v, path);
  if (n < 0n || n >= 2n ** 64n) throw new OtlpDecodeError(`${path}: expected unsigned 64-bit nanoseconds`);
  return n;
}

function doubleValue(v: unknown, path: string): number {
  if (typeof v === 'number') return v;
  // Protobuf JSON writes non-finite doubles as strings.
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  throw new OtlpDecodeError(`${path}: expected a number`);
}

function enumValue(v: unknown, names: Record<string, number>, path: string): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'string' && Object.hasOwn(names, v)) return names[v] as number;
  return uint(v, path);
}

/** Hex (OTLP/JSON), or base64 of the right length (protobuf's JSON mapping, which some senders use). */
function id(v: unknown, bytes: number, path: string): string {
  const text = str(v ?? '', path).trim();
  if (text.length === bytes * 2 && /^[0-9a-fA-F]+$/.test(text)) return text.toLowerCase();
  if (text !== '' && /^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) {
    const decoded = Buffer.from(text, 'base64');
    if (decoded.length === bytes) return decoded.toString('hex');
  }
  // Reported by the caller as an invalid id (the span is rejected, not the request).
  return text.toLowerCase();
}
