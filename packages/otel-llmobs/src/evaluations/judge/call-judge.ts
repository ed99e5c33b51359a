import { setUnrefTimeout } from '../../internal/timers.js';
import type { JudgeCompletion, JudgeRequest } from '../types.js';
import type { JudgeAdapter, JudgeAttempt, JudgeErrorKind } from './judge-attempt.js';

export interface JudgeCallSettings {
  timeoutMillis: number;
  maxRetries: number;
  /** For tests: the jitter source. */
  random?: () => number;
}

export type JudgeCallResult =
  | { ok: true; completion: JudgeCompletion; latencyMs: number }
  | { ok: false; error: JudgeErrorKind; detail: string; latencyMs: number };

const BASE_BACKOFF_MS = 500;
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * One judge call with its retries (spec §2.3): each attempt bounded by `timeoutMillis` (even a
 * custom judge that ignores its signal), retries on 408/409/429/5xx and network errors with full
 * jitter or the server's `Retry-After` (≤ 60 s), none on other 4xx or unusable answers. A refused
 * structured-output mode falls back to the next one at once. `stop` (shutdown) ends everything.
 * Never rejects.
 */
export async function callJudge(adapter: JudgeAdapter, request: Omit<JudgeRequest, 'signal'>, settings: JudgeCallSettings, stop: AbortSignal): Promise<JudgeCallResult> {
  const started = Date.now();
  const random = settings.random ?? Math.random;
  let retries = 0;
  for (;;) {
    if (stop.aborted) return { ok: false, error: 'cancelled', detail: 'shut down', latencyMs: Date.now() - started };
    const attempt = await attemptWithin(adapter, request, settings.timeoutMillis, stop);
    if (attempt.ok) return { ok: true, completion: attempt.completion, latencyMs: Date.now() - started };
    if (attempt.structuredOutputRefused === true && adapter.degrade?.() === true) continue;
    if (stop.aborted) return { ok: false, error: 'cancelled', detail: 'shut down', latencyMs: Date.now() - started };
    if (!attempt.retryable || retries >= settings.maxRetries) return { ok: false, error: attempt.error, detail: attempt.detail, latencyMs: Date.now() - started };
    const backoff = attempt.retryAfterMs !== undefined ? Math.min(attempt.retryAfterMs, MAX_RETRY_AFTER_MS) : random() * BASE_BACKOFF_MS * 2 ** retries;
    retries++;
    await sleepUnless(backoff, stop);
  }
}

async function attemptWithin(adapter: JudgeAdapter, request: Omit<JudgeRequest, 'signal'>, timeoutMillis: number, stop: AbortSignal): Promise<JudgeAttempt> {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  const timer = setUnrefTimeout(abort, timeoutMillis);
  stop.addEventListener('abort', abort, { once: true });
  try {
    const aborted = new Promise<JudgeAttempt>((resolve) => {
      controller.signal.addEventListener(
        'abort',
        () => resolve(stop.aborted ? { ok: false, error: 'cancelled', retryable: false, detail: 'shut down' } : { ok: false, error: 'timeout', retryable: true, detail: `no answer in ${timeoutMillis} ms` }),
        { once: true },
      );
    });
    let call: Promise<JudgeAttempt>;
    try {
      call = adapter.attempt({ ...request, signal: controller.signal });
    } catch (e) {
      call = Promise.resolve({ ok: false, error: 'custom_error', retryable: false, detail: e instanceof Error ? e.message : String(e) });
    }
    // The attempt may settle after the race is lost: its result is ignored, its rejection is handled.
    call = call.catch((e: unknown) => ({ ok: false, error: 'network', retryable: true, detail: e instanceof Error ? e.message : String(e) }));
    return await Promise.race([call, aborted]);
  } finally {
    clearTimeout(timer);
    stop.removeEventListener('abort', abort);
    controller.abort();
  }
}

function sleepUnless(ms: number, stop: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      stop.removeEventListener('abort', done);
      resolve();
    };
    const timer = setUnrefTimeout(done, ms);
    stop.addEventListener('abort', done, { once: true });
  });
}
