// Small HTTP helpers for the dev server's routes and the gateway: answering JSON or text, and
// discarding a body.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** An ignored body is read (and discarded) up to this many bytes; past it, the connection is closed. */
const DRAIN_LIMIT = 64 * 1024 * 1024;

/** Read and discard a body (ignored agent endpoints), so keep-alive connections stay usable. */
export async function drain(req: IncomingMessage): Promise<void> {
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > DRAIN_LIMIT) {
      req.destroy();
      return;
    }
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string, contentType = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}
