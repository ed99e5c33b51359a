import type { FetchLike, FetchResponseLike } from '../internal/fetch-like.js';
import { globalFetch, runtimeFetch } from '../internal/fetch-like.js';
import { readBodyPrefix } from '../internal/read-body.js';
import { parseRetryAfter } from './retry-after.js';
import type { IntakeRequest, SendResult } from './send-result.js';
import type { RequestBody } from './request-body.js';
import { bodyText, runtimeFetchBody } from './request-body.js';
import { withTracingSuppressed } from '../internal/suppress-tracing.js';
import { setUnrefTimeout, settleWithin } from '../internal/timers.js';

/** One attempt: POST and classify. Never throws. */
export interface Transport {
  /** `signal`: aborts the attempt at once (shutdown). */
  send(request: IntakeRequest, timeoutMillis: number, signal?: AbortSignal): Promise<SendResult>;
}

/** Worth another try: rate limiting and transient server/gateway errors. */
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

/** Enough of an error body to say what went wrong, not enough to flood a log. */
const MAX_ERROR_BODY_CHARS = 300;

/** Most of a response body ever read (the rest is cancelled): the intake's answers are tiny. */
export const MAX_RESPONSE_BODY_BYTES = 4096;

/** An intake answer other than 2xx. The message names the status and URL, never a header. */
export class IntakeHttpError extends Error {
  readonly statusCode: number;
  constructor(statusCode: number, url: string, body: string) {
    super(`HTTP ${statusCode} from ${url}${body ? `: ${body}` : ''}`);
    this.name = 'IntakeHttpError';
    this.statusCode = statusCode;
  }
}

export interface FetchTransportOptions {
  fetch: FetchLike;
  /** Strings that must never appear in an error (the API key): replaced by `<redacted>`. */
  secrets?: readonly string[];
}

export function createFetchTransport(options: FetchTransportOptions): Transport {
  const secrets = (options.secrets ?? []).filter((s) => s.length > 0);
  const redact = (text: string): string => secrets.reduce((acc, secret) => acc.split(secret).join('<redacted>'), text);
  // The runtime's fetch takes a body in pieces (a Blob); a fetch passed in the options gets the string it is documented to get.
  const post: (url: string, headers: Record<string, string>, body: RequestBody, signal: AbortSignal) => Promise<FetchResponseLike> =
    options.fetch === globalFetch
      ? (url, headers, body, signal) => runtimeFetch(url, { method: 'POST', headers, body: runtimeFetchBody(body), signal })
      : (url, headers, body, signal) => options.fetch(url, { method: 'POST', headers, body: bodyText(body), signal });

  async function attempt(request: IntakeRequest, timeoutMillis: number, signal: AbortSignal | undefined): Promise<SendResult> {
    const controller = new AbortController();
    const timer = setUnrefTimeout(() => controller.abort(), timeoutMillis);
    const onAbort = (): void => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) controller.abort();
    try {
      // Instrumentations read the active context when fetch is *called*, so suppression must wrap the call.
      const response = await withTracingSuppressed(() => post(request.url, request.headers, request.body, controller.signal));
      const status = response.status;
      // Read a bounded prefix only (an endless body must not fill memory); a short body is read to
      // its end, which frees the connection for keep-alive.
      const { text } = await readBodyPrefix(response, MAX_RESPONSE_BODY_BYTES);
      if (status >= 200 && status < 300) return { status: 'success', statusCode: status };
      const error = new IntakeHttpError(status, request.url, redact(text.slice(0, MAX_ERROR_BODY_CHARS)));
      if (RETRYABLE_STATUS.has(status)) {
        return { status: 'retryable', error, statusCode: status, retryAfterMs: parseRetryAfter(response.headers.get('retry-after')) };
      }
      return { status: 'failure', error, statusCode: status };
    } catch (err) {
      let message: string;
      if (signal?.aborted) message = `request to ${request.url} cancelled by shutdown`;
      else if (controller.signal.aborted) message = `request to ${request.url} timed out after ${timeoutMillis} ms`;
      else message = `request to ${request.url} failed: ${redact(describeNetworkError(err))}`;
      return { status: 'retryable', error: new Error(message) };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  return {
    send(request, timeoutMillis, signal) {
      // A fetch that ignores its abort signal must not hold the export past its budget.
      return settleWithin(attempt(request, timeoutMillis, signal), timeoutMillis + 100, {
        status: 'retryable',
        error: new Error(`request to ${request.url} timed out after ${timeoutMillis} ms`),
      });
    },
  };
}

/** undici says `fetch failed` and puts the useful part (`ECONNREFUSED`, …) in `cause`. */
export function describeNetworkError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  const code = (cause as { code?: unknown } | undefined)?.code ?? (err as { code?: unknown }).code;
  const causeMessage = cause instanceof Error ? cause.message : undefined;
  let text = err.message;
  if (typeof code === 'string') text += ` (${code})`;
  else if (causeMessage) text += ` (${causeMessage})`;
  return text;
}
