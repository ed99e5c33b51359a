import type { DiagLogger } from '@opentelemetry/api';
import { keepProcessAliveDuring } from '../internal/keep-alive.js';
import { settleWithin } from '../internal/timers.js';
import { errorMessage } from '../internal/error-message.js';

/**
 * Runs `work` (a flush or a shutdown of the downstream) within `timeoutMillis`, holding the process
 * open meanwhile (the timers and sockets it waits on are unref'd, and an app that awaits it before
 * exiting must not lose it), and never rejects: a downstream that hangs or throws costs the app a
 * warning, not a stall.
 */
export function boundedWait(what: string, work: () => Promise<void>, timeoutMillis: number, logger: DiagLogger): Promise<void> {
  const run = work().then(
    () => 'done' as const,
    (e: unknown) => {
      logger.warn(`${what} failed: ${errorMessage(e)}`);
      return 'done' as const;
    },
  );
  const bounded = settleWithin(run, timeoutMillis, 'timed_out' as const).then((outcome) => {
    if (outcome === 'timed_out') logger.warn(`${what} did not finish within flushTimeoutMillis (${timeoutMillis} ms); continuing without it`);
  });
  return keepProcessAliveDuring(bounded, timeoutMillis + 100);
}
