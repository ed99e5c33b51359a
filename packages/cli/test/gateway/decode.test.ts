import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { decodeTraceRequestJson } from '../../src/otlp/decode-json.js';
import { decodeTraceRequestProtobuf } from '../../src/otlp/decode-protobuf.js';
import type { DecodedTraceRequest, OtlpSpan } from '../../src/otlp/otlp-model.js';
import { OtlpDecodeError } from '../../src/otlp/otlp-model.js';
import { exportResponseProtobuf } from '../../src/otlp/responses.js';
import { chatAttributes, spanFactory } from './kit.js';

/** Spans with every field the trace subset has: kinds, status, events, links, arrays, numbers, unicode. */
function sampleSpans(): ReadableSpan[] {
  const f = spanFactory({ 'service.name': 'shop', 'deployment.environment.name': 'test', 'host.cpu.count': 8 });
  const root = f.start('workflow ☕', { 'traceloop.span.kind': 'workflow', 'flag': true, 'ratio': 0.25, 'big': 2 ** 40, 'neg': -7, 'list': ['a', 'b'], 'nums': [1, 2.5], 'bools': [true, false] }, undefined, SpanKind.SERVER);
  const child = f.start('chat gpt-4o-mini', chatAttributes('Bonjour, ça va ?'), root, SpanKind.CLIENT);
  child.addEvent('gen_ai.client.inference.operation.details', { 'gen_ai.input.messages': '[]' }, 1_700_000_000_015);
  child.addLink({ context: { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 }, attributes: { reason: 'retry' } });
  child.recordException(new TypeError('bad input'));
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'bad input' });
  f.end(child);
  f.end(root);
  return f.finished();
}

function decodedSpans(d: DecodedTraceRequest): Array<OtlpSpan & { scope: string; version?: string; resource: Record<string, unknown> }> {
  return d.request.resourceSpans.flatMap((rs) =>
    rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => ({ ...s, scope: ss.scope.name, ...(ss.scope.version ? { version: ss.scope.version } : {}), resource: rs.resource.attributes }))),
  );
}

function nanos(t: readonly [number, number]): bigint {
  return BigInt(t[0]) * 1_000_000_000n + BigInt(t[1]);
}

function expectSameAsSdk(decoded: DecodedTraceRequest, spans: ReadableSpan[]): void {
  expect(decoded.rejectedSpans).toBe(0);
  const out = decodedSpans(decoded);
  expect(out).toHaveLength(spans.length);
  for (const original of spans) {
    const s = out.find((d) => d.spanId === original.spanContext().spanId)!;
    expect(s).toBeDefined();
    expect(s.traceId).toBe(original.spanContext().traceId);
    expect(s.parentSpanId).toBe(original.parentSpanContext?.spanId);
    expect(s.name).toBe(original.name);
    expect(s.kind).toBe(original.kind + 1);
    expect(s.startTimeUnixNano).toBe(nanos(original.startTime));
    expect(s.endTimeUnixNano).toBe(nanos(original.endTime));
    expect(s.attributes).toEqual(original.attributes);
    expect(s.status).toEqual(original.status.message ? { code: original.status.code, message: original.status.message } : { code: original.status.code });
    expect(s.events.map((e) => ({ name: e.name, time: e.timeUnixNano, attributes: e.attributes }))).toEqual(
      original.events.map((e) => ({ name: e.name, time: nanos(e.time), attributes: e.attributes ?? {} })),
    );
    expect(s.links.map((l) => ({ traceId: l.traceId, spanId: l.spanId, attributes: l.attributes }))).toEqual(
      original.links.map((l) => ({ traceId: l.context.traceId, spanId: l.context.spanId, attributes: l.attributes ?? {} })),
    );
    expect(s.flags! & 0xff).toBe(original.spanContext().traceFlags);
    expect(s.scope).toBe('test-scope');
    expect(s.version).toBe('1.2.3');
    expect(s.resource).toMatchObject({ 'service.name': 'shop', 'deployment.environment.name': 'test', 'host.cpu.count': 8 });
  }
}

describe('OTLP protobuf decoder', () => {
  it('decodes what the stock protobuf serializer (@opentelemetry/otlp-transformer 0.223) writes, field by field', () => {
    const spans = sampleSpans();
    expectSameAsSdk(decodeTraceRequestProtobuf(ProtobufTraceSerializer.serializeRequest(spans)!), spans);
  });

  it('rejects malformed bodies with OtlpDecodeError and a message', () => {
    const good = ProtobufTraceSerializer.serializeRequest(sampleSpans())!;
    const cases: Array<[string, Uint8Array, RegExp]> = [
      ['truncated', good.subarray(0, good.length - 7), /truncated/],
      ['length past the end', Uint8Array.from([0x0a, 0xff, 0x01, 0x00]), /truncated/],
      ['group wire type', Uint8Array.from([0x0b]), /wire type 3/],
      ['field 0', Uint8Array.from([0x02, 0x00]), /field number 0/],
      ['varint too long', Uint8Array.from([0x10, ...new Array<number>(11).fill(0xff)]), /varint/],
      ['wrong wire type for resource_spans', Uint8Array.from([0x08, 0x01]), /resource_spans.*wire type 0/],
    ];
    for (const [label, body, message] of cases) {
      expect(() => decodeTraceRequestProtobuf(body), label).toThrow(OtlpDecodeError);
      expect(() => decodeTraceRequestProtobuf(body), label).toThrow(message);
    }
  });

  it('never throws anything but OtlpDecodeError on random or mutated bytes', () => {
    const good = ProtobufTraceSerializer.serializeRequest(sampleSpans())!;
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let i = 0; i < 2000; i++) {
      const body = i % 2 === 0 ? Uint8Array.from({ length: Math.floor(random() * 200) }, () => Math.floor(random() * 256)) : Uint8Array.from(good);
      if (i % 2 === 1) for (let k = 0; k < 3; k++) body[Math.floor(random() * body.length)] = Math.floor(random() * 256);
      try {
        decodeTraceRequestProtobuf(body);
      } catch (err) {
        expect(err).toBeInstanceOf(OtlpDecodeError);
      }
    }
  });

  it('caps nesting of attribute values', () => {
    // AnyValue{array_value{values: AnyValue{array_value{…}}}} 40 levels deep, as one resource attribute.
    let value: Uint8Array = Uint8Array.from([0x0a, 0x01, 0x78]); // AnyValue{string_value: "x"}
    for (let i = 0; i < 40; i++) value = wrap(0x2a, wrap(0x0a, value));
    const kv = Uint8Array.from([0x0a, 0x01, 0x6b, ...wrap(0x12, value)]);
    const body = wrap(0x0a, wrap(0x0a, wrap(0x0a, kv)));
    expect(() => decodeTraceRequestProtobuf(body)).toThrow(/nested deeper/);
  });

  it('rejects spans with unusable ids alone (partial success), keeping the rest', () => {
    const spans = sampleSpans();
    const bad = { ...spans[0]!, spanContext: () => ({ ...spans[0]!.spanContext(), spanId: '0000000000000000' }) } as ReadableSpan;
    const decoded = decodeTraceRequestProtobuf(ProtobufTraceSerializer.serializeRequest([bad, spans[1]!])!);
    expect(decoded.rejectedSpans).toBe(1);
    expect(decoded.rejections[0]).toMatch(/invalid span_id/);
    expect(decodedSpans(decoded)).toHaveLength(1);
  });

  it('writes ExportTraceServiceResponse that the stock deserializer reads (partial success)', () => {
    expect(exportResponseProtobuf(0, '')).toHaveLength(0);
    expect(ProtobufTraceSerializer.deserializeResponse(exportResponseProtobuf(3, '3 span(s) rejected'))).toEqual({
      partialSuccess: { rejectedSpans: 3, errorMessage: '3 span(s) rejected' },
    });
  });
});

describe('OTLP JSON decoder', () => {
  it('decodes what the stock JSON serializer writes, field by field', () => {
    const spans = sampleSpans();
    expectSameAsSdk(decodeTraceRequestJson(JsonTraceSerializer.serializeRequest(spans)!), spans);
  });

  it('accepts proto field names, enum names, int64 strings, base64 ids, and maps, arrays and bytes as values', () => {
    const body = {
      resource_spans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { string_value: 'py-svc' } }] },
          scope_spans: [
            {
              scope: { name: 'opentelemetry.instrumentation.openai_v2', version: '2.1b0' },
              spans: [
                {
                  trace_id: Buffer.from('0af7651916cd43dd8448eb211c80319c', 'hex').toString('base64'),
                  span_id: 'B7AD6B7169203331',
                  parent_span_id: '',
                  name: 'chat gpt-4o',
                  kind: 'SPAN_KIND_CLIENT',
                  start_time_unix_nano: '1700000000000000001',
                  end_time_unix_nano: 1700000000500000000,
                  attributes: [
                    { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
                    { key: 'gen_ai.usage.input_tokens', value: { intValue: '12' } },
                    { key: 'gen_ai.request.temperature', value: { doubleValue: 0.5 } },
                    { key: 'nan', value: { doubleValue: 'NaN' } },
                    { key: 'tags', value: { arrayValue: { values: [{ stringValue: 'a' }, { stringValue: 'b' }] } } },
                    { key: 'map', value: { kvlistValue: { values: [{ key: 'k', value: { intValue: 1 } }, { key: '__proto__', value: { stringValue: 'x' } }] } } },
                    { key: 'nested', value: { arrayValue: { values: [{ arrayValue: { values: [{ boolValue: true }] } }] } } },
                    { key: 'raw', value: { bytesValue: Buffer.from('hi').toString('base64') } },
                    { key: 'empty', value: {} },
                  ],
                  status: { code: 'STATUS_CODE_ERROR', message: 'boom' },
                  events: [{ name: 'exception', time_unix_nano: '1700000000400000000', attributes: [{ key: 'exception.type', value: { stringValue: 'E' } }] }],
                },
              ],
            },
          ],
        },
      ],
    };
    const decoded = decodeTraceRequestJson(JSON.stringify(body));
    const [s] = decodedSpans(decoded);
    expect(s!.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(s!.spanId).toBe('b7ad6b7169203331');
    expect(s!.parentSpanId).toBeUndefined();
    expect(s!.kind).toBe(3);
    expect(s!.startTimeUnixNano).toBe(1700000000000000001n);
    expect(s!.status).toEqual({ code: 2, message: 'boom' });
    expect(s!.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.request.temperature': 0.5,
      nan: NaN,
      tags: ['a', 'b'],
      map: '{"k":1,"__proto__":"x"}',
      nested: '[[true]]',
      raw: Buffer.from('hi').toString('base64'),
    });
    expect(Object.getPrototypeOf(s!.attributes)).toBe(Object.prototype);
    expect(s!.events[0]).toMatchObject({ name: 'exception', timeUnixNano: 1700000000400000000n });
    expect(s!.resource).toEqual({ 'service.name': 'py-svc' });
  });

  it('rejects a body that is not an OTLP request (400), and single bad spans alone (partial success)', () => {
    expect(() => decodeTraceRequestJson('{not json')).toThrow(/invalid JSON/);
    expect(() => decodeTraceRequestJson('[]')).toThrow(/must be an object/);
    expect(() => decodeTraceRequestJson('{"resourceSpans":{}}')).toThrow(/resourceSpans: expected an array/);
    const partial = decodeTraceRequestJson(
      JSON.stringify({
        resourceSpans: [
          {
            scopeSpans: [
              {
                spans: [
                  'nope',
                  { traceId: 'xyz', spanId: '0102030405060708', name: 'bad id' },
                  { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: '0102030405060708', name: 'bad time', startTimeUnixNano: 'soon' },
                  { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: '0102030405060709', name: 'ok' },
                ],
              },
            ],
          },
        ],
      }),
    );
    expect(partial.rejectedSpans).toBe(3);
    expect(partial.rejections.join('\n')).toMatch(/not an object[\s\S]*invalid trace_id[\s\S]*startTimeUnixNano: expected an integer/);
    expect(decodedSpans(partial).map((s) => s.name)).toEqual(['ok']);
  });
});

function wrap(tag: number, payload: Uint8Array): Uint8Array {
  const length: number[] = [];
  let n = payload.length;
  while (n >= 0x80) {
    length.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  length.push(n);
  return Uint8Array.from([tag, ...length, ...payload]);
}
