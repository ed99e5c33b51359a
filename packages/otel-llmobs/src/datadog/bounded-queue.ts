/**
 * FIFO with two limits, item count and total bytes, so that neither many small events nor a few
 * huge ones can grow memory without bound while the intake is unreachable. O(1) push and shift.
 */
export class BoundedQueue<T> {
  #items: Array<T | undefined> = [];
  #sizes: number[] = [];
  #head = 0;
  #bytes = 0;

  constructor(
    readonly maxItems: number,
    readonly maxBytes: number,
  ) {}

  get length(): number {
    return this.#items.length - this.#head;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** Adds the item unless a limit would be exceeded; `false` means it was not added. */
  push(item: T, bytes: number): boolean {
    if (this.length >= this.maxItems || this.#bytes + bytes > this.maxBytes) return false;
    this.#items.push(item);
    this.#sizes.push(bytes);
    this.#bytes += bytes;
    return true;
  }

  /** Size of the next item, if any. */
  peekBytes(): number | undefined {
    return this.length > 0 ? this.#sizes[this.#head] : undefined;
  }

  shift(): T | undefined {
    if (this.length === 0) return undefined;
    const item = this.#items[this.#head];
    this.#bytes -= this.#sizes[this.#head] ?? 0;
    this.#items[this.#head] = undefined;
    this.#head++;
    // Compact now and then instead of `Array#shift` on every call.
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#sizes = this.#sizes.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }

  /** Empties the queue; returns how many items were removed. */
  clear(): number {
    const n = this.length;
    this.#items = [];
    this.#sizes = [];
    this.#head = 0;
    this.#bytes = 0;
    return n;
  }
}
