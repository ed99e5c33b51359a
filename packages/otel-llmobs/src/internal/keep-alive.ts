/**
 * While the application awaits `forceFlush()` or `shutdown()`, the work they wait for (a request in
 * flight, a retry back-off on an unref'd timer) must keep the process alive, or Node exits with the
 * flush pending and the data is lost. One ref'd timer, set to the flush's own bound, does that; it
 * is cleared as soon as the flush settles, so it never delays exit by more than the work itself.
 * Edge runtimes have no event loop to hold: the timer is harmless there.
 */
export function keepProcessAliveDuring<T>(work: Promise<T>, boundMillis: number): Promise<T> {
  const timer = setTimeout(noop, Math.max(0, boundMillis));
  const release = (): void => clearTimeout(timer);
  work.then(release, release);
  return work;
}

function noop(): void {}
