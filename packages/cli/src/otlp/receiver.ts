// The OTLP/HTTP trace receiver, `POST /v1/traces`: protobuf or JSON, gzip or not, under size and
// time limits, optionally behind a shared secret. Decoded requests go to a sink (the gateway's trace
// buffer, or the dev server's); the answer is OTLP's: an `ExportTraceServiceResponse` (with
// `partial_success` when spans were refused), or a `google.rpc.Status` with a 4xx/5xx.
//
// A bad request only costs itself: it is refused before anything reaches the sink, so buffered
// traces and other requests are unaffected.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Route } from '../server/router.js';
import { decodeTraceRequestJsonSteps } from './decode-json.js';
import { decodeTraceRequestProtobufSteps } from './decode-protobuf.js';
import { runSliced } from './sliced.js';
import type { DecodedTraceRequest } from './otlp-model.js';
import { countSpans, OtlpDecodeError } from './otlp-model.js';
import { readRequestBody } from '../server/read-body.js';
import type { OtlpEncoding } from './responses.js';
import { sendExportResponse, sendStatus } from './responses.js';

export const OTLP_TRACES_PATH = /\/v1\/traces/;
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
export const DEFAULT_BODY_TIMEOUT_MS = 30_000;
/** Header carrying the shared secret, besides `Authorization: Bearer <token>`. */
export const TOKEN_HEADER = 'x-otel-llmobs-token';

/** The receiver is full: the request is refused whole, retryable (`429`/`503` with `Retry-After`). */
export interface Overload {
  status: 429 | 503;
  retryAfterSeconds: number;
  message: string;
}

/** What a sink did with a request: took it (minus `rejectedSpans`), or took nothing because it is full. */
export interface SinkResult {
  rejectedSpans: number;
  errorMessage?: string;
  overload?: Overload;
}

/** Where decoded requests go. Synchronous: a request is answered once its spans are accepted (buffered), not processed. */
export interface OtlpSink {
  accept(decoded: DecodedTraceRequest): SinkResult;
}

export interface OtlpReceiverOptions {
  sink: OtlpSink;
  /** Most bytes of a request body, received and decompressed (default 16 MiB). */
  maxBodyBytes?: number;
  /** Longest time to receive a request body (default 30 s). */
  bodyTimeoutMs?: number;
  /** When set, requests must carry it (`Authorization: Bearer <token>` or `x-otel-llmobs-token`); compared in constant time. */
  authToken?: string;
  /** `false` while shutting down: requests get 503 (retryable) so a Collector sends them elsewhere. */
  isAccepting?: () => boolean;
  /** Checked before a body is read: when it answers, the request is refused with its status and `Retry-After`. */
  admission?: () => Overload | undefined;
  /** Called once per request, answered or refused (logs, stats). */
  onRequest?: (outcome: ReceiverOutcome) => void;
}

export interface ReceiverOutcome {
  status: number;
  encoding: OtlpEncoding;
  spans: number;
  rejectedSpans: number;
  /** Why the request (or some spans) were refused. */
  message?: string;
  wireBytes?: number;
}

export type OtlpHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export function createOtlpTracesHandler(options: OtlpReceiverOptions): OtlpHandler {
  const maxBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const timeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  const token = options.authToken !== undefined && options.authToken !== '' ? options.authToken : undefined;

  return async (req, res) => {
    const mediaType = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const encoding: OtlpEncoding | undefined =
      mediaType === 'application/x-protobuf' || mediaType === 'application/protobuf' ? 'protobuf' : mediaType === 'application/json' ? 'json' : undefined;
    const replyEncoding = encoding ?? 'json';
    const refuse = (status: number, message: string, headers: Record<string, string> = {}): void => {
      // The body was not (fully) read: close the connection rather than read the rest.
      sendStatus(res, status, replyEncoding, message, { connection: 'close', ...headers });
      options.onRequest?.({ status, encoding: replyEncoding, spans: 0, rejectedSpans: 0, message });
    };

    if (options.isAccepting && !options.isAccepting()) {
      refuse(503, 'shutting down', { 'retry-after': '1' });
      return;
    }
    if (token !== undefined && !hasToken(req, token)) {
      refuse(401, `missing or wrong token (send "Authorization: Bearer <token>" or "${TOKEN_HEADER}")`, { 'www-authenticate': 'Bearer' });
      return;
    }
    if (!encoding) {
      refuse(415, `unsupported Content-Type ${JSON.stringify(mediaType)}: send application/x-protobuf or application/json`);
      return;
    }
    const full = options.admission?.();
    if (full) {
      refuse(full.status, full.message, { 'retry-after': String(full.retryAfterSeconds) });
      return;
    }
    const body = await readRequestBody(req, { maxBytes, timeoutMs });
    if (!body.ok) {
      refuse(body.status, body.message);
      if (body.status === 408) res.once('finish', () => req.socket.destroy());
      return;
    }
    let decoded: DecodedTraceRequest;
    try {
      // In slices: a 16 MiB body takes long to decode, and other requests must be answered meanwhile.
      decoded = await runSliced(encoding === 'protobuf' ? decodeTraceRequestProtobufSteps(body.body) : decodeTraceRequestJsonSteps(body.body));
    } catch (err) {
      if (!(err instanceof OtlpDecodeError)) throw err;
      sendStatus(res, 400, encoding, err.message);
      options.onRequest?.({ status: 400, encoding, spans: 0, rejectedSpans: 0, message: err.message, wireBytes: body.wireBytes });
      return;
    }
    const accepted = options.sink.accept(decoded);
    if (accepted.overload) {
      const { status, message, retryAfterSeconds } = accepted.overload;
      sendStatus(res, status, encoding, message, { 'retry-after': String(retryAfterSeconds) });
      options.onRequest?.({ status, encoding, spans: countSpans(decoded.request), rejectedSpans: 0, message, wireBytes: body.wireBytes });
      return;
    }
    const rejectedSpans = decoded.rejectedSpans + accepted.rejectedSpans;
    const reasons = [...decoded.rejections, ...(accepted.errorMessage ? [accepted.errorMessage] : [])];
    const message = rejectedSpans > 0 ? `${rejectedSpans} span(s) rejected: ${reasons.join('; ')}` : '';
    sendExportResponse(res, encoding, rejectedSpans, message);
    options.onRequest?.({
      status: 200,
      encoding,
      spans: countSpans(decoded.request) + decoded.rejectedSpans,
      rejectedSpans,
      ...(message ? { message } : {}),
      wireBytes: body.wireBytes,
    });
  };
}

/** `POST /v1/traces` as a route of the dev server's table. */
export function otlpTracesRoute(options: OtlpReceiverOptions): Route {
  const handler = createOtlpTracesHandler(options);
  return { name: 'otlp.traces', method: 'POST', pattern: OTLP_TRACES_PATH, handler: ({ req, res }) => handler(req, res) };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * Whether the request carries `token` (`Authorization: Bearer <token>` or `x-otel-llmobs-token`).
 * Compared in constant time, on SHA-256 digests so that not even the length leaks.
 */
export function hasToken(req: IncomingMessage, token: string): boolean {
  const expected = digest(token);
  const header = req.headers.authorization;
  const bearer = typeof header === 'string' && /^bearer\s+/i.test(header) ? header.replace(/^bearer\s+/i, '').trim() : undefined;
  const custom = req.headers[TOKEN_HEADER];
  const presented = bearer ?? (typeof custom === 'string' ? custom.trim() : undefined);
  if (presented === undefined) return false;
  return timingSafeEqual(digest(presented), expected);
}
