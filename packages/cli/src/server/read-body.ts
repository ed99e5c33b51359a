// Reading a request body safely (the OTLP receiver, the dev intake): a cap on the bytes received and
// on the bytes after decompression (a gzip bomb stops at the cap, it is never inflated whole), a
// deadline for the whole body (a client that trickles bytes does not hold a request open), and only
// the content codings OTLP exporters and Datadog tracers use.
import type { IncomingMessage } from 'node:http';
import type { Transform } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';

export type BodyResult = { ok: true; body: Buffer; wireBytes: number } | { ok: false; status: 400 | 408 | 413 | 415; message: string };

export interface ReadBodyOptions {
  /** Most bytes, received and after decompression. */
  maxBytes: number;
  /** Longest time to receive the whole body. */
  timeoutMs: number;
}

const CODINGS = new Set(['', 'identity', 'gzip', 'x-gzip', 'deflate']);

export function readRequestBody(req: IncomingMessage, options: ReadBodyOptions): Promise<BodyResult> {
  const coding = String(req.headers['content-encoding'] ?? '').toLowerCase().trim();
  if (!CODINGS.has(coding)) {
    return Promise.resolve({ ok: false, status: 415, message: `unsupported Content-Encoding ${JSON.stringify(coding)} (gzip, deflate and identity are)` });
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    return Promise.resolve({ ok: false, status: 413, message: `request body of ${declared} bytes is over the limit of ${options.maxBytes} bytes` });
  }
  const decoder: Transform | undefined = coding === 'gzip' || coding === 'x-gzip' ? createGunzip() : coding === 'deflate' ? createInflate() : undefined;
  const output = decoder ?? req;

  return new Promise<BodyResult>((resolve) => {
    const chunks: Buffer[] = [];
    let wireBytes = 0;
    let bodyBytes = 0;
    let settled = false;
    const finish = (result: BodyResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.off('data', onWire);
      req.off('aborted', onAborted);
      req.off('error', onAborted);
      output.off('data', onBody);
      output.off('end', onEnd);
      output.off('error', onError);
      if (!result.ok) {
        if (decoder) {
          req.unpipe(decoder);
          decoder.destroy();
        }
        req.pause();
      }
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, status: 408, message: `request body not received within ${options.timeoutMs} ms` }), options.timeoutMs);
    timer.unref();
    const onWire = (chunk: Buffer): void => {
      wireBytes += chunk.length;
      if (wireBytes > options.maxBytes) finish({ ok: false, status: 413, message: `request body over the limit of ${options.maxBytes} bytes` });
    };
    const onBody = (chunk: Buffer): void => {
      bodyBytes += chunk.length;
      if (bodyBytes > options.maxBytes) {
        finish({ ok: false, status: 413, message: `decompressed request body over the limit of ${options.maxBytes} bytes` });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => finish({ ok: true, body: Buffer.concat(chunks, bodyBytes), wireBytes });
    const onError = (err: Error): void =>
      finish({ ok: false, status: 400, message: decoder ? `the body could not be decompressed (${coding}): ${err.message}` : `request body: ${err.message}` });
    const onAborted = (): void => finish({ ok: false, status: 400, message: 'the client aborted the request' });
    if (decoder) {
      req.on('data', onWire);
      req.on('error', onAborted);
    }
    req.on('aborted', onAborted);
    output.on('data', onBody);
    output.on('end', onEnd);
    output.on('error', onError);
    if (decoder) req.pipe(decoder);
  });
}
