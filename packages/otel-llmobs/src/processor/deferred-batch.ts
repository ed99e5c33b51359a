import { setUnrefTimeout } from '../internal/timers.js';

export interface DeferredBatchOptions<T> {
  /** Handles one item; whatever it throws is passed to `onError` and the batch goes on. */
  process: (item: T) => void;
  onError: (e: unknown) => void;
  /** The most items waiting; beyond it `add()` handles the oldest one on the spot. */
  maxPending: number;
  /** The most items handled per drain before yielding to I/O and timers. */
  maxPerDrain: number;
}

/**
 * Work taken from the application's thread: `add()` only remembers the item, and a drain after the
 * current task (`setImmediate`, unref'd, so it never holds the process) handles the items in the
 * order they came. A drain handles at most `maxPerDrain` and schedules the next, so that a burst of
 * ended spans does not hold the event loop. `drainNow()` handles everything at once (for
 * `forceFlush()` and `shutdown()`).
 *
 * Memory is bounded: when `maxPending` items already wait (the application ends spans faster than
 * drains run, or one task ends thousands), `add()` handles the oldest before returning instead of
 * dropping it: nothing is lost, and the cost is what `span.end()` paid before the batch existed.
 */
export class DeferredBatch<T> {
  readonly #options: DeferredBatchOptions<T>;
  /** Items from `#head` on wait (an index, not `shift()`: O(1) per item). */
  #items: T[] = [];
  #head = 0;
  #scheduled = false;
  #handledInline = 0;
  readonly #drainSoon = (): void => {
    this.#scheduled = false;
    const handled = this.#drain(this.#options.maxPerDrain);
    // Still busy: stay scheduled for the next turn, so that the next add() finds a drain already
    // on its way. Scheduling is the first call into the runtime after a drain and pays for what
    // V8 left pending during it (~15 µs at p50 on a loaded machine); an add() should not. One idle
    // turn ends it.
    if (handled > 0 && !this.#scheduled) {
      this.#scheduled = true;
      scheduleAfterCurrentTask(this.#drainSoon);
    }
  };

  constructor(options: DeferredBatchOptions<T>) {
    this.#options = options;
  }

  /** Items waiting. */
  get pending(): number {
    return this.#items.length - this.#head;
  }

  /** Items handled inside `add()` because `maxPending` were already waiting. */
  get handledInline(): number {
    return this.#handledInline;
  }

  add(item: T): void {
    if (this.pending >= this.#options.maxPending) {
      this.#handledInline++;
      this.#drain(1);
    }
    this.#items.push(item);
    if (!this.#scheduled) {
      this.#scheduled = true;
      scheduleAfterCurrentTask(this.#drainSoon);
    }
  }

  /** Handles every waiting item now, including any added while handling. */
  drainNow(): void {
    this.#drain(Number.POSITIVE_INFINITY);
  }

  #drain(budget: number): number {
    let handled = 0;
    while (this.#head < this.#items.length && handled < budget) {
      const item = this.#items[this.#head] as T;
      this.#items[this.#head] = undefined as T; // let the span go as soon as it is handled
      this.#head++;
      handled++;
      try {
        this.#options.process(item);
      } catch (e) {
        this.#options.onError(e);
      }
    }
    if (this.#head >= this.#items.length) {
      this.#items = [];
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    if (this.pending > 0 && !this.#scheduled) {
      this.#scheduled = true;
      scheduleAfterCurrentTask(this.#drainSoon);
    }
    return handled;
  }
}

/** Node, Bun, Deno: `setImmediate` (after the current task and its I/O); elsewhere a 0 ms timer. Unref'd. */
function scheduleAfterCurrentTask(fn: () => void): void {
  const immediate = (globalThis as { setImmediate?: (cb: () => void) => { unref?: () => void } }).setImmediate;
  if (typeof immediate === 'function') immediate(fn).unref?.();
  else setUnrefTimeout(fn, 0);
}
