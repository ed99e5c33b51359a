import { setUnrefTimeout } from './timers.js';

/** Run `fn` after the current task and its I/O (Node, Bun: setImmediate; elsewhere a 0 ms timer). Unref'd. */
export function scheduleSoon(fn: () => void): void {
  const immediate = (globalThis as { setImmediate?: (cb: () => void) => { unref?: () => void } }).setImmediate;
  if (typeof immediate === 'function') immediate(fn).unref?.();
  else setUnrefTimeout(fn, 0);
}
