/**
 * Keeps a metric attribute's cardinality bounded: the first `limit` distinct values pass, any later
 * one becomes `_OTHER` (the OTel fallback value), so a stream of ad-hoc model names or ml_apps
 * cannot grow the metric series without bound.
 */
export const OTHER_VALUE = '_OTHER';

export class BoundedValues {
  readonly #seen = new Set<string>();
  readonly #limit: number;
  readonly #onFirstOverflow: ((limit: number) => void) | undefined;
  #overflowed = false;

  constructor(limit: number, onFirstOverflow?: (limit: number) => void) {
    this.#limit = limit;
    this.#onFirstOverflow = onFirstOverflow;
  }

  admit(value: string): string {
    if (this.#seen.has(value)) return value;
    if (this.#seen.size < this.#limit) {
      this.#seen.add(value);
      return value;
    }
    if (!this.#overflowed) {
      this.#overflowed = true;
      this.#onFirstOverflow?.(this.#limit);
    }
    return OTHER_VALUE;
  }
}
