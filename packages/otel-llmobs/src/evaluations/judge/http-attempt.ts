import type { FetchLike, FetchResponseLike } from '../../internal/fetch-like.js';
import { parseRetryAfter } from '../../datadog/retry-after.js';
import type { JudgeAttempt } from './judge-attempt.js';

const RETRYABLE_STATUS = new Set([408, 409, 429]);
/** Bodies we keep for a log line; a judge error body can be large. */
const DETAIL_CHARS = 200;

/** POSTs a JSON body and hands a 200's parsed JSON to `read`; every failure becomes a `JudgeAttempt` error. */
export async function postJudge(
  fetch: FetchLike,
  url: string,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal | undefined,
  read: (json: unknown) => JudgeAttempt,
  structuredOutputWords: RegExp,
): Promise<JudgeAttempt> {
  let response: FetchResponseLike;
  try {
    const init = { method: 'POST' as const, headers: { 'content-type': 'application/json', ...headers }, body };
    response = await fetch(url, signal ? { ...init, signal } : init);
  } catch (e) {
    const aborted = signal?.aborted === true;
    return { ok: false, error: aborted ? 'timeout' : 'network', retryable: true, detail: aborted ? 'no answer in time' : errorMessage(e) };
  }
  let text: string;
  try {
    text = await response.text();
  } catch (e) {
    const aborted = signal?.aborted === true;
    return { ok: false, error: aborted ? 'timeout' : 'network', retryable: true, detail: `reading the answer: ${errorMessage(e)}` };
  }
  const status = response.status;
  if (status >= 200 && status < 300) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { ok: false, error: 'bad_response', retryable: false, detail: `HTTP ${status} body is not JSON: ${text.slice(0, DETAIL_CHARS)}` };
    }
    return read(json);
  }
  const detail = `HTTP ${status}: ${text.slice(0, DETAIL_CHARS)}`;
  if (status === 429 || RETRYABLE_STATUS.has(status) || status >= 500) {
    const retryAfterMs = retryAfter(response);
    const failure: JudgeAttempt = { ok: false, error: status === 429 ? 'rate_limited' : 'server_error', retryable: true, detail };
    if (retryAfterMs !== undefined) failure.retryAfterMs = retryAfterMs;
    return failure;
  }
  if (status === 401 || status === 403) return { ok: false, error: 'auth', retryable: false, detail };
  return { ok: false, error: 'rejected', retryable: false, detail, structuredOutputRefused: status === 400 && structuredOutputWords.test(text) };
}

/** `retry-after-ms` (OpenAI, Azure) first, then `Retry-After`. */
function retryAfter(response: FetchResponseLike): number | undefined {
  const ms = Number(response.headers.get('retry-after-ms'));
  if (response.headers.get('retry-after-ms') !== null && Number.isFinite(ms) && ms >= 0) return ms;
  return parseRetryAfter(response.headers.get('retry-after'));
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as { cause?: unknown }).cause;
    return cause instanceof Error ? `${e.message} (${cause.message})` : e.message;
  }
  return String(e);
}

/** A JSON object's property, or `undefined`. */
export function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

export function numberField(value: unknown, key: string): number | undefined {
  const v = field(value, key);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
