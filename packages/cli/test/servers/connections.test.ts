// Slow, idle and numerous clients against the real servers on 127.0.0.1: a header trickled a byte at
// a time, a socket that never sends, more sockets than the cap, hundreds of concurrent requests.
// The deadlines are short here (configured); the bounds the tests wait for are generous.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../src/dev/server.js';
import { DevStore } from '../../src/dev/store/dev-store.js';
import type { ConnectionLimits } from '../../src/server/connection-limits.js';
import { defaultMaxConnections, resolveConnectionLimits } from '../../src/server/connection-limits.js';
import { startGateway, type RunningGateway } from '../../src/gateway/gateway.js';
import { spanEvent, spanPayload } from '../helpers/payloads.js';
import { CapturingExporter, waitFor } from '../gateway/kit.js';

let dev: { server: DevServer; store: DevStore } | undefined;
let gateway: RunningGateway | undefined;
const sockets: Socket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  if (dev) {
    await dev.server.close(100);
    dev.store.close();
    dev = undefined;
  }
  await gateway?.close(100);
  gateway = undefined;
});

async function startDev(connections: ConnectionLimits): Promise<DevServer> {
  const store = new DevStore({ path: ':memory:' });
  const server = await startDevServer({ store, port: 0, connections });
  dev = { server, store };
  return server;
}

/** A raw socket to `url`, kept in `sockets` (destroyed after the test); resolves once connected. */
function open(url: string): Promise<{ socket: Socket; closed: Promise<number>; received: () => string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    sockets.push(socket);
    let data = '';
    socket.on('data', (d: Buffer) => (data += d.toString('latin1')));
    const opened = Date.now();
    const closed = new Promise<number>((done) => socket.once('close', () => done(Date.now() - opened)));
    socket.on('error', () => {});
    socket.once('connect', () => resolve({ socket, closed, received: () => data }));
    socket.once('error', reject);
  });
}

/** `promise`, or `fallback` after `ms` (the timer is cleared either way). */
async function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<T>((r) => (timer = setTimeout(() => r(fallback), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

async function postSpan(url: string, name: string): Promise<number> {
  const res = await fetch(`${url}/api/v2/llmobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: spanPayload(spanEvent({ name })) });
  await res.arrayBuffer();
  return res.status;
}

describe('connection limits', () => {
  it('refuses limits that would disable a deadline', () => {
    expect(() => resolveConnectionLimits({ headersTimeoutMs: 0 })).toThrow(TypeError);
    expect(() => resolveConnectionLimits({ maxConnections: 1.5 })).toThrow(/positive integer/);
    expect(() => resolveConnectionLimits({ headersTimeoutMs: 20_000, requestTimeoutMs: 10_000 })).toThrow(/must not exceed/);
  });

  it('closes a socket that connects and never sends, after the idle timeout', { timeout: 30_000 }, async () => {
    const server = await startDev({ idleTimeoutMs: 500, headersTimeoutMs: 400 });
    const { closed } = await open(server.url);
    const after = await closed;
    expect(after).toBeGreaterThanOrEqual(300);
    expect(after).toBeLessThan(20_000);
    expect(await postSpan(server.url, 'still-served')).toBe(202);
  });

  it('cuts a client trickling its headers a byte at a time, at the headers deadline', { timeout: 30_000 }, async () => {
    const server = await startDev({ headersTimeoutMs: 1_000, idleTimeoutMs: 10_000 });
    const { socket, closed, received } = await open(server.url);
    const header = 'GET /api/summary HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ' + 'a'.repeat(200);
    let i = 0;
    // A byte every 100 ms: never idle long enough for the idle timeout, far too slow for the headers one.
    const trickle = setInterval(() => {
      if (i < header.length && !socket.destroyed) socket.write(header[i++]!);
    }, 100);
    try {
      const after = await closed;
      expect(after).toBeLessThan(20_000);
      expect(i).toBeLessThan(header.length);
      // Node answers 408 before closing.
      expect(received()).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      clearInterval(trickle);
    }
    expect(await postSpan(server.url, 'still-served')).toBe(202);
  });

  it('at the connection cap, closes the oldest idle socket to let a new client in', { timeout: 30_000 }, async () => {
    const server = await startDev({ maxConnections: 20, idleTimeoutMs: 60_000, headersTimeoutMs: 30_000 });
    const idle = [];
    for (let i = 0; i < 60; i++) idle.push(await open(server.url));
    await waitFor(() => server.connections.stats().evicted >= 40, 10_000);
    expect(server.connections.stats().open).toBeLessThanOrEqual(20);
    // The first ones were closed; a real client still gets in (and is not itself evicted mid-request).
    expect(await within(idle[0]!.closed.then(() => 'closed'), 5_000, 'open')).toBe('closed');
    expect(await postSpan(server.url, 'gets-in')).toBe(202);
    expect(dev!.store.summary().spans).toBe(1);
  });

  it('when every connection is busy, answers the next one 503 with Retry-After', { timeout: 30_000 }, async () => {
    const server = await startDev({ maxConnections: 5, idleTimeoutMs: 60_000, headersTimeoutMs: 30_000 });
    // Five requests in progress: headers sent, body still coming.
    for (let i = 0; i < 5; i++) {
      const { socket } = await open(server.url);
      socket.write(`POST /api/v2/llmobs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n[`);
    }
    await waitFor(() => server.connections.stats().open === 5, 10_000);
    // Wait until the server has seen the five requests start (their handlers are reading bodies).
    await new Promise((r) => setTimeout(r, 200));
    const extra = await open(server.url);
    await extra.closed;
    expect(extra.received()).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
    expect(extra.received()).toMatch(/\r\nRetry-After: 1\r\n/);
    expect(server.connections.stats().refused).toBeGreaterThanOrEqual(1);
  });

  it('serves hundreds of concurrent connections: every request answered, every span stored', { timeout: 60_000 }, async () => {
    const server = await startDev({});
    const n = 300;
    const statuses = await Promise.all(Array.from({ length: n }, (_, i) => postSpan(server.url, `c${i}`)));
    expect(statuses.every((s) => s === 202)).toBe(true);
    expect(dev!.store.summary().spans).toBe(n);
  });

  it('the gateway serves hundreds of concurrent exports: every one answered, every span processed', { timeout: 60_000 }, async () => {
    const exporter = new CapturingExporter();
    gateway = await startGateway({ port: 0, exporter, buffer: { quietMs: 0, maxWaitMs: 500 } });
    const n = 300;
    const body = (i: number): string =>
      JSON.stringify({
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] },
            scopeSpans: [
              {
                spans: [
                  {
                    traceId: (i + 1).toString(16).padStart(32, '0'),
                    spanId: (i + 1).toString(16).padStart(16, '0'),
                    name: `chat ${i}`,
                    startTimeUnixNano: '1700000000000000000',
                    endTimeUnixNano: '1700000000100000000',
                    attributes: [{ key: 'gen_ai.operation.name', value: { stringValue: 'chat' } }],
                  },
                ],
              },
            ],
          },
        ],
      });
    const statuses = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const res = await fetch(`${gateway!.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(i) });
        await res.arrayBuffer();
        return res.status;
      }),
    );
    expect(statuses.every((s) => s === 200)).toBe(true);
    await waitFor(() => exporter.models().length === n, 30_000);
  });

  it('the gateway has the same limits', { timeout: 30_000 }, async () => {
    gateway = await startGateway({ port: 0, exporter: new CapturingExporter(), connections: { idleTimeoutMs: 500, headersTimeoutMs: 400, maxConnections: 10 } });
    const { closed } = await open(gateway.url);
    expect(await closed).toBeLessThan(20_000);
    for (let i = 0; i < 30; i++) await open(gateway.url);
    await waitFor(() => gateway!.stats().connections.evicted >= 20, 10_000);
    const health = await fetch(`${gateway.url}/healthz`);
    expect(health.status).toBe(200);
    await health.arrayBuffer();
  });
});

describe('the file-descriptor limit', () => {
  it('the default cap is half the limit, at most 512', () => {
    expect(defaultMaxConnections(256)).toBe(128);
    expect(defaultMaxConnections(20_000)).toBe(512);
    expect(defaultMaxConnections(undefined)).toBe(512);
    expect(defaultMaxConnections(4)).toBe(8);
  });

  const bin = resolve(import.meta.dirname, '../../dist/cli.js');
  it.skipIf(!existsSync(bin) || !existsSync('/proc/self/limits'))(
    'under `ulimit -n 200`, 400 idle sockets do not lock a client out of the built `otel-llmobs dev`',
    { timeout: 60_000 },
    async () => {
      const child = spawn('/bin/sh', ['-c', `ulimit -n 200 && exec "${process.execPath}" "${bin}" dev --port 0 --db :memory: --quiet`], { env: { ...process.env, NO_COLOR: '1' } });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise<number | null>((done) => child.on('close', done));
      try {
        const url = await waitFor(() => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1], 15_000);
        for (let i = 0; i < 400; i++) await open(url);
        // A real client gets in and is answered (the idle sockets were closed to make room).
        const status = await within(postSpan(url, 'gets-in'), 20_000, 0);
        expect(status).toBe(202);
        const summary = await fetch(`${url}/api/summary`);
        expect(((await summary.json()) as { spans: number }).spans).toBe(1);
      } finally {
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
      }
    },
  );
});
