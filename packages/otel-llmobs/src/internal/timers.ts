/**
 * Timers that never keep the process alive: an exporter must not delay exit. `unref` exists in
 * Node, Deno and Bun; edge runtimes return a number and have no event loop to hold anyway.
 */
export function unrefTimer(timer: unknown): void {
  (timer as { unref?: () => void } | undefined)?.unref?.();
}

export function setUnrefTimeout(fn: () => void, ms: number): ReturnType<typeof setTimeout> {
  const timer = setTimeout(fn, ms);
  unrefTimer(timer);
  return timer;
}

/** Resolves after `ms` (never rejects), on an unref'd timer. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    setUnrefTimeout(resolve, Math.max(0, ms));
  });
}

/** Resolves with `value` when `promise` settles or when `ms` elapse, whichever is first; never rejects. */
export function settleWithin<T>(promise: Promise<T>, ms: number, value: T): Promise<T> {
  return new Promise((resolve) => {
    const timer = setUnrefTimeout(() => resolve(value), Math.max(0, ms));
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      () => {
        clearTimeout(timer);
        resolve(value);
      },
    );
  });
}
