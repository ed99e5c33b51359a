import type { DiagLogger } from '@opentelemetry/api';

/** Why an event did not reach the intake. */
export type DropReason =
  /** the exporter's queue was full (count or bytes) */
  | 'queue_full'
  /** a span without an attached LLM Observability model (not an LLM span): skipped, never warned about */
  | 'not_llmobs'
  /** malformed ids or a model the encoder could not read */
  | 'invalid_span'
  /** over 5 MiB even without its input and output */
  | 'event_too_large'
  /** agentless without an API key: nothing can be sent */
  | 'no_api_key'
  /** the intake answered a non-retryable status (400, 403, 404, …) */
  | 'rejected'
  /** a single event answered with 413 */
  | 'payload_too_large'
  /** still failing (429, 5xx, network) when the export deadline came */
  | 'retries_exhausted'
  /** still queued, or submitted, after shutdown */
  | 'shutdown';

const LABELS: Record<DropReason, string> = {
  queue_full: 'queue full',
  not_llmobs: 'not LLM Observability spans',
  invalid_span: 'invalid span',
  event_too_large: 'event too large',
  no_api_key: 'no API key',
  rejected: 'non-retryable response',
  payload_too_large: 'payload too large (413)',
  retries_exhausted: 'retries exhausted',
  shutdown: 'after shutdown',
};

/** Reasons that are expected in normal operation and not worth a warning. */
const QUIET: ReadonlySet<DropReason> = new Set<DropReason>(['not_llmobs']);

/**
 * Counts drops by reason, and reports them in aggregate: one warning per report that covers every
 * drop since the previous one, never one line per event or per batch.
 */
export class DropCounter {
  #totals = new Map<DropReason, number>();
  #unreported = new Map<DropReason, number>();

  record(reason: DropReason, count = 1): void {
    if (count <= 0) return;
    this.#totals.set(reason, (this.#totals.get(reason) ?? 0) + count);
    if (!QUIET.has(reason)) this.#unreported.set(reason, (this.#unreported.get(reason) ?? 0) + count);
  }

  /** Whether some drop has not been reported yet. */
  get hasUnreported(): boolean {
    return this.#unreported.size > 0;
  }

  /** Totals since creation, by reason (only reasons that occurred). */
  totals(): Partial<Record<DropReason, number>> {
    return Object.fromEntries(this.#totals);
  }

  /** Logs `dropped N <what> (reason: n, …)` for the drops not reported yet; silent when there are none. */
  report(logger: DiagLogger, what: string): void {
    if (this.#unreported.size === 0) return;
    let total = 0;
    const parts: string[] = [];
    for (const [reason, n] of this.#unreported) {
      total += n;
      parts.push(`${LABELS[reason]}: ${n}`);
    }
    this.#unreported.clear();
    logger.warn(`dropped ${total} ${what} (${parts.join(', ')})`);
  }
}
