// Limits every listening socket of the dev server and the gateway gets, so that slow or idle clients
// cannot hold the server: a deadline for the request headers (a client trickling a byte every few
// seconds), an idle timeout (a socket that connects and never sends), a keep-alive timeout, and a
// cap on open connections. At the cap, the oldest connection with no request in progress is closed
// to make room (idle sockets cannot lock everyone out); when every connection is busy, the new one
// is answered `503` with `Retry-After` and closed.
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionLimits {
  /** Longest time to receive a request's headers, from its first byte. Default 10 s. */
  headersTimeoutMs?: number;
  /** Longest time for a whole request (headers and body); the body readers answer 408 before it. Default 60 s. */
  requestTimeoutMs?: number;
  /** A socket with no traffic for this long is closed (a connection that never sends). Default 30 s. */
  idleTimeoutMs?: number;
  /** An idle keep-alive connection is closed after this long. Default 5 s. */
  keepAliveTimeoutMs?: number;
  /** Open connections at most. Default 512, or half the file-descriptor limit when that is lower (Linux). */
  maxConnections?: number;
}

export const CONNECTION_LIMIT_DEFAULTS: Required<ConnectionLimits> = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  idleTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 512,
};

export interface ConnectionStats {
  open: number;
  /** Idle connections closed to make room for a new one. */
  evicted: number;
  /** Connections refused (503) because every open one was busy. */
  refused: number;
}

export interface ConnectionGuard {
  stats(): ConnectionStats;
}

/** What a refused connection reads before it is closed: written raw, the request is never parsed. */
const BUSY_RESPONSE =
  'HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nRetry-After: 1\r\nConnection: close\r\nContent-Length: 42\r\n\r\nToo many open connections; retry shortly.\n';

/**
 * The process's soft limit on open files, where the system says (Linux: /proc/self/limits), else
 * `undefined`. Past it, `accept()` fails with EMFILE and every new client waits, whatever our cap.
 */
export function openFilesLimit(): number | undefined {
  try {
    const line = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return line ? Number(line[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The default cap: 512, but at most half the file-descriptor limit, leaving the rest to the
 * database, the UI's files and outgoing requests (`ulimit -n 256` gives 128).
 */
export function defaultMaxConnections(fdLimit = openFilesLimit()): number {
  return fdLimit === undefined ? CONNECTION_LIMIT_DEFAULTS.maxConnections : Math.max(8, Math.min(CONNECTION_LIMIT_DEFAULTS.maxConnections, Math.floor(fdLimit / 2)));
}

/** Checks the limits: numbers that would silently disable a timeout are a configuration error. */
export function resolveConnectionLimits(limits: ConnectionLimits = {}): Required<ConnectionLimits> {
  const out: Required<ConnectionLimits> = { ...CONNECTION_LIMIT_DEFAULTS, maxConnections: defaultMaxConnections() };
  for (const [key, value] of Object.entries(limits) as [keyof ConnectionLimits, number | undefined][]) if (value !== undefined) out[key] = value;
  for (const [key, value] of Object.entries(out)) {
    if (!Number.isInteger(value) || value < 1) throw new TypeError(`connection limits: ${key} must be a positive integer (got ${String(value)})`);
  }
  if (out.headersTimeoutMs > out.requestTimeoutMs) throw new TypeError('connection limits: headersTimeoutMs must not exceed requestTimeoutMs');
  return out;
}

/**
 * Applies `limits` to `server` (call before `listen`). Node's own `headersTimeout` and
 * `requestTimeout` are checked every `connectionsCheckingInterval` (30 s by default), too coarse for
 * a 10 s deadline, so the server must be created with `serverOptions(limits)`.
 */
export function limitConnections(server: Server, limits: Required<ConnectionLimits>): ConnectionGuard {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  // Node destroys a socket whose `timeout` fires when nothing listens on the server's 'timeout' event.
  server.timeout = limits.idleTimeoutMs;

  // Insertion order is connection age: the first idle one found is the oldest.
  const open = new Map<Socket, { active: number }>();
  let evicted = 0;
  let refused = 0;

  server.on('connection', (socket: Socket) => {
    if (open.size >= limits.maxConnections) {
      let victim: Socket | undefined;
      for (const [s, state] of open) {
        if (state.active === 0) {
          victim = s;
          break;
        }
      }
      if (victim) {
        evicted++;
        open.delete(victim);
        victim.destroy();
      } else {
        refused++;
        // Never parsed: answered and closed. An error on a socket we are closing is of no interest.
        socket.on('error', () => {});
        socket.end(BUSY_RESPONSE);
        socket.setTimeout(1_000, () => socket.destroy());
        return;
      }
    }
    open.set(socket, { active: 0 });
    socket.once('close', () => open.delete(socket));
  });
  server.on('request', (req, res) => {
    const state = open.get(req.socket);
    if (!state) return;
    state.active++;
    res.once('close', () => {
      state.active--;
    });
  });
  return { stats: () => ({ open: open.size, evicted, refused }) };
}

/** `createServer` options these limits need: deadlines checked every second, not every 30. */
export function serverOptions(limits: Required<ConnectionLimits>): { connectionsCheckingInterval: number; requestTimeout: number; headersTimeout: number } {
  return {
    connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs),
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout: limits.headersTimeoutMs,
  };
}
