/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies and the app's RESULT line are untyped JSON */
// Delivery guarantees, each checked on a real application in a child process (./delivery-app.mjs,
// on the built dist) against a fake intake on 127.0.0.1. The app ends its spans, awaits
// forceFlush() or shutdown() and must then exit by itself: inside the test runner the event loop
// is always alive, which is why lost-at-exit bugs never showed there. Timing bounds are generous
// (a busy 2-core CI machine); lower bounds only check that we waited at least as long as required.
import { spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Responder } from '../../../packages/otel-llmobs/test/datadog/fake-intake.js';
import { agentInfo, eventCount, FakeIntake } from '../../../packages/otel-llmobs/test/datadog/fake-intake.js';
import { API_KEY } from '../support/llmobs-kit.js';
import { cleanEnv } from '../support/quickstart.js';

const APP = join(import.meta.dirname, 'delivery-app.mjs');
/** The longest any app here may take to exit by itself. */
const EXIT_BOUND_MS = 45_000;

interface AppRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** From the start of the process to its exit. */
  wallMs: number;
  result: any;
}

/** `onStderr`: called with all stderr so far, on each chunk (to act when the app says something). */
function runApp(config: Record<string, unknown>, onStderr?: (stderr: string) => void): Promise<AppRun> {
  const started = Date.now();
  const child = spawn(process.execPath, [APP], { env: cleanEnv({ APP_CONFIG: JSON.stringify(config) }), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
    onStderr?.(stderr);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the app did not exit by itself within ${EXIT_BOUND_MS} ms; stdout:\n${stdout}\nstderr:\n${stderr}`));
    }, EXIT_BOUND_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = /^RESULT (.*)$/m.exec(stdout)?.[1];
      resolve({ code, signal, stdout, stderr, wallMs: Date.now() - started, result: line ? JSON.parse(line) : undefined });
    });
  });
}

/** Exited 0 on its own, printed its result, no unhandled rejection. */
function expectCleanExit(run: AppRun): void {
  expect(run.stderr).not.toContain('UNHANDLED');
  expect({ code: run.code, signal: run.signal, printed: run.result !== undefined }).toEqual({ code: 0, signal: null, printed: true });
}

const servers: Array<{ close(): Promise<void> }> = [];
async function intake(respond: Responder): Promise<FakeIntake> {
  const server = await FakeIntake.start(respond);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Quick back-off so each case takes seconds; defaults everywhere else (5 attempts). */
const RETRY = { initialBackoffMillis: 100, maxBackoffMillis: 2000, multiplier: 2 };
const gaps = (requests: Array<{ at: number }>) => requests.slice(1).map((r, i) => r.at - requests[i]!.at);
const delivered = (server: FakeIntake) => server.posts.filter((r) => r.headers['content-length'] !== undefined).reduce((n, r) => n + eventCount(r), 0);

describe('delivery at exit: a real app in a child process, against a fake intake', () => {
  it('503 then 202: the retry back-off keeps the awaiting app alive, everything is delivered, then it exits', async () => {
    const server = await intake((_r, i) => (i === 0 ? { status: 503 } : { status: 202 }));
    const run = await runApp({ spans: 3, ending: 'forceFlush', exporter: { intakeUrl: server.url, apiKey: API_KEY, retry: RETRY } });
    expectCleanExit(run);
    expect(server.posts).toHaveLength(2);
    expect(server.posts.map(eventCount)).toEqual([3, 3]);
    expect(gaps(server.posts)[0]).toBeGreaterThanOrEqual(45); // at least half the first 100 ms back-off
    expect(run.result.stats).toMatchObject({ sent: 3, retries: 1, dropped: {}, queued: 0, inFlight: 0 });
  });

  it('503 forever: 5 attempts (the cap) with growing back-off, the spans counted as dropped and reported, then it exits', async () => {
    const server = await intake(() => ({ status: 503, body: '{"errors":["unavailable"]}' }));
    const run = await runApp({ spans: 4, ending: 'shutdown', exporter: { intakeUrl: server.url, apiKey: API_KEY, retry: RETRY } });
    expectCleanExit(run);
    expect(server.posts).toHaveLength(5);
    const g = gaps(server.posts);
    for (const [i, gap] of g.entries()) expect(gap).toBeGreaterThanOrEqual(100 * 2 ** i * 0.5 - 5);
    expect(run.result.stats).toMatchObject({ sent: 0, retries: 4, dropped: { retries_exhausted: 4 } });
    expect(run.stderr).toContain('could not deliver span events within 5 attempts');
    expect(run.stderr).toContain('dropped 4 span events (retries exhausted: 4)');
    expect(run.stderr).not.toContain(API_KEY);
  });

  it('429 with Retry-After: 1: waits at least a second, then delivers', async () => {
    const server = await intake((_r, i) => (i === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 202 }));
    const run = await runApp({ spans: 2, ending: 'shutdown', exporter: { intakeUrl: server.url, apiKey: API_KEY, retry: RETRY } });
    expectCleanExit(run);
    expect(server.posts.map(eventCount)).toEqual([2, 2]);
    expect(gaps(server.posts)[0]).toBeGreaterThanOrEqual(990);
    expect(run.result.stats).toMatchObject({ sent: 2, dropped: {} });
  });

  it('429 with Retry-After: 0 forever: no retry storm (5 requests, each after a jittered back-off), dropped and counted', async () => {
    const server = await intake(() => ({ status: 429, headers: { 'retry-after': '0' } }));
    const run = await runApp({ spans: 2, ending: 'shutdown', exporter: { intakeUrl: server.url, apiKey: API_KEY, retry: RETRY } });
    expectCleanExit(run);
    expect(server.posts).toHaveLength(5); // one batch once made 447 requests in 3 s here
    for (const [i, gap] of gaps(server.posts).entries()) expect(gap).toBeGreaterThanOrEqual(100 * 2 ** i * 0.5 - 5);
    expect(run.result.stats).toMatchObject({ sent: 0, dropped: { retries_exhausted: 2 } });
  });

  it('a hanging intake: shutdown() resolves within its bound (the export timeout), reports the drops, and the app exits', async () => {
    const server = await intake(() => 'hang');
    const run = await runApp({
      spans: 3,
      ending: 'shutdown',
      exporter: { intakeUrl: server.url, apiKey: API_KEY, requestTimeoutMillis: 1000, exportTimeoutMillis: 3000, retry: RETRY },
    });
    expectCleanExit(run);
    expect(run.result.elapsedMs).toBeGreaterThanOrEqual(1500); // it did wait for the intake (attempts of 1 s each), up to the bound
    expect(run.result.elapsedMs).toBeLessThan(3000 + 10_000); // and not (much) longer: generous for a busy machine
    expect(server.posts.length).toBeGreaterThanOrEqual(2); // timed out, retried
    const dropped = run.result.stats.dropped;
    expect((dropped.retries_exhausted ?? 0) + (dropped.shutdown ?? 0)).toBe(3);
    expect(run.stderr).toMatch(/dropped 3 span events/);
  });

  it('a socket destroyed mid-request: retried, delivered', async () => {
    let requests = 0;
    const received: string[] = [];
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const n = requests++;
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => {
        if (n < 2) req.socket.destroy(); // cut while the body is still arriving
        else chunks.push(c);
      });
      req.on('end', () => {
        if (n < 2) return;
        received.push(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(202).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push({ close: () => new Promise<void>((resolve) => (server.close(() => resolve()), server.closeAllConnections())) });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const run = await runApp({ spans: 3, ending: 'shutdown', exporter: { intakeUrl: url, apiKey: API_KEY, retry: RETRY } });
    expectCleanExit(run);
    expect(requests).toBe(3);
    expect(received.flatMap((b) => JSON.parse(b) as unknown[])).toHaveLength(3);
    expect(run.result.stats).toMatchObject({ sent: 3, retries: 2, dropped: {} });
  });

  it('agentless without an API key: no connection at all, one clear error, the spans counted, a prompt exit', async () => {
    const agent = await intake(() => agentInfo(true)); // present, but agentless: true must not ask it
    const run = await runApp({ spans: 3, ending: 'shutdown', exporter: { agentless: true, agentUrl: agent.url } });
    expectCleanExit(run);
    expect(run.result.fetchCalls).toBe(0);
    expect(agent.requests).toHaveLength(0);
    expect(run.result.stats).toMatchObject({ sent: 0, requests: 0, dropped: { no_api_key: 3 }, route: 'unavailable' });
    expect(run.stderr.match(/agentless mode needs a Datadog API key/g)).toHaveLength(1);
    expect(run.result.elapsedMs).toBeLessThan(15_000); // no waiting on anything: generous for a busy machine
  });

  it('an Agent that comes up after the first export: probed again with back-off, the spans held meanwhile and delivered through it', async () => {
    // A free port, closed: the Agent is not there yet.
    const agent = await intake((r) => (r.path === '/info' ? agentInfo(true) : { status: 202 }));
    await agent.close();
    let reopening: Promise<void> | undefined;
    const run = await runApp(
      {
        spans: 3,
        ending: 'forceFlush',
        exporter: { agentUrl: agent.url, agentProbeTimeoutMillis: 500, exportTimeoutMillis: 20_000, retry: { initialBackoffMillis: 200, maxBackoffMillis: 1000, multiplier: 2 } },
      },
      // The Agent starts a second after the app found it missing.
      (stderr) => {
        if (reopening === undefined && stderr.includes('did not answer')) reopening = new Promise((resolve) => setTimeout(resolve, 1000)).then(() => agent.reopen());
      },
    );
    await reopening;
    servers.push(agent); // closed by afterEach
    expectCleanExit(run);
    expect(run.result.elapsedMs).toBeGreaterThanOrEqual(900); // it waited for the Agent
    expect(agent.requests.filter((r) => r.path === '/info').length).toBeGreaterThanOrEqual(1);
    expect(agent.posts.map((r) => r.path)).toEqual(['/evp_proxy/v2/api/v2/llmobs']);
    expect(eventCount(agent.posts[0]!)).toBe(3);
    expect(run.result.stats).toMatchObject({ sent: 3, dropped: {}, route: 'agent' });
    expect(run.stderr).toContain('did not answer');
  });

  it('an intake streaming an endless response: only a bounded prefix is read (memory stays flat), delivered, and the app exits', async () => {
    const server = await intake((_r, i) => ({ status: i === 0 ? 503 : 202, endless: true }));
    const run = await runApp({ spans: 3, ending: 'shutdown', exporter: { intakeUrl: server.url, apiKey: API_KEY, retry: RETRY } });
    expectCleanExit(run);
    expect(server.posts).toHaveLength(2);
    expect(run.result.stats).toMatchObject({ sent: 3, retries: 1, dropped: {} });
    // Reading the whole body grew an app from 140 MiB to over 1 GiB; a 4 KiB prefix costs nothing.
    expect(run.result.peakRss).toBeLessThan(400 * 1024 * 1024);
    // The client went away after its prefix: the intake did not stream on until a timeout.
    expect(server.streamedBytes).toBeLessThan(64 * 1024 * 1024);
  });

  it("mode 'immediate': the request starts when the span ends, not at the flush interval, and forceFlush awaits it", async () => {
    const server = await intake(() => ({ status: 202 }));
    const run = await runApp({
      spans: 2,
      mode: 'immediate',
      pauseMs: 3000, // the app keeps busy this long before it flushes: room for a slow first request on a busy machine
      ending: 'forceFlush',
      exporter: { intakeUrl: server.url, apiKey: API_KEY, flushIntervalMillis: 60_000 },
    });
    expectCleanExit(run);
    expect(delivered(server)).toBe(2);
    // Both requests arrived while the app was still busy, before it called forceFlush().
    for (const r of server.posts) expect(r.at).toBeLessThan(run.result.endingAt);
    expect(run.result.stats).toMatchObject({ sent: 2, dropped: {} });
  });
});
