import type { RetryOptions } from '../config/datadog-transport-config.js';
import type { Transport } from './fetch-transport.js';
import type { IntakeRequest, SendResult } from './send-result.js';
import { sleep } from '../internal/timers.js';

/** Sends with retries until success, a non-retryable answer, or the deadline. Never throws. */
export interface RetryingTransport {
  /** `deadline`: epoch milliseconds after which no attempt is started and no retry is waited for. */
  send(request: IntakeRequest, deadline: number): Promise<SendResult>;
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
 * Exponential backoff with full jitter (AWS architecture blog: spreads a fleet's retries best),
 * capped at `maxBackoffMillis`; a `Retry-After` from the intake replaces the computed delay. When the
 * next attempt could not start before the deadline we stop at once rather than sleep for nothing.
 */
export function createRetryingTransport(options: RetryingTransportOptions): RetryingTransport {
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const { initialBackoffMillis, maxBackoffMillis, multiplier } = options.retry;

  return {
    async send(request, deadline) {
      for (let attempt = 0; ; attempt++) {
        const remaining = deadline - now();
        if (remaining <= 0) {
          return { status: 'retryable', error: new Error('export deadline reached before the request could be sent') };
        }
        const result = await options.transport.send(request, Math.min(options.requestTimeoutMillis, remaining));
        if (result.status !== 'retryable') return result;
        const ceiling = Math.min(maxBackoffMillis, initialBackoffMillis * multiplier ** attempt);
        const delay = result.retryAfterMs ?? random() * ceiling;
        if (now() + delay >= deadline) return result;
        options.onRetry?.(result);
        await sleep(delay);
      }
    },
  };
}
