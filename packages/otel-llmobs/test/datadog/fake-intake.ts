import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** Parsed JSON body (undefined when empty). */
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  at: number;
}

/**
 * What the fake answers: a status (+ headers/body), or misbehaviour: `hang` (never answers),
 * `reset` (destroys the socket once the body is in), `{ status, endless: true }` (a body that never
 * ends: 16 KiB chunks as fast as the client reads, until it goes away).
 */
export type Answer = { status: number; headers?: Record<string, string>; body?: string; endless?: boolean } | 'hang' | 'reset';
export type Responder = (request: CapturedRequest, index: number) => Answer;

/**
 * A Datadog intake / Agent double on 127.0.0.1 (ephemeral port) that records every request and
 * answers from a programmable responder: 202 by default.
 */
export class FakeIntake {
  readonly requests: CapturedRequest[] = [];
  /** Bytes written by `endless` answers so far. */
  streamedBytes = 0;
  respond: Responder = () => ({ status: 202, body: '{}' });
  #server: Server | undefined;
  #port = 0;
  #hanging = new Set<ServerResponse>();

  static async start(respond?: Responder): Promise<FakeIntake> {
    const intake = new FakeIntake();
    if (respond) intake.respond = respond;
    await intake.listen(0);
    return intake;
  }

  get port(): number {
    return this.#port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** Requests other than the Agent probe. */
  get posts(): CapturedRequest[] {
    return this.requests.filter((r) => r.method === 'POST');
  }

  listen(port: number): Promise<void> {
    const server = createServer((req, res) => this.#handle(req, res));
    this.#server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        this.#port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  /** Stops listening and cuts every connection (keep-alive and hanging ones included). */
  close(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const res of this.#hanging) res.destroy();
    this.#hanging.clear();
    if (!server) return Promise.resolve();
    return new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** Listens again on the same port (an intake back from an outage). */
  reopen(): Promise<void> {
    return this.listen(this.#port);
  }

  #stream(res: ServerResponse): void {
    this.#hanging.add(res);
    const pump = (): void => {
      while (!res.destroyed && !res.writableEnded) {
        this.streamedBytes += CHUNK.length;
        if (!res.write(CHUNK)) {
          res.once('drain', pump);
          return;
        }
      }
    };
    res.on('close', () => this.#hanging.delete(res));
    pump();
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = body ? JSON.parse(body) : undefined;
      } catch {
        json = undefined;
      }
      const captured: CapturedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, json, at: Date.now() };
      this.requests.push(captured);
      const answer = this.respond(captured, this.requests.length - 1);
      if (answer === 'hang') {
        this.#hanging.add(res);
        return;
      }
      if (answer === 'reset') {
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      if (answer.endless === true) {
        this.#stream(res);
        return;
      }
      res.end(answer.body ?? '{}');
    });
  }
}

/** Module-level so that the chunk is allocated once. */
const CHUNK = Buffer.alloc(16 * 1024, 'x');

/** An Agent `/info` answer; `evp: false` lists no EVP proxy. */
export function agentInfo(evp: boolean): Answer {
  const endpoints = ['/v0.4/traces', '/v0.5/traces', '/info'];
  if (evp) endpoints.push('/evp_proxy/v2/', '/evp_proxy/v3/');
  return { status: 200, body: JSON.stringify({ version: '7.60.0', endpoints }) };
}

/** Number of span events in a span request body. */
export const eventCount = (r: CapturedRequest): number => (Array.isArray(r.json) ? (r.json as unknown[]).length : 0);
