import { gzipSync } from 'node:zlib';
import { OTLPTraceExporter as OTLPHttpExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OTLPProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayOptions, RunningGateway } from '../../src/gateway/gateway.js';
import { startGateway } from '../../src/gateway/gateway.js';
import { createOtlpTracesHandler } from '../../src/otlp/receiver.js';
import { CapturingExporter, chatAttributes, rawRequest, sleep, spanFactory, waitFor } from './kit.js';

const gateways: RunningGateway[] = [];
afterEach(async () => {
  await Promise.all(gateways.splice(0).map((g) => g.close(100)));
});

async function start(options: Partial<GatewayOptions> = {}): Promise<{ gateway: RunningGateway; exporter: CapturingExporter }> {
  const exporter = new CapturingExporter();
  const gateway = await startGateway({ port: 0, exporter, buffer: { quietMs: 30, maxWaitMs: 5_000 }, ...options });
  gateways.push(gateway);
  return { gateway, exporter };
}

/** An agent trace: workflow root → (http span) → llm child, with a session on the root only. */
function agentTrace(): { root: ReadableSpan; http: ReadableSpan; llm: ReadableSpan; all: ReadableSpan[] } {
  const f = spanFactory({ 'service.name': 'checkout' });
  const root = f.start('handle-order', { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'order-agent', 'gen_ai.conversation.id': 'conv-1' });
  const http = f.start('POST /v1/chat/completions', { 'http.request.method': 'POST' }, root);
  const llm = f.start('chat gpt-4o-mini', chatAttributes(), http);
  f.end(llm);
  f.end(http);
  f.end(root);
  const all = f.finished();
  const byName = (name: string) => all.find((s) => s.name === name)!;
  return { root: byName('handle-order'), http: byName('POST /v1/chat/completions'), llm: byName('chat gpt-4o-mini'), all };
}

function exportWith(exporter: { export(spans: ReadableSpan[], cb: (r: { code: number; error?: Error }) => void): void }, spans: ReadableSpan[]): Promise<{ code: number; error?: Error }> {
  return new Promise((resolve) => exporter.export(spans, resolve));
}

describe('gateway: stock OTLP exporters', () => {
  for (const [label, make] of [
    ['exporter-trace-otlp-proto (gzip)', (url: string) => new OTLPProtoExporter({ url, compression: 'gzip' as never })],
    ['exporter-trace-otlp-http (JSON)', (url: string) => new OTLPHttpExporter({ url })],
  ] as const) {
    it(`${label}: a trace split across two requests is processed as one, parents resolved across the plain span`, async () => {
      const { gateway: g, exporter } = await start();
      const otlp = make(`${g.url}/v1/traces`);
      const t = agentTrace();
      // Children first, as an SDK exports them when they end; the root in a later request.
      expect((await exportWith(otlp, [t.llm, t.http])).code).toBe(0);
      await sleep(80);
      expect(exporter.models()).toEqual([]);
      expect(g.stats().buffer).toMatchObject({ traces: 1, spans: 2 });
      expect((await exportWith(otlp, [t.root])).code).toBe(0);
      const models = await waitFor(() => (exporter.models().length === 2 ? exporter.models() : undefined));
      const llm = models.find((m) => m.kind === 'llm')!;
      const agent = models.find((m) => m.kind === 'agent')!;
      expect(agent.name).toBe('order-agent');
      expect(llm.parentId).toBe(t.root.spanContext().spanId);
      expect(llm.sessionId).toBe('conv-1');
      expect(llm.mlApp).toBe('checkout');
      // Attributed by the agent's LLM Observability name (its `gen_ai.agent.name`), as the agent span itself is named.
      expect(llm.agentAttribution).toEqual({ name: 'order-agent', spanId: t.root.spanContext().spanId });
      expect(llm.metrics).toEqual({ input_tokens: 5, output_tokens: 2, total_tokens: 7 });
      expect(g.stats().requests).toMatchObject({ total: 2, ok: 2, spans: 3, rejectedSpans: 0 });
      await otlp.shutdown();
    });
  }

  it('answers an empty ExportTraceServiceResponse, or partial_success naming the rejected spans', async () => {
    const { gateway: g } = await start();
    const t = agentTrace();
    const ok = await rawRequest(`${g.url}/v1/traces`, { headers: { 'content-type': 'application/x-protobuf' }, body: Buffer.from(ProtobufTraceSerializer.serializeRequest([t.llm])!) });
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toBe('application/x-protobuf');
    expect(ok.body).toHaveLength(0);
    const body = JSON.parse(Buffer.from(JsonTraceSerializer.serializeRequest([t.root])!).toString()) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<Record<string, unknown>> }> }> };
    body.resourceSpans[0]!.scopeSpans[0]!.spans.push({ traceId: 'not-hex', spanId: 'x', name: 'broken' });
    const partial = await rawRequest(`${g.url}/v1/traces`, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(partial.status).toBe(200);
    expect(JSON.parse(partial.body.toString())).toEqual({ partialSuccess: { rejectedSpans: '1', errorMessage: expect.stringMatching(/1 span\(s\) rejected: .*"broken".*invalid trace_id/) } });
    const proto = await rawRequest(`${g.url}/v1/traces`, {
      headers: { 'content-type': 'application/x-protobuf' },
      body: Buffer.from(ProtobufTraceSerializer.serializeRequest([{ ...t.http, spanContext: () => ({ ...t.http.spanContext(), traceId: '0'.repeat(32) }) }])!),
    });
    expect(ProtobufTraceSerializer.deserializeResponse(proto.body)).toEqual({ partialSuccess: { rejectedSpans: 1, errorMessage: expect.stringMatching(/invalid trace_id/) } });
  });
});

describe('gateway: bad input', () => {
  it('malformed protobuf or JSON → 400 with a message; buffered traces and other requests are unaffected', async () => {
    const { gateway: g, exporter } = await start();
    const t = agentTrace();
    const url = `${g.url}/v1/traces`;
    await rawRequest(url, { headers: { 'content-type': 'application/x-protobuf' }, body: Buffer.from(ProtobufTraceSerializer.serializeRequest([t.llm, t.http])!) });

    const badProto = await rawRequest(url, { headers: { 'content-type': 'application/x-protobuf' }, body: Buffer.from([0x0a, 0xff, 0xff, 0x03, 0x01]) });
    expect(badProto.status).toBe(400);
    expect(badProto.headers['content-type']).toBe('application/x-protobuf');
    // google.rpc.Status {code: 3 (INVALID_ARGUMENT), message}
    expect(badProto.body[0]).toBe(0x08);
    expect(badProto.body[1]).toBe(3);
    expect(badProto.body.toString('latin1')).toMatch(/invalid protobuf: message truncated/);
    const badJson = await rawRequest(url, { headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"resourceSpans": [' });
    expect(badJson.status).toBe(400);
    expect(JSON.parse(badJson.body.toString())).toEqual({ code: 3, message: expect.stringMatching(/^invalid JSON/) });
    const badShape = await rawRequest(url, { headers: { 'content-type': 'application/json' }, body: '{"resourceSpans":[{"scopeSpans":7}]}' });
    expect(JSON.parse(badShape.body.toString()).message).toBe('resourceSpans[0].scopeSpans: expected an array');

    expect(g.stats().buffer).toMatchObject({ traces: 1, spans: 2 });
    await rawRequest(url, { headers: { 'content-type': 'application/x-protobuf' }, body: Buffer.from(ProtobufTraceSerializer.serializeRequest([t.root])!) });
    const models = await waitFor(() => (exporter.models().length === 2 ? exporter.models() : undefined));
    expect(models.find((m) => m.kind === 'llm')!.parentId).toBe(t.root.spanContext().spanId);
    expect(g.stats().requests.refused).toEqual({ '400': 3 });
  });

  // Compressing the bomb alone takes seconds on a loaded machine: a generous timeout, no timing assertion.
  it('413: a declared length over the limit, a chunked body over it, and a gzip bomb (stopped at the limit, never inflated whole)', { timeout: 60_000 }, async () => {
    const { gateway: g } = await start({ maxBodyBytes: 64 * 1024 });
    const url = `${g.url}/v1/traces`;
    const declared = await rawRequest(url, { headers: { 'content-type': 'application/x-protobuf', 'content-length': 10 * 1024 * 1024 }, chunks: [Buffer.alloc(16)] });
    expect(declared.status).toBe(413);
    expect(declared.body.toString()).toMatch(/request body of 10485760 bytes is over the limit/);
    expect(declared.headers.connection).toBe('close');
    const chunked = await rawRequest(url, { headers: { 'content-type': 'application/x-protobuf', 'transfer-encoding': 'chunked' }, chunks: [Buffer.alloc(40 * 1024), Buffer.alloc(40 * 1024)] });
    expect(chunked.status).toBe(413);
    expect(chunked.body.toString()).toMatch(/over the limit of 65536 bytes/);
    // 256 MiB of zeros, 250 KiB compressed.
    const bomb = gzipSync(Buffer.alloc(256 * 1024 * 1024), { level: 9 });
    expect(bomb.length).toBeLessThan(64 * 1024 * 4);
    const small = await start({ maxBodyBytes: 1024 * 1024 });
    const bombed = await rawRequest(`${small.gateway.url}/v1/traces`, { headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' }, body: bomb });
    expect(bombed.status).toBe(413);
    expect(bombed.body.toString()).toMatch(/decompressed request body over the limit/);
    // The server is still fine.
    const after = await rawRequest(url, { headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(after.status).toBe(200);
  });

  it('408 for a body that trickles in past the deadline, while other requests go on', async () => {
    const { gateway: g } = await start({ bodyTimeoutMs: 200 });
    const url = `${g.url}/v1/traces`;
    const slow = rawRequest(url, { headers: { 'content-type': 'application/json', 'content-length': 1000 }, chunks: ['{"resourceSpans":', '['], delayMs: 50 });
    const other = await rawRequest(url, { headers: { 'content-type': 'application/json' }, body: '{"resourceSpans":[]}' });
    expect(other.status).toBe(200);
    const response = await slow;
    expect(response.status).toBe(408);
    expect(JSON.parse(response.body.toString())).toEqual({ code: 4, message: 'request body not received within 200 ms' });
  });

  it('401 without the shared secret (Bearer or x-otel-llmobs-token); /stats too', async () => {
    const { gateway: g } = await start({ authToken: 's3cret-token' });
    const url = `${g.url}/v1/traces`;
    const none = await rawRequest(url, { headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    expect((await rawRequest(url, { headers: { 'content-type': 'application/json', authorization: 'Bearer s3cret-tokem' }, body: '{}' })).status).toBe(401);
    expect((await rawRequest(url, { headers: { 'content-type': 'application/json', authorization: 'Bearer s3cret-token' }, body: '{}' })).status).toBe(200);
    expect((await rawRequest(url, { headers: { 'content-type': 'application/json', 'x-otel-llmobs-token': 's3cret-token' }, body: '{}' })).status).toBe(200);
    expect((await rawRequest(`${g.url}/stats`, { method: 'GET' })).status).toBe(401);
    expect((await rawRequest(`${g.url}/stats`, { method: 'GET', headers: { authorization: 'Bearer s3cret-token' } })).status).toBe(200);
    // The token never appears in a response.
    expect(none.body.toString()).not.toContain('s3cret');
  });

  it('415 for other content types and codings, 405 for GET /v1/traces, 404 elsewhere; /healthz', async () => {
    const { gateway: g } = await start();
    const url = `${g.url}/v1/traces`;
    const text = await rawRequest(url, { headers: { 'content-type': 'text/plain' }, body: 'hi' });
    expect(text.status).toBe(415);
    expect(JSON.parse(text.body.toString()).message).toMatch(/application\/x-protobuf or application\/json/);
    expect((await rawRequest(url, { headers: { 'content-type': 'application/json', 'content-encoding': 'br' }, body: '{}' })).status).toBe(415);
    expect((await rawRequest(url, { method: 'GET' })).status).toBe(405);
    expect((await rawRequest(`${g.url}/v1/metrics`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(404);
    const health = await rawRequest(`${g.url}/healthz`, { method: 'GET' });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body.toString())).toEqual({ status: 'ok', sent: 0, waiting: 0 });
  });

  it('503 (retryable) while shutting down', async () => {
    let accepting = false;
    const handler = createOtlpTracesHandler({ sink: { accept: () => ({ rejectedSpans: 0 }) }, isAccepting: () => accepting });
    const { createServer } = await import('node:http');
    const server = createServer((req, res) => void handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/v1/traces`;
    const refused = await rawRequest(url, { headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    accepting = true;
    expect((await rawRequest(url, { headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(200);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});

describe('gateway: buffering and shutdown', () => {
  it('graceful close replays every buffered trace and shuts the exporter down after delivering', async () => {
    const { gateway: g, exporter } = await start({ buffer: { quietMs: 60_000, maxWaitMs: 60_000 } });
    const t = agentTrace();
    const u = agentTrace();
    await rawRequest(`${g.url}/v1/traces`, { headers: { 'content-type': 'application/x-protobuf' }, body: Buffer.from(ProtobufTraceSerializer.serializeRequest([...t.all, u.llm])!) });
    await sleep(50);
    expect(exporter.models()).toEqual([]);
    await g.close();
    expect(exporter.models().map((m) => m.kind).sort()).toEqual(['agent', 'llm', 'llm']);
    expect(exporter.shutdowns).toBe(1);
    expect(g.stats().buffer).toMatchObject({ traces: 0, flushed: { shutdown: 2 } });
  });

  it('bounded memory: past maxTraces the oldest traces are sent early (counted), not dropped', async () => {
    const warnings: string[] = [];
    const { gateway: g, exporter } = await start({ buffer: { quietMs: 60_000, maxWaitMs: 60_000, maxTraces: 2 }, warn: (m) => warnings.push(m) });
    for (let i = 0; i < 5; i++) {
      const t = agentTrace();
      await rawRequest(`${g.url}/v1/traces`, { headers: { 'content-type': 'application/x-protobuf' }, body: Buffer.from(ProtobufTraceSerializer.serializeRequest([t.llm])!) });
    }
    expect(g.stats().buffer).toMatchObject({ traces: 2, flushed: { evicted: 3 } });
    await g.pipeline.processor.forceFlush();
    expect(exporter.models()).toHaveLength(3);
    expect(warnings).toEqual([expect.stringMatching(/trace buffer full \(max 2 traces/)]);
  });

  it('late spans of a trace already flushed still find their parent', async () => {
    const { gateway: g, exporter } = await start({ buffer: { quietMs: 20, maxWaitMs: 5_000 } });
    const f = spanFactory({ 'service.name': 'late' });
    const root = f.start('agent', { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'a', 'gen_ai.conversation.id': 's-9' });
    f.end(root);
    const late = f.start('chat gpt-4o-mini', chatAttributes(), root);
    f.end(late);
    const [rootSpan, lateSpan] = [f.finished().find((s) => s.name === 'agent')!, f.finished().find((s) => s.name !== 'agent')!];
    await rawRequest(`${g.url}/v1/traces`, { headers: { 'content-type': 'application/x-protobuf' }, body: Buffer.from(ProtobufTraceSerializer.serializeRequest([rootSpan])!) });
    await waitFor(() => exporter.models().length === 1);
    await rawRequest(`${g.url}/v1/traces`, { headers: { 'content-type': 'application/x-protobuf' }, body: Buffer.from(ProtobufTraceSerializer.serializeRequest([lateSpan])!) });
    await g.pipeline.forceFlush();
    const llm = exporter.models().find((m) => m.kind === 'llm')!;
    expect(llm.parentId).toBe(rootSpan.spanContext().spanId);
    expect(llm.sessionId).toBe('s-9');
  });

  it('a local root under a dd-trace (or LLMObsPropagator) parent keeps its LLM parent, trace, ml_app and session from its tracestate', async () => {
    const { gateway: g, exporter } = await start();
    // dd-trace 6.21's injected tracestate (shared/golden/ddtrace-js/m-propagation.json), as an OTel SDK
    // in the downstream service keeps it on the spans it starts under that remote parent.
    const tracestate =
      'dd=t.llmobs_trace_id:142246022644590239550686165723351373646;t.llmobs_sd:1;t.llmobs_sr:1;t.llmobs_sid:sess-prop;t.llmobs_ml_app:golden-app;t.llmobs_parent_id:9202354070815760145;t.dm:-0;t.tid:6b03966300000000;s:1;p:7fb554457057df11,ot=rv:12104c553e3718;th:0';
    const span = (spanId: string, parent: string, name: string, attributes: Array<Record<string, unknown>>, flags: number) => ({
      traceId: '6b039663000000007fb554457057df11',
      spanId,
      parentSpanId: parent,
      traceState: tracestate,
      flags,
      name,
      kind: 2,
      startTimeUnixNano: '1700000000000000000',
      endTimeUnixNano: '1700000001000000000',
      attributes,
    });
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'downstream-py' } }] },
          scopeSpans: [
            {
              scope: { name: 'opentelemetry.instrumentation.openai_v2' },
              spans: [
                // SAMPLED | HAS_IS_REMOTE | IS_REMOTE: the parent is dd-trace's span in the upstream service.
                span('1111111111111111', '7fb554457057df11', 'invoke_agent downstream', [{ key: 'gen_ai.operation.name', value: { stringValue: 'invoke_agent' } }], 0x301),
                span('2222222222222222', '1111111111111111', 'chat gpt-4o', [{ key: 'gen_ai.operation.name', value: { stringValue: 'chat' } }], 0x101),
              ],
            },
          ],
        },
      ],
    };
    await rawRequest(`${g.url}/v1/traces`, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const models = await waitFor(() => (exporter.models().length === 2 ? exporter.models() : undefined));
    const agent = models.find((m) => m.kind === 'agent')!;
    const chat = models.find((m) => m.kind === 'llm')!;
    expect(agent.parentId).toBe('7fb554457057df11');
    expect(agent.traceId).toBe('6b039663000000003c828f49aba0574e');
    expect(agent.apmTraceId).toBe('6b039663000000007fb554457057df11');
    expect(agent.mlApp).toBe('golden-app');
    expect(agent.sessionId).toBe('sess-prop');
    expect(chat.parentId).toBe('1111111111111111');
    expect(chat.traceId).toBe('6b039663000000003c828f49aba0574e');
    expect(chat.mlApp).toBe('golden-app');
    expect(g.stats().buffer.flushed).toMatchObject({ complete: 1, max_wait: 0 });

    // An otel-llmobs app re-parents its exported spans onto their LLM Observability parent: the
    // upstream span, not flagged remote. It is still this trace's local root (no waiting for a root
    // that will never come).
    const reparented = JSON.parse(JSON.stringify(body));
    const spans = reparented.resourceSpans[0].scopeSpans[0].spans;
    spans[0].flags = 0x101;
    for (const s of spans) s.traceId = '6b039663000000007fb554457057df12';
    await rawRequest(`${g.url}/v1/traces`, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(reparented) });
    await waitFor(() => exporter.models().length === 4, 1_000);
    expect(g.stats().buffer.flushed).toMatchObject({ complete: 2, max_wait: 0 });
    expect(exporter.models().find((m) => m.spanId === '1111111111111111' && m.apmTraceId === '6b039663000000007fb554457057df12')!.parentId).toBe('7fb554457057df11');
  });

  it("ignores the gateway's own service identity environment; each resource names its service", async () => {
    const before = process.env.DD_SERVICE;
    process.env.DD_SERVICE = 'the-gateway';
    try {
      const { gateway: g, exporter } = await start();
      const t = agentTrace();
      await rawRequest(`${g.url}/v1/traces`, { headers: { 'content-type': 'application/x-protobuf' }, body: Buffer.from(ProtobufTraceSerializer.serializeRequest(t.all)!) });
      const models = await waitFor(() => (exporter.models().length === 2 ? exporter.models() : undefined));
      expect(models.map((m) => m.mlApp)).toEqual(['checkout', 'checkout']);
      expect(process.env.DD_SERVICE).toBe('the-gateway');
    } finally {
      if (before === undefined) delete process.env.DD_SERVICE;
      else process.env.DD_SERVICE = before;
    }
  });
});
