// Slow, idle and numerous clients against the real servers on 127.0.0.1: a header trickled a byte at
// a time, a socket that never sends, more sockets than the cap, hundreds of concurrent requests.
// The deadlines are short here (configured); the bounds the tests wait for are generous.
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../src/dev/server.js';
import { DevStore } from '../../src/dev/store/dev-store.js';
import type { ConnectionLimits } from '../../src/server/connection-limits.js';
import { resolveConnectionLimits } from '../../src/server/connection-limits.js';
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
    expect(await Promise.race([idle[0]!.closed.then(() => 'closed'), new Promise((r) => setTimeout(() => r('open'), 5_000))])).toBe('closed');
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
