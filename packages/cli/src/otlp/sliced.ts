// Long decoding work in steps, so a large request does not hold the event loop for seconds: a
// decoder is a generator that yields between spans; `runSliced` runs it in slices of a few
// milliseconds and lets other requests (health checks, small exports) through in between.
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Work that yields (nothing) at points where it may pause, and returns `T`. */
export type Steps<T> = Generator<void, T, void>;

/** Runs `steps` to the end now (tests, small inputs). */
export function runNow<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Runs `steps`, giving the event loop a turn whenever a slice of `sliceMs` is used up. */
export async function runSliced<T>(steps: Steps<T>, sliceMs = 10): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await nextTurn();
      sliceStart = performance.now();
    }
  }
}
