/**
 * Async work the processor started and `forceFlush()` must wait for (an async user hook, an export
 * in flight): each promise is kept until it settles (langfuse's pattern). Never rejects.
 */
export class PendingWork {
  readonly #pending = new Set<Promise<void>>();

  get size(): number {
    return this.#pending.size;
  }

  track(promise: Promise<unknown>): void {
    const tracked = promise.then(
      () => undefined,
      () => undefined,
    );
    this.#pending.add(tracked);
    void tracked.then(() => this.#pending.delete(tracked));
  }

  /** Settles once nothing is pending, including work started by the work awaited (a hook that exports). */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }
}
