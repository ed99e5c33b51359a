import type { RetryOptions } from '../config/datadog-transport-config.js';
import { sleepUnlessAborted } from '../internal/abortable-sleep.js';
import type { Transport } from './fetch-transport.js';
import type { IntakeRequest, SendResult } from './send-result.js';

/** Sends with retries until success, a non-retryable answer, the attempt cap or the deadline. Never throws. */
export interface RetryingTransport {
  /**
   * `deadline`: epoch milliseconds after which no attempt is started and no retry is waited for.
   * `signal`: stops at once (shutdown), with the last result.
   */
  send(request: IntakeRequest, deadline: number, signal?: AbortSignal): Promise<SendResult>;
}

export interface RetryingTransportOptions {
  transport: Transport;
  retry: Required<RetryOptions>;
  /** Upper bound of one attempt; the time left before the deadline bounds it too. */
  requestTimeoutMillis: number;
  /** Called before each retry (for the `retries` counter). */
  onRetry?: (result: SendResult) => void;
  /** Injectable for tests. */
  random?: () => number;
  now?: () => number;
}

/**
 * A jittered back-off: between half and all of `ceiling`. Half at least, so that a retry never
 * comes right away (full jitter could draw ~0 ms, and with `Retry-After: 0` a batch once made
 * hundreds of requests a second); the random half still spreads a fleet's retries.
 */
export function jitteredBackoff(ceiling: number, random: () => number): number {
  return ceiling / 2 + random() * (ceiling / 2);
}

/**
 * Exponential back-off, capped at `maxBackoffMillis`, at most `maxAttempts` attempts. A
 * `Retry-After` is a floor, never a shortcut: the wait is the longer of it and the back-off, and
 * until it has passed no request of this transport starts (another batch included), so we never
 * go faster than the intake asks. When the next attempt could not start before the deadline we
 * stop at once rather than sleep for nothing.
 */
export function createRetryingTransport(options: RetryingTransportOptions): RetryingTransport {
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const { initialBackoffMillis, maxBackoffMillis, multiplier, maxAttempts } = options.retry;
  // Shared by every send: the earliest time the intake said it would take another request.
  let notBefore = 0;

  return {
    async send(request, deadline, signal) {
      let last: SendResult | undefined;
      for (let attempt = 0; attempt < maxAttempts; attempt++) {
        const wait = notBefore - now();
        if (wait > 0) {
          if (now() + wait >= deadline) return last ?? { status: 'retryable', error: new Error('the intake asked to wait (Retry-After) past the export deadline') };
          await sleepUnlessAborted(wait, signal);
        }
        if (signal?.aborted) return last ?? { status: 'retryable', error: new Error('cancelled by shutdown') };
        const remaining = deadline - now();
        if (remaining <= 0) {
          return last ?? { status: 'retryable', error: new Error('export deadline reached before the request could be sent') };
        }
        const result = await options.transport.send(request, Math.min(options.requestTimeoutMillis, remaining), signal);
        if (result.status !== 'retryable') return result;
        last = result;
        if (attempt + 1 >= maxAttempts || signal?.aborted) break;
        const ceiling = Math.min(maxBackoffMillis, initialBackoffMillis * multiplier ** attempt);
        const delay = Math.max(result.retryAfterMs ?? 0, jitteredBackoff(ceiling, random));
        if (result.retryAfterMs !== undefined) notBefore = Math.max(notBefore, now() + result.retryAfterMs);
        if (now() + delay >= deadline) return result;
        options.onRetry?.(result);
        await sleepUnlessAborted(delay, signal);
      }
      return last ?? { status: 'retryable', error: new Error('no attempt made') };
    },
  };
}
