/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON */
// The OTLP receiver (the gateway's `POST /v1/traces`) under hostile bodies, over real HTTP on
// 127.0.0.1: truncated and absurd protobuf, bad UTF-8, deep nesting, amplification, and a large
// body decoded while other requests are still answered. Each gets a clear status; the gateway keeps
// delivering valid traces.
import { request as httpRequest } from 'node:http';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { afterEach, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../../src/gateway/gateway.js';
import { MAX_ENTRIES_PER_REQUEST, MAX_EVENTS_PER_SPAN } from '../../src/otlp/otlp-model.js';
import { decodeTraceRequestJson, decodeTraceRequestJsonSteps } from '../../src/otlp/decode-json.js';
import { runSliced } from '../../src/otlp/sliced.js';
import { CapturingExporter, chatAttributes, rawRequest, spanFactory, waitFor } from '../gateway/kit.js';

let gateway: RunningGateway | undefined;
let exporter: CapturingExporter;
afterEach(async () => {
  await gateway?.close(100);
  gateway = undefined;
});

async function start(): Promise<RunningGateway> {
  exporter = new CapturingExporter();
  gateway = await startGateway({ port: 0, exporter, buffer: { quietMs: 0, maxWaitMs: 200 } });
  return gateway;
}

const PROTOBUF = { 'content-type': 'application/x-protobuf' };
const JSON_TYPE = { 'content-type': 'application/json' };

/** Protobuf varint. */
function varint(n: number | bigint): Buffer {
  const out: number[] = [];
  let v = BigInt(n);
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Buffer.from(out);
}

/** A length-delimited field. */
function ld(field: number, payload: Buffer): Buffer {
  return Buffer.concat([varint((field << 3) | 2), varint(payload.length), payload]);
}

/** One valid LLM trace, as the stock serializer writes it. */
function validTrace(format: 'protobuf' | 'json'): Buffer {
  const f = spanFactory({ 'service.name': 'shop' });
  f.end(f.start('chat', chatAttributes()));
  const spans = f.finished();
  return Buffer.from(format === 'protobuf' ? ProtobufTraceSerializer.serializeRequest(spans)! : JsonTraceSerializer.serializeRequest(spans)!);
}

/** About 6 MiB of OTLP/JSON: an agent and 6 000 LLM spans. */
function bigTrace(): Buffer {
  const f = spanFactory({ 'service.name': 'shop' });
  const root = f.start('agent', { 'gen_ai.operation.name': 'invoke_agent' });
  const content = 'x'.repeat(300);
  for (let i = 0; i < 6_000; i++) f.end(f.start(`chat ${i}`, chatAttributes(content), root));
  f.end(root);
  return Buffer.from(JsonTraceSerializer.serializeRequest(f.finished())!);
}

async function send(body: Buffer | string, headers: Record<string, string> = PROTOBUF) {
  const res = await rawRequest(`${gateway!.url}/v1/traces`, { headers, body });
  let json: any;
  try {
    json = JSON.parse(res.body.toString());
  } catch {
    json = undefined;
  }
  // A protobuf google.rpc.Status carries its message as UTF-8 bytes: readable in the raw text.
  return { ...res, json, text: res.body.toString('utf8') };
}

async function stillDelivers(): Promise<void> {
  const before = exporter.models().length;
  expect((await send(validTrace('protobuf'))).status).toBe(200);
  await waitFor(() => exporter.models().length > before, 10_000);
}

describe('hostile protobuf', () => {
  it('answers 400, with what is wrong, to truncated and absurd messages', async () => {
    await start();
    const cases: [string, Buffer, RegExp][] = [
      ['a length of 2^32 - 1', Buffer.concat([Buffer.from([0x0a]), varint(0xffffffff)]), /length prefix over 2 GiB/],
      ['a length of 2^31 - 1', Buffer.concat([Buffer.from([0x0a]), varint(0x7fffffff)]), /truncated/],
      ['a length of 2^63 in 10 bytes', Buffer.concat([Buffer.from([0x0a]), varint(2n ** 63n)]), /length prefix over 2 GiB/],
      ['a tag varint of 11 bytes', Buffer.alloc(11, 0xff), /longer than 10 bytes/],
      ['a length varint of 11 bytes', Buffer.concat([Buffer.from([0x0a]), Buffer.alloc(11, 0xff)]), /length prefix over 2 GiB/],
      ['a nested length past its parent', ld(1, Buffer.concat([Buffer.from([0x12]), varint(1_000_000), Buffer.alloc(4)])), /truncated/],
      ['field number 0', Buffer.from([0x02, 0x00]), /field number 0/],
      ['an unknown field of wire type 7', Buffer.from([0x17]), /unsupported wire type 7/],
      ['resource_spans with the wrong wire type', Buffer.from([0x0f]), /has wire type 7, expected 2/],
      ['a cut-off valid body', validTrace('protobuf').subarray(0, 40), /invalid protobuf/],
    ];
    for (const [label, body, message] of cases) {
      const res = await send(body);
      expect(res.status, label).toBe(400);
      expect(res.text, label).toMatch(message);
    }
    await stillDelivers();
  });

  it('refuses strings that are not UTF-8 and values nested past the limit', async () => {
    await start();
    // resource_spans { resource { attributes { key: "k", value { string_value: <0xC3 0x28> } } } }
    const badString = ld(1, ld(1, ld(1, Buffer.concat([ld(1, Buffer.from('k')), ld(2, ld(1, Buffer.from([0xc3, 0x28])))]))));
    const res = await send(badString);
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/not valid UTF-8/);

    // An AnyValue holding an array holding an array… 200 levels deep.
    let value = ld(1, Buffer.from('leaf'));
    for (let i = 0; i < 200; i++) value = ld(5, ld(1, value));
    const deep = ld(1, ld(1, ld(1, Buffer.concat([ld(1, Buffer.from('k')), ld(2, value)]))));
    const nested = await send(deep);
    expect(nested.status).toBe(400);
    expect(nested.text).toMatch(/nested deeper than/);
    await stillDelivers();
  });

  it('refuses a body of a million empty entries instead of building them, and caps events per span', async () => {
    await start();
    // 2 bytes each: an empty ResourceSpans.
    const empties = Buffer.alloc(2 * 1_000_000);
    for (let i = 0; i < empties.length; i += 2) empties[i] = 0x0a;
    const res = await send(empties);
    expect(res.status).toBe(400);
    expect(res.text).toContain(`more than ${MAX_ENTRIES_PER_REQUEST} resource and scope entries`);

    // One span with 200 000 empty events (2 bytes each): the first are kept, the rest counted as dropped.
    const traceId = ld(1, Buffer.from('0af7651916cd43dd8448eb211c80319c', 'hex'));
    const spanId = ld(2, Buffer.from('b7ad6b7169203331', 'hex'));
    const events = Buffer.alloc(2 * 200_000);
    for (let i = 0; i < events.length; i += 2) events[i] = 0x5a;
    const span = Buffer.concat([traceId, spanId, ld(5, Buffer.from('many-events')), events]);
    const many = await send(ld(1, ld(2, ld(2, span))));
    expect(many.status).toBe(200);
    expect(MAX_EVENTS_PER_SPAN).toBeLessThan(200_000);
    await stillDelivers();
  });
});

describe('hostile OTLP/JSON', () => {
  it('answers 400 to a body that is not UTF-8, and to malformed JSON', async () => {
    await start();
    const valid = validTrace('json');
    const latin1 = Buffer.concat([valid.subarray(0, 30), Buffer.from([0xe9]), valid.subarray(30)]);
    const res = await send(latin1, JSON_TYPE);
    expect(res.status).toBe(400);
    expect(res.json.message).toMatch(/not valid UTF-8/);
    const broken = await send('{"resourceSpans":[{', JSON_TYPE);
    expect(broken.status).toBe(400);
    expect(broken.json.message).toMatch(/invalid JSON/);
    await stillDelivers();
  });

  it('a value nested 100 000 levels deep rejects its span, not the gateway', async () => {
    await start();
    const depth = 100_000;
    const deep = `${'{"kvlistValue":{"values":[{"key":"k","value":'.repeat(depth)}{"stringValue":"x"}${'}]}}'.repeat(depth)}`;
    const body = `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","name":"deep","attributes":[{"key":"a","value":${deep}}]}]}]}]}`;
    const res = await send(body, JSON_TYPE);
    expect(res.status).toBe(200);
    expect(res.json.partialSuccess).toMatchObject({ rejectedSpans: '1', errorMessage: expect.stringMatching(/nested deeper than/) });
    await stillDelivers();
  });

  it('decodes a large body in slices: health checks sent once it is uploaded are answered before it', { timeout: 120_000 }, async () => {
    await start();
    const body = bigTrace();
    expect(body.length).toBeGreaterThan(5 * 1024 * 1024);

    const order: string[] = [];
    let uploaded!: () => void;
    const isUploaded = new Promise<void>((resolve) => (uploaded = resolve));
    const big = new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${gateway!.url}/v1/traces`, { method: 'POST', headers: { ...JSON_TYPE, 'content-length': body.length } }, (res) => {
        res.resume();
        res.on('end', () => {
          order.push('big');
          resolve(res.statusCode ?? 0);
        });
      });
      req.on('error', reject);
      req.end(body, () => uploaded());
    });
    await isUploaded;
    // Health checks, one after the other, until the big request is answered (bounded).
    for (let i = 0; i < 2_000 && !order.includes('big'); i++) {
      const h = await rawRequest(`${gateway!.url}/healthz`, { method: 'GET' });
      if (h.status === 200 && !order.includes('big')) order.push('health');
    }
    expect(await big).toBe(200);
    // At least one health check got through while the 6 000 spans were being decoded.
    expect(order.indexOf('health')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('health')).toBeLessThan(order.indexOf('big'));
    // Every span of the big request was accepted (their delivery is other tests' business).
    expect(gateway!.stats().requests).toMatchObject({ spans: 6_001, rejectedSpans: 0 });
  });

  it('the sliced decoder gives the event loop turns; decoding at once gives none', { timeout: 60_000 }, async () => {
    const body = bigTrace();
    const turnsDuring = async (decode: () => Promise<unknown>): Promise<number> => {
      let turns = 0;
      let stop = false;
      const tick = (): void => {
        if (stop) return;
        turns++;
        setImmediate(tick);
      };
      setImmediate(tick);
      await decode();
      stop = true;
      return turns;
    };
    expect(await turnsDuring(() => runSliced(decodeTraceRequestJsonSteps(body)))).toBeGreaterThan(1);
    expect(await turnsDuring(() => Promise.resolve(decodeTraceRequestJson(body)))).toBe(0);
  });
});
