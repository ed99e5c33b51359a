/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies and golden files are untyped JSON */
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager, isTracingSuppressed } from '../helpers/sdk.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FetchLike } from '../../src/internal/fetch-like.js';
import { globalFetch } from '../../src/internal/fetch-like.js';
import { LLMObsExporter } from '../../src/datadog/llmobs-exporter.js';
import { captureDiag, DATADOG_ENV_NAMES } from './diag-capture.js';
import { API_KEY, exportSpans, FAST, readableSpans } from './exporter-test-kit.js';
import { agentInfo, eventCount, FakeIntake } from './fake-intake.js';

let diagLogs: ReturnType<typeof captureDiag>;
const servers: FakeIntake[] = [];
const exporters: LLMObsExporter[] = [];

async function intake(respond?: Parameters<typeof FakeIntake.start>[0]) {
  const server = await FakeIntake.start(respond);
  servers.push(server);
  return server;
}

function exporter(options: ConstructorParameters<typeof LLMObsExporter>[0]): LLMObsExporter {
  const e = new LLMObsExporter({ ...FAST, ...options });
  exporters.push(e);
  return e;
}

const errors = () => diagLogs.logs.filter((l) => l.level === 'error').map((l) => l.message);
const warnings = () => diagLogs.logs.filter((l) => l.level === 'warn').map((l) => l.message);

beforeEach(() => {
  for (const name of DATADOG_ENV_NAMES) vi.stubEnv(name, '');
  diagLogs = captureDiag();
});

afterEach(async () => {
  await Promise.all(exporters.splice(0).map((e) => e.shutdown()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
  vi.unstubAllEnvs();
  diagLogs.restore();
});

describe('LLMObsExporter against a fake intake: the happy path', () => {
  it('202: agentless to an explicit intake URL, headers and body as dd-trace sends them', async () => {
    const server = await intake();
    const e = exporter({ intakeUrl: server.url, apiKey: API_KEY, service: 'svc', env: 'prod', version: '1.0.0' });
    const result = await exportSpans(e, readableSpans(3, { input: { value: 'café ☕' } }));
    expect(result).toEqual({ code: 0 });
    await e.forceFlush();

    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe('/api/v2/llmobs');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['dd-api-key']).toBe(API_KEY);
    expect(request!.headers['x-datadog-evp-subdomain']).toBeUndefined();
    expect(request!.headers['content-encoding']).toBeUndefined();
    expect(Number(request!.headers['content-length'])).toBe(Buffer.byteLength(request!.body));
    expect(/^[\x20-\x7e]*$/.test(request!.body)).toBe(true);
    expect(request!.body).toContain('caf\\u00e9 \\u2615');
    expect(eventCount(request!)).toBe(3);
    expect(request!.json[0]['_dd.stage']).toBe('raw');
    expect(request!.json[0].spans[0].tags.slice(0, 3)).toEqual(['version:1.0.0', 'env:prod', 'service:svc']);
    expect(e.getStats()).toMatchObject({ sent: 3, dropped: {}, retries: 0, requests: 1, bytesSent: request!.body.length, queued: 0, inFlight: 0 });
  });

  it('sends on its own every flush interval (no forceFlush needed)', async () => {
    const server = await intake();
    const e = exporter({ intakeUrl: server.url, agentless: true });
    await exportSpans(e, readableSpans(2));
    await vi.waitFor(() => expect(server.posts).toHaveLength(1), { timeout: 10_000, interval: 10 });
    expect(eventCount(server.posts[0]!)).toBe(2);
  });

  it('service/env/version come from the span resource when not configured', async () => {
    const server = await intake();
    const e = exporter({ intakeUrl: server.url });
    await exportSpans(e, readableSpans(1, {}, { 'service.name': 'res-svc', 'deployment.environment.name': 'staging', 'service.version': '9.9.9' }));
    await exportSpans(e, readableSpans(1, {}, { 'service.name': 'legacy', 'deployment.environment': 'old-env' }));
    await e.forceFlush();
    const tags = server.posts.flatMap((r) => r.json as any[]).map((env) => env.spans[0].tags.slice(0, 3));
    expect(tags).toEqual([
      ['version:9.9.9', 'env:staging', 'service:res-svc'],
      ['version:', 'env:old-env', 'service:legacy'],
    ]);
  });

  it('spans without an attached model are skipped and counted, quietly', async () => {
    const server = await intake();
    const e = exporter({ intakeUrl: server.url });
    expect(await exportSpans(e, [{ resource: { attributes: {} } }, ...readableSpans(1)])).toEqual({ code: 0 });
    await e.forceFlush();
    expect(eventCount(server.posts[0]!)).toBe(1);
    expect(e.getStats().dropped).toEqual({ not_llmobs: 1 });
    expect(warnings()).toEqual([]);
  });

  it('malformed ids are counted as invalid_span', async () => {
    const server = await intake();
    const e = exporter({ intakeUrl: server.url });
    await exportSpans(e, readableSpans(1, { spanId: 'nope' }));
    await e.forceFlush();
    expect(server.posts).toHaveLength(0);
    expect(e.getStats().dropped).toEqual({ invalid_span: 1 });
  });

  it('exports run with tracing suppressed (same context key as @opentelemetry/core)', async () => {
    const server = await intake();
    const manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
    try {
      const seen: boolean[] = [];
      const spyFetch: FetchLike = (url, init) => {
        seen.push(isTracingSuppressed(context.active()));
        return globalFetch(url, init);
      };
      const e = exporter({ intakeUrl: server.url, fetch: spyFetch });
      await exportSpans(e, readableSpans(1));
      await e.forceFlush();
      expect(seen).toEqual([true]);
      expect(isTracingSuppressed(context.active())).toBe(false);
    } finally {
      context.disable();
    }
  });
});

describe('batching', () => {
  it('never sends a request over 5 MiB: three ~2 MiB events go as 2 + 1 (golden o-split)', async () => {
    const server = await intake();
    const e = exporter({ intakeUrl: server.url, maxConcurrentRequests: 1 });
    const big = (c: string) => readableSpans(1, { input: { value: c.repeat(2 * 1024 * 1024) }, output: { value: 'o' } });
    await exportSpans(e, [...big('0'), ...big('1'), ...big('2')]);
    await e.forceFlush();
    expect(server.posts.map(eventCount)).toEqual([2, 1]);
    for (const r of server.posts) expect(Buffer.byteLength(r.body)).toBeLessThanOrEqual(5 * 1024 * 1024);
    expect(e.getStats().sent).toBe(3);
  }, 20_000);

  it('packs many events into as few requests as the 5 MiB limit allows, in order', async () => {
    const server = await intake();
    const e = exporter({ intakeUrl: server.url, maxConcurrentRequests: 1 });
    const spans = Array.from({ length: 12 }, (_, i) => readableSpans(1, { name: `n${i}`, input: { value: 'x'.repeat(1024 * 1024 - 2000) } })[0]!);
    await exportSpans(e, spans);
    await e.forceFlush();
    expect(server.posts.map(eventCount)).toEqual([5, 5, 2]);
    for (const r of server.posts) expect(Buffer.byteLength(r.body)).toBeLessThanOrEqual(5 * 1024 * 1024);
    expect(server.posts.flatMap((r) => (r.json as any[]).map((env) => env.spans[0].name))).toEqual(spans.map((_, i) => `n${i}`));
  }, 20_000);

  it('an oversize event is sent with its I/O dropped and counted as truncated', async () => {
    const server = await intake();
    const e = exporter({ intakeUrl: server.url });
    await exportSpans(e, readableSpans(1, { input: { value: 'x'.repeat(5 * 1024 * 1024 + 1) } }));
    await e.forceFlush();
    const span = server.posts[0]!.json[0].spans[0];
    expect(span.collection_errors).toEqual(['dropped_io']);
    expect(e.getStats()).toMatchObject({ sent: 1, truncated: 1 });
  }, 20_000);

  it('a full queue drops (counted) and warns once, in aggregate', async () => {
    const server = await intake();
    const e = exporter({ intakeUrl: server.url, maxQueueSize: 2, flushIntervalMillis: 60_000 });
    expect(await exportSpans(e, readableSpans(5))).toEqual({ code: 0 });
    await e.forceFlush();
    expect(server.posts.map(eventCount)).toEqual([2]);
    expect(e.getStats().dropped).toEqual({ queue_full: 3 });
    expect(warnings()).toEqual(['otel-llmobs/datadog dropped 3 span events (queue full: 3)']);
    await e.forceFlush();
    expect(warnings()).toHaveLength(1); // nothing new to report
  });
});

describe('intake faults', () => {
  it('400: not retried, dropped, one clear error naming the status', async () => {
    const server = await intake(() => ({ status: 400, body: '{"errors":["bad payload"]}' }));
    const e = exporter({ intakeUrl: server.url });
    await exportSpans(e, readableSpans(2));
    await e.forceFlush();
    await exportSpans(e, readableSpans(1));
    await e.forceFlush();
    expect(server.posts).toHaveLength(2);
    expect(e.getStats()).toMatchObject({ sent: 0, retries: 0, dropped: { rejected: 3 } });
    expect(errors()).toHaveLength(1);
    expect(errors()[0]).toContain('HTTP 400');
    expect(errors()[0]).toContain('bad payload');
    expect(warnings()).toEqual(['otel-llmobs/datadog dropped 2 span events (non-retryable response: 2)', 'otel-llmobs/datadog dropped 1 span events (non-retryable response: 1)']);
  });

  it('drops are reported without any flush: promptly the first time, then at most once per interval', async () => {
    const server = await intake(() => ({ status: 400 }));
    const e = exporter({ intakeUrl: server.url, dropReportIntervalMillis: 60_000 });
    await exportSpans(e, readableSpans(1));
    await vi.waitFor(() => expect(warnings()).toEqual(['otel-llmobs/datadog dropped 1 span events (non-retryable response: 1)']), { timeout: 10_000, interval: 10 });
    await exportSpans(e, readableSpans(1));
    await vi.waitFor(() => expect(server.posts).toHaveLength(2), { timeout: 10_000, interval: 10 });
    await new Promise((r) => setTimeout(r, 100));
    expect(warnings()).toHaveLength(1); // the next report waits for the interval (or a flush)
    expect(e.getStats().dropped).toEqual({ rejected: 2 });
  });

  it('404: not retried, dropped, the error points at the URL', async () => {
    const server = await intake(() => ({ status: 404 }));
    const e = exporter({ intakeUrl: server.url });
    await exportSpans(e, readableSpans(1));
    await e.forceFlush();
    expect(server.posts).toHaveLength(1);
    expect(e.getStats().dropped).toEqual({ rejected: 1 });
    expect(errors()[0]).toContain('HTTP 404');
    expect(errors()[0]).toContain('Check the intake or Agent URL');
  });

  it('403: the API key never appears in logs, errors or stats', async () => {
    const server = await intake(() => ({ status: 403, body: `{"errors":["API key is invalid: ${API_KEY}"]}` }));
    const e = exporter({ intakeUrl: server.url, apiKey: API_KEY, site: 'datadoghq.eu' });
    await exportSpans(e, readableSpans(2));
    await e.forceFlush();
    await exportSpans(e, readableSpans(2));
    await e.forceFlush();
    // and a configuration error carrying the key
    let configError: unknown;
    try {
      new LLMObsExporter({ apiKey: `${API_KEY} trailing` });
    } catch (err) {
      configError = err;
    }
    // and a bad key in the environment
    vi.stubEnv('DD_API_KEY', `${API_KEY}\n`);
    exporter({ intakeUrl: server.url });

    expect(server.posts[0]!.headers['dd-api-key']).toBe(API_KEY); // it was sent, to the intake only
    expect(errors()).toHaveLength(1);
    expect(errors()[0]).toContain('HTTP 403');
    expect(errors()[0]).toContain("API key is valid for the site 'datadoghq.eu'");
    expect(e.getStats().dropped).toEqual({ rejected: 4 });
    const everything = [diagLogs.text(), String(configError), (configError as Error).stack, JSON.stringify(e.getStats()), JSON.stringify(e)].join('\n');
    expect(everything).toContain('<redacted>');
    expect(everything).not.toContain(API_KEY);
    expect(everything).not.toContain(API_KEY.slice(0, 12));
  });

  it('413: splits the batch in halves and retries them, down to single events', async () => {
    const server = await intake((r) => (eventCount(r) > 1 ? { status: 413 } : { status: 202 }));
    const e = exporter({ intakeUrl: server.url });
    await exportSpans(e, readableSpans(4));
    await e.forceFlush();
    expect(server.posts.map(eventCount)).toEqual([4, 2, 1, 1, 2, 1, 1]);
    expect(e.getStats()).toMatchObject({ sent: 4, dropped: {} });
    expect(errors()).toEqual([]);
  });

  it('413 on a single event: dropped and counted', async () => {
    const server = await intake(() => ({ status: 413 }));
    const e = exporter({ intakeUrl: server.url });
    await exportSpans(e, readableSpans(2));
    await e.forceFlush();
    expect(server.posts.map(eventCount)).toEqual([2, 1, 1]);
    expect(e.getStats().dropped).toEqual({ payload_too_large: 2 });
    expect(errors()).toHaveLength(1);
  });

  it('429 with Retry-After: waits as told, then delivers', async () => {
    const server = await intake((_r, i) => (i === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 202 }));
    const e = exporter({ intakeUrl: server.url });
    await exportSpans(e, readableSpans(2));
    await e.forceFlush();
    expect(server.posts.map(eventCount)).toEqual([2, 2]);
    // the configured backoff is ≤ 50 ms: only Retry-After explains a ~1 s wait
    expect(server.posts[1]!.at - server.posts[0]!.at).toBeGreaterThanOrEqual(900);
    expect(e.getStats()).toMatchObject({ sent: 2, retries: 1, dropped: {} });
  });

  it('500 then 503 then success: retried with backoff, nothing lost', async () => {
    const statuses = [500, 503, 202];
    const server = await intake((_r, i) => ({ status: statuses[i] ?? 202 }));
    const e = exporter({ intakeUrl: server.url });
    await exportSpans(e, readableSpans(3));
    await e.forceFlush();
    expect(server.posts).toHaveLength(3);
    expect(e.getStats()).toMatchObject({ sent: 3, retries: 2, dropped: {} });
    expect(errors()).toEqual([]);
  });

  it('a hanging intake: each attempt times out, and forceFlush returns by its deadline', async () => {
    const server = await intake(() => 'hang');
    const e = exporter({ intakeUrl: server.url, requestTimeoutMillis: 200, exportTimeoutMillis: 1000 });
    await exportSpans(e, readableSpans(2));
    const started = Date.now();
    await e.forceFlush();
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(10_000); // the deadline is 1 s; generous slack for a busy CI machine
    expect(server.posts.length).toBeGreaterThanOrEqual(2); // timed out, retried
    await vi.waitFor(() => expect(e.getStats().inFlight).toBe(0), { timeout: 10_000 });
    expect(e.getStats()).toMatchObject({ sent: 0, dropped: { retries_exhausted: 2 } });
    expect(errors()[0]).toContain('timed out after');
  });

  it('an endless response body: a bounded prefix is read, the rest cancelled; the error keeps its first characters', async () => {
    const server = await intake((_r, i) => ({ status: i === 0 ? 503 : 202, endless: true }));
    const e = exporter({ intakeUrl: server.url });
    await exportSpans(e, readableSpans(1));
    await e.forceFlush();
    expect(e.getStats()).toMatchObject({ sent: 1, retries: 1, dropped: {} });
    await vi.waitFor(() => expect(server.streamedBytes).toBeGreaterThan(0), { timeout: 10_000 });
    const streamed = server.streamedBytes;
    await new Promise((r) => setTimeout(r, 100));
    expect(server.streamedBytes - streamed).toBeLessThan(1024 * 1024); // the client is gone: the intake stopped writing
  });

  it('a reset connection is retried', async () => {
    const server = await intake((_r, i) => (i === 0 ? 'reset' : { status: 202 }));
    const e = exporter({ intakeUrl: server.url });
    await exportSpans(e, readableSpans(1));
    await e.forceFlush();
    expect(server.posts).toHaveLength(2);
    expect(e.getStats()).toMatchObject({ sent: 1, dropped: {} });
    expect(e.getStats().retries).toBeGreaterThanOrEqual(1);
  });

  it('an intake down for a few seconds, then back on the same port: nothing lost within the retry budget', async () => {
    const server = await intake();
    await server.close();
    // More attempts than the default 5, so that the retry budget covers the outage.
    const e = exporter({ intakeUrl: server.url, exportTimeoutMillis: 15_000, retry: { initialBackoffMillis: 50, maxBackoffMillis: 300, multiplier: 2, maxAttempts: 100 } });
    await exportSpans(e, readableSpans(5));
    const flushed = e.forceFlush();
    await new Promise((r) => setTimeout(r, 2000));
    expect(e.getStats().retries).toBeGreaterThan(0);
    await server.reopen();
    await flushed;
    expect(server.posts.flatMap((r) => r.json as unknown[])).toHaveLength(5);
    expect(e.getStats()).toMatchObject({ sent: 5, dropped: {} });
  }, 20_000);
});

describe('routing', () => {
  it('an Agent with the EVP proxy: agent mode, no API key, /info asked once', async () => {
    const agent = await intake((r) => (r.path === '/info' ? agentInfo(true) : { status: 202 }));
    const e = exporter({ agentUrl: agent.url, apiKey: API_KEY });
    await exportSpans(e, readableSpans(1));
    await e.forceFlush();
    await exportSpans(e, readableSpans(1));
    await e.forceFlush();
    expect(agent.requests.filter((r) => r.path === '/info')).toHaveLength(1);
    expect(agent.posts.map((r) => r.path)).toEqual(['/evp_proxy/v2/api/v2/llmobs', '/evp_proxy/v2/api/v2/llmobs']);
    expect(agent.posts[0]!.headers['x-datadog-evp-subdomain']).toBe('llmobs-intake');
    expect(agent.posts[0]!.headers['dd-api-key']).toBeUndefined();
  });

  it.each([
    ['no EVP proxy in /info', (r: { path: string }) => (r.path === '/info' ? agentInfo(false) : { status: 202 })],
    ['/info answering 404', () => ({ status: 404 })],
    ['/info answering bad JSON', () => ({ status: 200, body: 'not json' })],
  ])('an Agent with %s: agentless (to the explicit intake URL, so nothing leaves the machine)', async (_name, respond) => {
    const agent = await intake(respond);
    const server = await intake();
    const e = exporter({ agentUrl: agent.url, intakeUrl: server.url, apiKey: API_KEY });
    await exportSpans(e, readableSpans(1));
    await e.forceFlush();
    expect(agent.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /info']);
    expect(server.posts.map((r) => r.path)).toEqual(['/api/v2/llmobs']);
    expect(server.posts[0]!.headers['dd-api-key']).toBe(API_KEY);
  });

  it('an unreachable Agent (closed port): agentless', async () => {
    const agent = await intake();
    await agent.close();
    const server = await intake();
    const e = exporter({ agentUrl: agent.url, intakeUrl: server.url, apiKey: API_KEY });
    await exportSpans(e, readableSpans(1));
    await e.forceFlush();
    expect(server.posts).toHaveLength(1);
    expect(e.getStats().sent).toBe(1);
  });

  it('an Agent not up yet and no API key: events held in the queue, the Agent asked again with back-off, delivered once it answers', async () => {
    const agent = await intake((r) => (r.path === '/info' ? agentInfo(true) : { status: 202 }));
    await agent.close();
    const e = exporter({ agentUrl: agent.url, agentProbeTimeoutMillis: 300, retry: { initialBackoffMillis: 50, maxBackoffMillis: 200, multiplier: 2 } });
    await exportSpans(e, readableSpans(2));
    await vi.waitFor(() => expect(e.getStats().route).toBe('waiting_for_agent'), { timeout: 10_000, interval: 10 });
    expect(e.getStats()).toMatchObject({ queued: 2, sent: 0, dropped: {} });
    expect(warnings().join('\n')).toContain(`the Datadog Agent at ${agent.url} did not answer`);
    await agent.reopen();
    await vi.waitFor(() => expect(e.getStats().sent).toBe(2), { timeout: 10_000, interval: 20 });
    expect(e.getStats()).toMatchObject({ route: 'agent', queued: 0, dropped: {} });
    expect(agent.posts.map((r) => r.path)).toEqual(['/evp_proxy/v2/api/v2/llmobs']);
    // decided now: one /info answered, never asked again
    await exportSpans(e, readableSpans(1));
    await e.forceFlush();
    expect(agent.requests.filter((r) => r.path === '/info')).toHaveLength(1);
  });

  it('an Agent not up and no API key: the queue bound holds while waiting, and shutdown drops (and counts) what waited', async () => {
    const agent = await intake();
    await agent.close();
    const e = exporter({ agentUrl: agent.url, maxQueueSize: 3, agentProbeTimeoutMillis: 300, exportTimeoutMillis: 500, retry: { initialBackoffMillis: 50, maxBackoffMillis: 100, multiplier: 2 } });
    await exportSpans(e, readableSpans(5));
    await e.shutdown();
    expect(e.getStats()).toMatchObject({ sent: 0, queued: 0, route: 'waiting_for_agent', dropped: { queue_full: 2, shutdown: 3 } });
  });

  it('agentless: false goes to the Agent without probing', async () => {
    const agent = await intake();
    const e = exporter({ agentUrl: agent.url, agentless: false });
    await exportSpans(e, readableSpans(1));
    await e.forceFlush();
    expect(agent.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /evp_proxy/v2/api/v2/llmobs']);
  });

  it('DD_TRACE_AGENT_URL + DD_LLMOBS_AGENTLESS_ENABLED from the environment', async () => {
    const agent = await intake();
    vi.stubEnv('DD_TRACE_AGENT_URL', agent.url);
    vi.stubEnv('DD_LLMOBS_AGENTLESS_ENABLED', 'false');
    const e = exporter({});
    await exportSpans(e, readableSpans(1));
    await e.forceFlush();
    expect(agent.posts.map((r) => r.path)).toEqual(['/evp_proxy/v2/api/v2/llmobs']);
  });

  it('agentless without an API key: one clear error, nothing sent, events counted', async () => {
    const fetchSpy = vi.fn<FetchLike>();
    const e = exporter({ agentless: true, fetch: fetchSpy });
    await exportSpans(e, readableSpans(2));
    await e.forceFlush();
    await exportSpans(e, readableSpans(3));
    await e.forceFlush();
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(e.getStats().dropped).toEqual({ no_api_key: 5 });
    expect(errors()).toHaveLength(1);
    expect(errors()[0]).toContain('agentless mode needs a Datadog API key');
  });

  it('the default intake is HTTPS at llmobs-intake.<site>, with the key (fetch stubbed: nothing leaves)', async () => {
    const calls: Array<{ url: string; headers: Record<string, string> }> = [];
    const stub: FetchLike = (url, init) => {
      calls.push({ url, headers: init.headers });
      return Promise.resolve({ status: 202, headers: { get: () => null }, text: () => Promise.resolve('') });
    };
    const e = exporter({ agentless: true, apiKey: API_KEY, site: 'US3.datadoghq.com', fetch: stub });
    await exportSpans(e, readableSpans(1));
    await e.forceFlush();
    expect(calls).toEqual([{ url: 'https://llmobs-intake.us3.datadoghq.com/api/v2/llmobs', headers: { 'Content-Type': 'application/json', 'DD-API-KEY': API_KEY } }]);
  });

  it('never sends the key over plain HTTP to a host that is not loopback', async () => {
    const calls: Array<Record<string, string>> = [];
    const stub: FetchLike = (_url, init) => {
      calls.push(init.headers);
      return Promise.resolve({ status: 202, headers: { get: () => null }, text: () => Promise.resolve('') });
    };
    const e = exporter({ intakeUrl: 'http://proxy.internal:8080', apiKey: API_KEY, fetch: stub });
    await exportSpans(e, readableSpans(1));
    await e.forceFlush();
    expect(calls).toEqual([{ 'Content-Type': 'application/json' }]);
    expect(warnings().join('\n')).toContain('Not sending the Datadog API key to http://proxy.internal:8080');
  });
});

describe('async resource attributes', () => {
  it('a span whose resource is still detecting is encoded once the detector is done (its attributes included)', async () => {
    const server = await intake();
    const e = exporter({ intakeUrl: server.url });
    let finish!: () => void;
    const attributes: Record<string, unknown> = {};
    const resource = { attributes, asyncAttributesPending: true, waitForAsyncAttributes: () => new Promise<void>((r) => (finish = r)) };
    const [span] = readableSpans(1);
    (span as { resource: unknown }).resource = resource;
    await exportSpans(e, [span!]);
    const flushed = e.forceFlush();
    await new Promise((r) => setTimeout(r, 50));
    expect(server.posts).toHaveLength(0);
    attributes['service.name'] = 'detected-svc';
    resource.asyncAttributesPending = false;
    finish();
    await flushed;
    expect(server.posts[0]!.json[0].spans[0].tags).toContain('service:detected-svc');
  });

  it('a detector that never finishes: flush waits until its deadline, then sends with what the resource has', async () => {
    const server = await intake();
    // Half of the 4 s budget waits for the detector, the other half sends (room for a busy machine).
    const e = exporter({ intakeUrl: server.url, exportTimeoutMillis: 4000 });
    const resource = { attributes: { 'service.name': 'partial' }, asyncAttributesPending: true, waitForAsyncAttributes: () => new Promise<void>(() => {}) };
    const [span] = readableSpans(1);
    (span as { resource: unknown }).resource = resource;
    await exportSpans(e, [span!]);
    await e.shutdown();
    expect(e.getStats()).toMatchObject({ sent: 1, dropped: {} });
  });
});

describe('lifecycle', () => {
  it('shutdown flushes, is idempotent, and later exports fail without throwing', async () => {
    const server = await intake();
    const e = exporter({ intakeUrl: server.url, flushIntervalMillis: 60_000 });
    await exportSpans(e, readableSpans(2));
    const first = e.shutdown();
    const second = e.shutdown();
    expect(second).toBe(first);
    await first;
    expect(server.posts.map(eventCount)).toEqual([2]);
    const callback = vi.fn();
    e.export(readableSpans(1), callback);
    expect(callback).toHaveBeenCalledTimes(1);
    expect(callback.mock.calls[0]![0].code).toBe(1);
    await e.forceFlush();
    await e.shutdown();
    expect(server.posts).toHaveLength(1);
  });

  it('shutdown with an unreachable intake returns by the deadline and counts what is left', async () => {
    const server = await intake(() => 'hang');
    const e = exporter({ intakeUrl: server.url, requestTimeoutMillis: 100, exportTimeoutMillis: 500, maxConcurrentRequests: 1, maxQueueSize: 100 });
    await exportSpans(e, readableSpans(3));
    const started = Date.now();
    await e.shutdown();
    expect(Date.now() - started).toBeLessThan(10_000); // the deadline is 0.5 s; generous slack for a busy CI machine
    await vi.waitFor(() => expect(e.getStats().inFlight).toBe(0), { timeout: 10_000 });
    const stats = e.getStats();
    expect(stats.queued).toBe(0);
    expect((stats.dropped.retries_exhausted ?? 0) + (stats.dropped.shutdown ?? 0)).toBe(3);
  });

  it('a throwing fetch never escapes', async () => {
    const e = exporter({
      intakeUrl: 'http://127.0.0.1:9',
      exportTimeoutMillis: 300,
      fetch: () => {
        throw new Error('sync boom');
      },
    });
    await exportSpans(e, readableSpans(1));
    await e.forceFlush();
    expect(e.getStats().dropped).toEqual({ retries_exhausted: 1 });
  });
});
