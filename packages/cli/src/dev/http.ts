// Small HTTP helpers for the dev server's routes: reading a (possibly gzipped) body under a size cap,
// and answering JSON.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync, inflateSync } from 'node:zlib';

/** Bodies past this many bytes (compressed or not) are not read at all: the connection is closed. */
export const HARD_BODY_LIMIT = 64 * 1024 * 1024;

export type BodyResult =
  | { ok: true; body: Buffer }
  | { ok: false; status: 400 | 413; message: string };

export async function readBody(req: IncomingMessage, limit = HARD_BODY_LIMIT): Promise<BodyResult> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.destroy();
      return { ok: false, status: 413, message: `Request body over ${limit} bytes.` };
    }
    chunks.push(chunk);
  }
  const raw = Buffer.concat(chunks);
  const encoding = String(req.headers['content-encoding'] ?? '').toLowerCase().trim();
  // gzip by header, or by its magic bytes (some clients compress without saying so).
  const gzipped = encoding === 'gzip' || encoding === 'x-gzip' || (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b);
  try {
    if (gzipped) return { ok: true, body: gunzipSync(raw, { maxOutputLength: limit }) };
    if (encoding === 'deflate') return { ok: true, body: inflateSync(raw, { maxOutputLength: limit }) };
  } catch (err) {
    const tooBig = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
    return tooBig
      ? { ok: false, status: 413, message: `Decompressed request body over ${limit} bytes.` }
      : { ok: false, status: 400, message: `The body could not be decompressed (${encoding || 'gzip'}): ${(err as Error).message}` };
  }
  if (encoding !== '' && encoding !== 'identity') {
    return { ok: false, status: 400, message: `Unsupported Content-Encoding ${JSON.stringify(encoding)} (gzip and deflate are).` };
  }
  return { ok: true, body: raw };
}

/** Read and discard a body (ignored agent endpoints), so keep-alive connections stay usable. */
export async function drain(req: IncomingMessage): Promise<void> {
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > HARD_BODY_LIMIT) {
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
