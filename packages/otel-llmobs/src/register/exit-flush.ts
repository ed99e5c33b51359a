/**
 * Delivers what is pending when the process is on its way out, the moments a short script, a CLI or
 * a container stop would otherwise lose it:
 *
 * - `beforeExit` (the event loop ran dry): flush, if spans ended since the last flush. The flush
 *   holds the process (a ref'd timer) until it settles or `boundMillis` passes, then Node exits as it
 *   was going to (the next `beforeExit` finds nothing new).
 * - `SIGTERM` / `SIGINT`: flush within the bound. If the application listens for that signal
 *   itself, that is all (its handler decides when to exit, as it did before). If not, the signal is
 *   raised again once delivered, so the process ends the way it would have without us (killed by the
 *   signal: exit status 128 + its number); a second signal while flushing ends it at once.
 *
 * `process.exit()` cannot wait for anything: an app that calls it should `await llmobs.flush()` first.
 */
export interface ExitFlushOptions {
  flush(): Promise<void>;
  /** Whether anything ended since the last flush. */
  pending(): boolean;
  boundMillis: number;
}

type ProcessLike = Pick<NodeJS.Process, 'on' | 'removeListener' | 'listenerCount' | 'kill' | 'pid'>;

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

export function installExitFlush(options: ExitFlushOptions, proc: ProcessLike = process): void {
  let inFlight: Promise<void> | undefined;
  let stopping = false;

  const flushBounded = (): Promise<void> => {
    inFlight ??= new Promise<void>((resolve) => {
      // Ref'd on purpose: on the way out nothing else may hold the process while we deliver.
      const holder = setTimeout(done, options.boundMillis);
      function done(): void {
        clearTimeout(holder);
        inFlight = undefined;
        resolve();
      }
      options.flush().then(done, done);
    });
    return inFlight;
  };

  const reraise = (signal: NodeJS.Signals): void => {
    for (const s of SIGNALS) proc.removeListener(s, onSignal);
    proc.kill(proc.pid, signal);
  };

  function onSignal(signal: NodeJS.Signals): void {
    if (proc.listenerCount(signal) > 1) {
      void flushBounded(); // the app handles this signal: it decides when to exit
      return;
    }
    if (stopping) return reraise(signal);
    stopping = true;
    void flushBounded().then(() => reraise(signal));
  }

  proc.on('beforeExit', () => {
    if (inFlight === undefined && options.pending()) void flushBounded();
  });
  for (const signal of SIGNALS) proc.on(signal, onSignal);
}
