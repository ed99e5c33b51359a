/**
 * The judge budget (spec §2.3): calls per minute as a token bucket, tokens per hour reserved
 * before a call (text/4 + the output limit) and settled to the real usage after. Work over budget
 * is dropped, never delayed without bound.
 */
export interface BudgetSettings {
  maxCallsPerMinute: number;
  maxTokensPerHour: number;
  now: () => number;
}

export type BudgetDecision = { ok: true; reservation: number } | { ok: false };

const MINUTE = 60_000;
const HOUR = 3_600_000;

export class JudgeBudget {
  readonly #settings: BudgetSettings;
  #calls: number;
  #callsAt: number;
  #tokensUsed = 0;
  #hourStartedAt: number;

  constructor(settings: BudgetSettings) {
    this.#settings = settings;
    this.#calls = settings.maxCallsPerMinute;
    this.#callsAt = settings.now();
    this.#hourStartedAt = this.#callsAt;
  }

  /** Takes one call and reserves `estimatedTokens`, or says no (and takes nothing). */
  take(estimatedTokens: number): BudgetDecision {
    const now = this.#settings.now();
    const { maxCallsPerMinute, maxTokensPerHour } = this.#settings;
    this.#calls = Math.min(maxCallsPerMinute, this.#calls + ((now - this.#callsAt) * maxCallsPerMinute) / MINUTE);
    this.#callsAt = now;
    if (now - this.#hourStartedAt >= HOUR) {
      this.#hourStartedAt = now;
      this.#tokensUsed = 0;
    }
    if (this.#calls < 1 || this.#tokensUsed + estimatedTokens > maxTokensPerHour) return { ok: false };
    this.#calls -= 1;
    this.#tokensUsed += estimatedTokens;
    return { ok: true, reservation: estimatedTokens };
  }

  /** Replaces a reservation by what the call really used (0 when it failed before any usage). */
  settle(reservation: number, usedTokens: number): void {
    this.#tokensUsed = Math.max(0, this.#tokensUsed - reservation + usedTokens);
  }
}

/**
 * After `threshold` consecutive failed judge calls, no call for `pauseMillis`; then one probe
 * decides: success closes the breaker, failure pauses again. Only judge calls stop: results that
 * need no judge are still submitted.
 */
export class CircuitBreaker {
  readonly #threshold: number;
  readonly #pauseMillis: number;
  readonly #now: () => number;
  #failures = 0;
  #openUntil = 0;
  #probing = false;

  constructor(threshold: number, pauseMillis: number, now: () => number) {
    this.#threshold = threshold;
    this.#pauseMillis = pauseMillis;
    this.#now = now;
  }

  /** May a call start now? While paused no; after the pause, one probe at a time. */
  allow(): boolean {
    if (this.#failures < this.#threshold) return true;
    if (this.#now() < this.#openUntil || this.#probing) return false;
    this.#probing = true;
    return true;
  }

  get open(): boolean {
    return this.#failures >= this.#threshold;
  }

  success(): void {
    this.#failures = 0;
    this.#probing = false;
  }

  failure(): void {
    this.#failures++;
    this.#probing = false;
    if (this.#failures >= this.#threshold) this.#openUntil = this.#now() + this.#pauseMillis;
  }

  /** A call that started but ended without a verdict on the judge's health (cancelled at shutdown). */
  release(): void {
    this.#probing = false;
  }
}
