// Whether the gateway can deliver what it accepts, judged from the exporter's own counters
// (`LLMObsExporter.getStats()`): what was sent, what was dropped and why, what waits. The gateway's
// `/healthz` answers 503 with the reason while it cannot, so an orchestrator or a load balancer
// sees it (one failed Agent check used to drop every span for the life of the process while
// `/healthz` said 200).
//
// Cannot deliver when either:
// - the latest outcome was a loss: spans dropped because nothing can be sent (`no_api_key`), the
//   intake refused them, or retries ran out, with no delivery since; or
// - spans have been waiting longer than `stallMs` with no delivery at all (an intake that hangs); or
// - the exporter says it has no destination, or is waiting for an Agent that does not answer (it
//   holds spans meanwhile and probes again with back-off).

/** What the exporter reports (structurally, `LLMObsExporterStats`). */
export interface ExporterCounters {
  sent: number;
  dropped: Partial<Record<string, number>>;
  queued: number;
  /** Bytes of the events queued. */
  queuedBytes?: number;
  inFlight: number;
  /** Where data goes (`LLMObsExporterStats.route`): `waiting_for_agent`, `unavailable`, `agent`, … */
  route?: string;
}

export type DeliveryHealth =
  | { ok: true; sent: number; waiting: number }
  | { ok: false; reason: string; since: number; sent: number; waiting: number };

/** Drops that mean the destination cannot be reached or refuses: `not_llmobs`, `queue_full` and the like are not about delivery. */
const LOSSES: Record<string, string> = {
  no_api_key: 'no destination: no Datadog API key for agentless mode, and no Agent with the EVP proxy answered',
  rejected: 'the intake refuses what is sent (a non-retryable status: check the API key, site and URL)',
  retries_exhausted: 'the intake or Agent keeps failing (429, 5xx or network errors) until the export deadline',
};

const WAITING_FOR_AGENT = 'waiting for the Datadog Agent: it does not answer (spans are held, within the queue bounds, and it is asked again with back-off)';

export interface DeliveryMonitorOptions {
  counters: () => ExporterCounters | undefined;
  /** Spans waiting this long with nothing delivered: cannot deliver. Default 30 000 ms. */
  stallMs?: number;
  now?: () => number;
}

export class DeliveryMonitor {
  readonly #counters: () => ExporterCounters | undefined;
  readonly #stallMs: number;
  readonly #now: () => number;
  #sent = 0;
  #losses = new Map<string, number>();
  #lastProgressAt: number;
  /** Latest loss since the last delivery, if any. */
  #loss: { reason: string; at: number } | undefined;
  #waitingSince: number | undefined;
  #routeSince: number | undefined;

  constructor(options: DeliveryMonitorOptions) {
    this.#counters = options.counters;
    this.#stallMs = options.stallMs ?? 30_000;
    this.#now = options.now ?? Date.now;
    this.#lastProgressAt = this.#now();
  }

  /** Reads the counters now; call it often (a timer) so that times are right. */
  sample(): DeliveryHealth {
    const now = this.#now();
    const c = this.#counters();
    if (!c) return { ok: true, sent: 0, waiting: 0 };
    if (c.sent > this.#sent) {
      this.#sent = c.sent;
      this.#lastProgressAt = now;
      this.#loss = undefined;
    }
    for (const [key, reason] of Object.entries(LOSSES)) {
      const n = c.dropped[key] ?? 0;
      if (n > (this.#losses.get(key) ?? 0)) {
        this.#losses.set(key, n);
        this.#loss = { reason, at: now };
      }
    }
    const waiting = c.queued + c.inFlight;
    if (waiting === 0) this.#waitingSince = undefined;
    else this.#waitingSince ??= now;

    if (this.#loss) return { ok: false, reason: this.#loss.reason, since: this.#loss.at, sent: c.sent, waiting: c.queued };
    const routeProblem = c.route === 'unavailable' ? LOSSES.no_api_key! : c.route === 'waiting_for_agent' ? WAITING_FOR_AGENT : undefined;
    if (routeProblem === undefined) this.#routeSince = undefined;
    else {
      this.#routeSince ??= now;
      return { ok: false, reason: routeProblem, since: this.#routeSince, sent: c.sent, waiting: c.queued };
    }
    const stalledSince = this.#waitingSince === undefined ? undefined : Math.max(this.#waitingSince, this.#lastProgressAt);
    if (stalledSince !== undefined && now - stalledSince >= this.#stallMs) {
      return {
        ok: false,
        reason: `nothing delivered for ${Math.round((now - stalledSince) / 1000)} s while spans wait (the intake or Agent does not answer, or is not up yet)`,
        since: stalledSince,
        sent: c.sent,
        waiting: c.queued,
      };
    }
    return { ok: true, sent: c.sent, waiting: c.queued };
  }
}
