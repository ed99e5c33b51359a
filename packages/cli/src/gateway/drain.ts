// The gateway's stop, bounded: after the listener closes, what is buffered is replayed and handed to
// the exporter, whose `shutdown()` sends it (retries included). The exporter's timers are unref'd
// (a library must not hold an application open), so without something holding the event loop the
// process would exit in the middle of a retry, delivering nothing and saying nothing. A ref'd timer
// holds it for the drain, and no longer than the bound; then the gateway says what it could not
// deliver.
import type { ExporterCounters } from './delivery-health.js';

export const DEFAULT_DRAIN_TIMEOUT_MS = 25_000;

export interface DrainReport {
  /** The drain finished within its bound (everything was sent or given up on by the exporter). */
  finished: boolean;
  /** Span events delivered over the gateway's life. */
  delivered: number;
  /** Span events not delivered, by reason (the exporter's drop reasons; `not_llmobs` left out). */
  undelivered: Record<string, number>;
  /** Span events still held (queued, or in a request in flight or waiting to retry) when the bound was reached. */
  abandoned: number;
}

/** Resolves `true` when `work` settles, `false` when `boundMs` passes first; the process stays up meanwhile. */
export function holdUntil(work: Promise<unknown>, boundMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    // Deliberately ref'd: this timer is what keeps the process alive while the exporter retries.
    const timer = setTimeout(() => resolve(false), boundMs);
    const done = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    work.then(done, done);
  });
}

/** `held`: span events the exporter was handed and has neither delivered nor dropped. */
export function drainReport(finished: boolean, counters: ExporterCounters | undefined, held: number): DrainReport {
  const undelivered: Record<string, number> = {};
  for (const [reason, n] of Object.entries(counters?.dropped ?? {})) {
    if (reason !== 'not_llmobs' && n !== undefined && n > 0) undelivered[reason] = n;
  }
  return { finished, delivered: counters?.sent ?? 0, undelivered, abandoned: finished ? 0 : held };
}

/** One line for the log: what was delivered, and what was not and why. */
export function describeDrain(report: DrainReport, boundMs: number): string {
  const lost = Object.entries(report.undelivered);
  const total = lost.reduce((n, [, v]) => n + v, 0) + report.abandoned;
  const delivered = `${report.delivered} LLM Observability span event(s) delivered`;
  if (total === 0) return `${delivered}; nothing left undelivered`;
  const why = lost.map(([reason, n]) => `${n} ${reason}`);
  if (report.abandoned > 0) why.push(`${report.abandoned} still being sent or retried when the ${Math.round(boundMs / 1000)} s drain bound was reached`);
  return `${delivered}; could NOT deliver ${total}: ${why.join(', ')}`;
}
