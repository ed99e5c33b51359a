import type { DiagLogger } from '@opentelemetry/api';
import type { ResolvedTransportConfig } from '../config/datadog-transport-config.js';
import { BoundedQueue } from './bounded-queue.js';
import type { DropReason } from './drop-counter.js';
import { DropCounter } from './drop-counter.js';
import { createFetchTransport } from './fetch-transport.js';
import type { IntakeRouter, IntakeRoute, IntakeRouteStatus, IntakeTarget } from './intake-route.js';
import { keepProcessAliveDuring } from '../internal/keep-alive.js';
import { sleepUnlessAborted } from '../internal/abortable-sleep.js';
import type { RetryingTransport } from './retrying-transport.js';
import { createRetryingTransport } from './retrying-transport.js';
import type { SendResult } from './send-result.js';
import type { RequestBody } from './request-body.js';
import { setUnrefTimeout, settleWithin } from '../internal/timers.js';

const FLUSH_SETTLE_MARGIN_MILLIS = 50;

/** After shutdown's flush, how long cancelled requests get to settle (they settle at once on abort). */
const ABORT_SETTLE_MILLIS = 1000;

/** Counters of one writer. */
export interface IntakeWriterStats {
  /** Events delivered (2xx). */
  sent: number;
  /** Events not delivered, by reason. */
  dropped: Partial<Record<DropReason, number>>;
  /** Retries performed (attempts after the first). */
  retries: number;
  /** Requests that got an answer or failed for good (not counting retries). */
  requests: number;
  /** Request bodies delivered, in bytes. */
  bytesSent: number;
  /** Events waiting in the queue. */
  queued: number;
  queuedBytes: number;
  /** Requests being sent or retried. */
  inFlight: number;
  /** Where data goes: `waiting_for_agent` while the Agent does not answer (data is held, within the queue bounds). */
  route: IntakeRouteStatus;
}

export interface IntakeWriterOptions {
  /** Plural noun for messages: `span events`, `evaluation metrics`. */
  what: string;
  config: ResolvedTransportConfig;
  router: IntakeRouter;
  /** Which endpoint of the route this writer posts to. */
  target: (route: Extract<IntakeRoute, { mode: 'agent' | 'agentless' }>) => IntakeTarget;
  /** Request body from encoded items (each already ASCII JSON). */
  wrap: (items: readonly string[]) => RequestBody;
  maxPayloadBytes: number;
  logger: DiagLogger;
  /** Injectable for tests. */
  transport?: RetryingTransport;
}

/**
 * The queue-and-send machinery shared by the span exporter and the evaluation writer: a bounded
 * queue of encoded items, sent every `flushIntervalMillis` (or as soon as a full request is ready) in
 * requests of at most `maxPayloadBytes`, with at most `maxConcurrentRequests` in flight, each
 * retried within the export deadline. A 413 splits the batch in halves down to single items.
 * Nothing here throws or rejects.
 */
export class IntakeWriter {
  readonly #drops = new DropCounter();
  #options: IntakeWriterOptions;
  #config: ResolvedTransportConfig;
  #queue: BoundedQueue<string>;
  #transport: RetryingTransport;
  #inFlight = new Set<Promise<void>>();
  /** The routing decision once made (`agent`, `agentless` or `unavailable`). */
  #route: Exclude<IntakeRoute, { mode: 'waiting' }> | undefined;
  /** Asking the router (and waiting between probes while the Agent does not answer). */
  #routing: Promise<void> | undefined;
  /** Aborted when shutdown's flush is over: cancels requests, back-offs and the wait for the Agent. */
  readonly #abort = new AbortController();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #flushDeadline: number | undefined;
  #activeFlushes = 0;
  #closing = false;
  #shutdown: Promise<void> | undefined;
  #reportTimer: ReturnType<typeof setTimeout> | undefined;
  // The first drops are reported promptly; after that at most once per interval (and at each flush).
  #lastReport = -Infinity;
  #logged = new Set<string>();
  #sent = 0;
  #retries = 0;
  #requests = 0;
  #bytesSent = 0;

  constructor(options: IntakeWriterOptions) {
    this.#options = options;
    this.#config = options.config;
    this.#queue = new BoundedQueue(options.config.maxQueueSize, options.config.maxQueueBytes);
    this.#transport =
      options.transport ??
      createRetryingTransport({
        transport: createFetchTransport({ fetch: options.config.fetch, secrets: options.config.apiKey ? [options.config.apiKey] : [] }),
        retry: options.config.retry,
        requestTimeoutMillis: options.config.requestTimeoutMillis,
        onRetry: () => {
          this.#retries++;
        },
      });
  }

  get isClosed(): boolean {
    return this.#closing;
  }

  /** Count dropped events and make sure they get reported (in aggregate, later). */
  drop(reason: DropReason, count = 1): void {
    this.#drops.record(reason, count);
    this.#scheduleReport();
  }

  /** Queue one encoded item (its length is its byte size). `false`: dropped (and counted). */
  enqueue(item: string): boolean {
    if (this.#closing) {
      this.drop('shutdown');
      return false;
    }
    if (!this.#queue.push(item, item.length)) {
      this.drop('queue_full');
      return false;
    }
    if (this.#queue.bytes >= this.#options.maxPayloadBytes) this.#pump();
    this.#armTimer();
    return true;
  }

  stats(): IntakeWriterStats {
    return {
      sent: this.#sent,
      dropped: this.#drops.totals(),
      retries: this.#retries,
      requests: this.#requests,
      bytesSent: this.#bytesSent,
      queued: this.#queue.length,
      queuedBytes: this.#queue.bytes,
      inFlight: this.#inFlight.size,
      route: this.#options.router.status(),
    };
  }

  /**
   * Sends everything queued and waits for it (retries included), until `deadline` (default: in
   * `exportTimeoutMillis`). While it runs, the process stays alive for that work, as long as that.
   */
  forceFlush(deadline: number = Date.now() + this.#config.exportTimeoutMillis): Promise<void> {
    return keepProcessAliveDuring(this.#flushUntil(deadline), deadline - Date.now() + ABORT_SETTLE_MILLIS);
  }

  /**
   * Idempotent: refuses new items, flushes (until `deadline`, default in `exportTimeoutMillis`), cancels what is still
   * under way, then drops (and counts, and reports) whatever could not be sent. Always resolves
   * within its bound, whatever the intake does.
   */
  shutdown(deadline: number = Date.now() + this.#config.exportTimeoutMillis): Promise<void> {
    this.#shutdown ??= keepProcessAliveDuring(this.#shutdownNow(deadline), deadline - Date.now() + 2 * ABORT_SETTLE_MILLIS);
    return this.#shutdown;
  }

  async #flushUntil(deadline: number): Promise<void> {
    this.#activeFlushes++;
    this.#flushDeadline = Math.max(this.#flushDeadline ?? 0, deadline);
    try {
      for (;;) {
        this.#pump();
        const busy = [...this.#inFlight];
        if (this.#routing) busy.push(this.#routing);
        if (busy.length === 0) break; // queue drained too: #pump starts a batch whenever it can
        const remaining = deadline - Date.now();
        if (remaining <= 0) break;
        await settleWithin(Promise.race(busy), remaining, undefined);
      }
    } finally {
      if (--this.#activeFlushes === 0) this.#flushDeadline = undefined;
      this.#report();
    }
  }

  async #shutdownNow(deadline: number): Promise<void> {
    this.#closing = true;
    await this.#flushUntil(deadline);
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#abort.abort();
    const busy = [...this.#inFlight];
    if (this.#routing) busy.push(this.#routing);
    if (busy.length > 0) await settleWithin(Promise.all(busy), ABORT_SETTLE_MILLIS, undefined);
    this.#drops.record('shutdown', this.#queue.clear());
    this.#report();
    if (this.#reportTimer !== undefined) clearTimeout(this.#reportTimer);
    this.#reportTimer = undefined;
  }

  #armTimer(): void {
    if (this.#timer !== undefined || this.#queue.length === 0) return;
    this.#timer = setUnrefTimeout(() => {
      this.#timer = undefined;
      this.#pump();
      this.#armTimer();
    }, this.#config.flushIntervalMillis);
  }

  #scheduleReport(): void {
    if (this.#reportTimer !== undefined || !this.#drops.hasUnreported) return;
    const delay = Math.max(0, this.#lastReport + this.#config.dropReportIntervalMillis - Date.now());
    this.#reportTimer = setUnrefTimeout(() => {
      this.#reportTimer = undefined;
      this.#report();
    }, delay);
  }

  #report(): void {
    this.#lastReport = Date.now();
    this.#drops.report(this.#options.logger, this.#options.what);
  }

  /** Start batches while there is room in flight and something to send, once the route is known. */
  #pump(): void {
    if (this.#queue.length === 0 || this.#abort.signal.aborted) return;
    const route = this.#route;
    if (route === undefined) {
      this.#resolveRoute();
      return;
    }
    if (route.mode === 'unavailable') {
      // Nothing can be sent (said once, by the router): count, do not hold.
      this.drop(route.reason, this.#queue.clear());
      return;
    }
    const target = this.#options.target(route);
    while (this.#inFlight.size < this.#config.maxConcurrentRequests && this.#queue.length > 0) {
      const batch = this.#takeBatch();
      // Batches started by a flush end a little before the flush's own deadline, so their outcome is
      // counted by the time forceFlush() returns.
      const flushCap = this.#flushDeadline === undefined ? Infinity : this.#flushDeadline - FLUSH_SETTLE_MARGIN_MILLIS;
      const deadline = Math.min(Date.now() + this.#config.exportTimeoutMillis, flushCap);
      const sending: Promise<void> = this.#sendBatch(batch, target, deadline).then(() => {
        this.#inFlight.delete(sending);
        // Keep going now if someone is flushing or a full request is waiting; else the timer will.
        if (this.#queue.length > 0 && (this.#flushDeadline !== undefined || this.#queue.bytes >= this.#options.maxPayloadBytes)) {
          this.#pump();
        }
        this.#armTimer();
      });
      this.#inFlight.add(sending);
    }
  }

  /**
   * Ask the router where to send; while it says `waiting` (the Agent does not answer), the queued
   * items stay in the queue (its bounds hold) and we ask again when the back-off allows, as long as
   * there is something to send.
   */
  #resolveRoute(): void {
    if (this.#routing !== undefined) return;
    const routing = (async () => {
      for (;;) {
        const route = await this.#options.router.resolve();
        if (route.mode !== 'waiting') {
          this.#route = route;
          return;
        }
        if (this.#queue.length === 0 || this.#abort.signal.aborted) return;
        await sleepUnlessAborted(route.retryAt - Date.now(), this.#abort.signal);
        if (this.#abort.signal.aborted) return; // shutdown: no probe after it
      }
    })()
      .catch((err: unknown) => {
        this.#logOnce('internal', `unexpected error while routing ${this.#options.what}: ${String(err)}`);
      })
      .finally(() => {
        this.#routing = undefined;
        this.#pump();
      });
    this.#routing = routing;
  }

  /** As many items as fit in one request body (an item alone always fits: the encoders see to it). */
  #takeBatch(): string[] {
    const items: string[] = [];
    let size = this.#options.wrap([]).length; // a string or pieces: its length is its size in bytes
    for (;;) {
      const next = this.#queue.peekBytes();
      if (next === undefined) break;
      const grown = size + next + (items.length > 0 ? 1 : 0);
      if (items.length > 0 && grown > this.#options.maxPayloadBytes) break;
      items.push(this.#queue.shift() as string);
      size = grown;
    }
    return items;
  }

  async #sendBatch(items: string[], target: IntakeTarget, deadline: number): Promise<void> {
    try {
      await this.#deliver(items, target, deadline);
    } catch (err) {
      // Unreachable by design; never let a bug become an unhandled rejection in the app.
      this.drop('invalid_span', items.length);
      this.#logOnce('internal', `unexpected error while sending ${this.#options.what}: ${String(err)}`);
    }
  }

  async #deliver(items: string[], target: IntakeTarget, deadline: number): Promise<void> {
    const body = this.#options.wrap(items);
    const result = await this.#transport.send({ url: target.url, headers: { ...target.headers }, body }, deadline, this.#abort.signal);
    this.#requests++;
    if (result.status === 'success') {
      this.#sent += items.length;
      this.#bytesSent += body.length;
      return;
    }
    if (result.status === 'failure' && result.statusCode === 413) {
      if (items.length > 1) {
        const half = Math.ceil(items.length / 2);
        await this.#deliver(items.slice(0, half), target, deadline);
        await this.#deliver(items.slice(half), target, deadline);
        return;
      }
      this.drop('payload_too_large');
      this.#logOnce('413', `the intake rejected one of the ${this.#options.what} as too large (HTTP 413): ${result.error.message}`);
      return;
    }
    if (result.status === 'failure') {
      this.drop('rejected', items.length);
      this.#logFailure(result);
      return;
    }
    if (this.#abort.signal.aborted) {
      this.drop('shutdown', items.length);
      return;
    }
    this.drop('retries_exhausted', items.length);
    this.#logOnce(
      'retryable',
      `could not deliver ${this.#options.what} within ${this.#config.retry.maxAttempts} attempts and the export deadline; last error: ${result.error.message}`,
    );
  }

  #logFailure(result: Extract<SendResult, { status: 'failure' }>): void {
    const code = result.statusCode;
    let hint = '';
    if (code === 403) hint = ` Check that the Datadog API key is valid for the site '${this.#config.site}' (DD_API_KEY, DD_SITE).`;
    else if (code === 404) hint = ' Check the intake or Agent URL.';
    this.#logOnce(String(code ?? 'failure'), `the intake rejected ${this.#options.what}: ${result.error.message}.${hint} They are dropped, not retried.`);
  }

  /** One error per kind of failure per writer: a persistent problem must not flood the log. */
  #logOnce(key: string, message: string): void {
    if (this.#logged.has(key)) return;
    this.#logged.add(key);
    this.#options.logger.error(message);
  }
}
