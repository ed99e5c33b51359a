/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON */
// The gateway under more than it can deliver, with the real LLMObsExporter sending to an intake on
// 127.0.0.1 that fails, then recovers: requests past the bound get 429 with Retry-After (nothing is
// dropped to make room), /healthz says it cannot deliver, and every span answered 200 is delivered
// once the intake is back. And with no destination at all, /healthz says so.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { afterEach, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../../src/gateway/gateway.js';
import { chatAttributes, rawRequest, spanFactory, waitFor, waitForAsync } from '../gateway/kit.js';

let gateway: RunningGateway | undefined;
let intake: Server | undefined;
const savedEnv = new Map<string, string | undefined>();

afterEach(async () => {
  await gateway?.close(100);
  gateway = undefined;
  if (intake) {
    const s = intake;
    await new Promise<void>((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    });
    intake = undefined;
  }
  for (const [name, value] of savedEnv) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  savedEnv.clear();
});

function unsetEnv(...names: string[]): void {
  for (const name of names) {
    if (!savedEnv.has(name)) savedEnv.set(name, process.env[name]);
    delete process.env[name];
  }
}

/** An LLM Observability intake whose answer can be switched: 503 (with Retry-After: 1) or 202. Records delivered span ids. */
async function startIntake(): Promise<{ url: string; mode: { ok: boolean }; delivered: Set<string>; requests: () => number }> {
  const mode = { ok: false };
  const delivered = new Set<string>();
  let requests = 0;
  intake = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests++;
      if (!mode.ok) {
        res.writeHead(503, { 'retry-after': '1' });
        res.end();
        return;
      }
      for (const envelope of JSON.parse(Buffer.concat(chunks).toString('utf8')) as any[]) for (const span of envelope.spans) delivered.add(span.span_id);
      res.writeHead(202);
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => intake!.listen(0, '127.0.0.1', () => resolve()));
  return { url: `http://127.0.0.1:${(intake.address() as AddressInfo).port}`, mode, delivered, requests: () => requests };
}

/** One OTLP/JSON request: a trace of `n` LLM spans under an agent root. */
function traceRequest(n: number): Buffer {
  const f = spanFactory({ 'service.name': 'shop' });
  const root = f.start('agent', { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'a' });
  for (let i = 0; i < n; i++) f.end(f.start(`chat ${i}`, chatAttributes(`q${i}`), root));
  f.end(root);
  return Buffer.from(JsonTraceSerializer.serializeRequest(f.finished())!);
}

const post = (url: string, body: Buffer) => rawRequest(`${url}/v1/traces`, { headers: { 'content-type': 'application/json' }, body });

describe('gateway backpressure and delivery health', () => {
  it('answers 429 with Retry-After past its bound, says it cannot deliver, and delivers every accepted span once the intake is back', { timeout: 90_000 }, async () => {
    const sink = await startIntake();
    gateway = await startGateway({
      port: 0,
      exporterOptions: { intakeUrl: sink.url, agentless: true, flushIntervalMillis: 50, exportTimeoutMillis: 120_000, retry: { initialBackoffMillis: 100, maxBackoffMillis: 500 } },
      buffer: { quietMs: 0, maxWaitMs: 200 },
      admission: { maxPendingSpans: 40 },
      stallMs: 500,
    });
    let acceptedSpans = 0;
    const refusals: { status: number; retryAfter: string | string[] | undefined }[] = [];
    // Each request: 6 spans (5 llm + the agent). Bounded loop: the bound stops it long before 200.
    for (let i = 0; i < 200 && refusals.length < 3; i++) {
      const res = await post(gateway.url, traceRequest(5));
      if (res.status === 200) acceptedSpans += 6;
      else refusals.push({ status: res.status, retryAfter: res.headers['retry-after'] });
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(refusals.length).toBe(3);
    expect(refusals.every((r) => r.status === 429 && r.retryAfter === '2')).toBe(true);
    // What was accepted stayed within the bound (plus one request's worth and what the intake was handed).
    expect(acceptedSpans).toBeGreaterThanOrEqual(6);
    expect(acceptedSpans).toBeLessThanOrEqual(40 + 6);
    const stats = gateway.stats();
    expect(stats.admission.refusedRequests).toBeGreaterThanOrEqual(3);
    expect((stats.exporter as any).dropped.queue_full ?? 0).toBe(0);

    // Nothing delivered while spans wait: /healthz says so.
    const unhealthy = await waitForAsync(async () => {
      const h = await rawRequest(`${gateway!.url}/healthz`, { method: 'GET' });
      return h.status === 503 ? JSON.parse(h.body.toString()) : undefined;
    }, 20_000);
    expect(unhealthy).toMatchObject({ status: 'cannot deliver', reason: expect.stringMatching(/nothing delivered/) });
    expect((await rawRequest(`${gateway.url}/livez`, { method: 'GET' })).status).toBe(200);

    // The intake comes back: every span answered 200 arrives, once; health recovers.
    sink.mode.ok = true;
    await waitFor(() => sink.delivered.size >= acceptedSpans, 60_000);
    expect(sink.delivered.size).toBe(acceptedSpans);
    // The exporter counts a batch once the intake's answer arrived, just after the intake recorded it.
    await waitFor(() => (gateway!.stats().exporter as any).sent >= acceptedSpans, 10_000);
    const exporterStats = gateway.stats().exporter as any;
    expect(exporterStats.sent).toBe(acceptedSpans);
    expect(Object.keys(exporterStats.dropped).filter((k) => k !== 'not_llmobs')).toEqual([]);
    await waitForAsync(async () => (await rawRequest(`${gateway!.url}/healthz`, { method: 'GET' })).status === 200, 20_000);
    // And it takes requests again.
    expect((await post(gateway.url, traceRequest(1))).status).toBe(200);
  });

  it('with no destination (no Agent answers, no API key), /healthz answers 503 and says why', { timeout: 60_000 }, async () => {
    unsetEnv('DD_API_KEY', 'DATADOG_API_KEY', 'DD_LLMOBS_AGENTLESS_ENABLED', 'DD_AGENTLESS_ENABLED', 'OTEL_LLMOBS_INTAKE_URL', 'DD_TRACE_AGENT_URL', 'DD_TRACE_URL', 'DD_AGENT_HOST', 'DD_TRACE_AGENT_PORT');
    // A port nothing listens on.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
    const deadPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    gateway = await startGateway({
      port: 0,
      // A short export deadline: the stop gives up on the held spans quickly (and says so) instead of waiting for the Agent.
      exporterOptions: { agentUrl: `http://127.0.0.1:${deadPort}`, agentProbeTimeoutMillis: 200, flushIntervalMillis: 50, exportTimeoutMillis: 1_000 },
      buffer: { quietMs: 0, maxWaitMs: 200 },
      drainTimeoutMs: 5_000,
    });
    expect((await rawRequest(`${gateway.url}/healthz`, { method: 'GET' })).status).toBe(200);
    expect((await post(gateway.url, traceRequest(2))).status).toBe(200);
    const body = await waitForAsync(async () => {
      const h = await rawRequest(`${gateway!.url}/healthz`, { method: 'GET' });
      return h.status === 503 ? JSON.parse(h.body.toString()) : undefined;
    }, 30_000);
    // The exporter holds the spans and asks the Agent again with back-off; with no API key to fall back on.
    expect(body).toMatchObject({ status: 'cannot deliver', reason: expect.stringMatching(/no destination|waiting for the Datadog Agent/) });
    expect(gateway.stats().delivery).toMatchObject({ ok: false });
    // The stop says what it could not deliver.
    const report = await gateway.close(100);
    expect(report.delivered).toBe(0);
    expect(report.abandoned + Object.values(report.undelivered).reduce((n, v) => n + v, 0)).toBeGreaterThanOrEqual(2);
  });
});
