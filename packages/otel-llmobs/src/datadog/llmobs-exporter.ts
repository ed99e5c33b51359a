import { diag } from '@opentelemetry/api';
import { readLLMObsSpan } from '../conventions/attached-span.js';
import type { LLMObsExporterOptions } from '../config/resolve-exporter-config.js';
import { resolveExporterConfig } from '../config/resolve-exporter-config.js';
import type { ResolvedServiceIdentity } from '../config/service-identity.js';
import { encodeSpanEvent } from './encode-span-event.js';
import type { ExportedSpanLike, ExportResult } from '../sdk-shapes/export-result.js';
import { ExportResultCode } from '../sdk-shapes/export-result.js';
import { createIntakeRouter } from './intake-route.js';
import type { IntakeWriterStats } from './intake-writer.js';
import { IntakeWriter } from './intake-writer.js';
import { encodeEnvelope, envelopeParts, MAX_PAYLOAD_BYTES } from './span-envelope.js';
import { piecewiseJsonArray } from './request-body.js';
import type { SpanEventContext } from './span-event-context.js';
import { TRACER_VERSION } from '../internal/version.js';
import { settleWithin } from '../internal/timers.js';
import { scheduleSoon } from '../internal/schedule-soon.js';
import { asyncResourceAttributes } from '../internal/async-resource.js';
import { keepProcessAliveDuring } from '../internal/keep-alive.js';
import { QUEUES_ON_EXPORT, READS_ATTACHED_MODEL, ROUTE_OPTIONS } from '../sdk-shapes/exporter-capabilities.js';

/** The exporter's counters, from `exporter.stats()`: the intake writer's, and the events truncated to fit the size limit. */
export interface LLMObsExporterStats extends IntakeWriterStats {
  /** Events whose input and output were dropped because they were over 5 MiB (sent anyway). */
  truncated: number;
}

const logger = /* @__PURE__ */ diag.createComponentLogger({ namespace: 'otel-llmobs/datadog' });

/** Spans accepted but not encoded yet, at most: beyond this, `export()` encodes on the spot. */
const MAX_PENDING_SPANS = 512;

/**
 * Sends LLM Observability spans to Datadog: agentless to the intake, through the Agent's EVP proxy,
 * or to any intake URL you give it. A `SpanExporter` (structurally): put it behind
 * `LLMObsSpanProcessor`, which attaches the normalized model to each span it hands over; spans
 * without one are skipped (counted as `not_llmobs`).
 *
 * `export()` takes the spans and calls back `SUCCESS` at once: this exporter owns batching, retries
 * and back-pressure (its queue is bounded; overflow is counted, not reported as a failed export, so
 * a slow intake never makes the SDK log per batch). It calls back `FAILED` only after `shutdown()`.
 * The spans are encoded right after the current task (`setImmediate`), not inside `export()`, which
 * `LLMObsSpanProcessor` calls from `span.end()`: the application's `end()` does not pay for the JSON.
 * (At most 512 wait; `stats()`, `forceFlush()` and `shutdown()` encode what waits first.)
 * Delivery problems are counted (`stats()`) and logged once, in aggregate, through `diag`.
 *
 * @example
 * ```ts
 * import { LLMObsExporter, LLMObsSpanProcessor } from 'otel-llmobs';
 *
 * // Agentless with DD_API_KEY and DD_SITE set; through a local Agent otherwise.
 * const exporter = new LLMObsExporter({ service: 'chat-api', env: 'prod' });
 * const processor = new LLMObsSpanProcessor({ exporter });
 * // later: exporter.stats() → { sent, retries, dropped: { …by reason }, queued, … }
 * ```
 */
export class LLMObsExporter {
  /** `export()` queues and calls back at once: `LLMObsSpanProcessor` hands spans straight to it, without batching in front. */
  readonly [QUEUES_ON_EXPORT] = true;
  /** Encodes the attached model; the processor need not write canonical attributes for it. */
  readonly [READS_ATTACHED_MODEL] = true;
  /** Evaluations of these spans go the same way (the processor's evaluation writer reads this). */
  readonly [ROUTE_OPTIONS]: Readonly<LLMObsExporterOptions>;
  readonly #writer: IntakeWriter;
  readonly #identity: ResolvedServiceIdentity;
  readonly #parts = envelopeParts(TRACER_VERSION);
  readonly #contexts = new WeakMap<object, SpanEventContext>();
  readonly #baseContext: SpanEventContext;
  readonly #exportTimeoutMillis: number;
  readonly #maxHeldSpans: number;
  #truncated = 0;
  #pending: ExportedSpanLike[] = [];
  /** Spans whose resource is still resolving async attributes, by resource, with the wait. */
  #held = new Map<object, { spans: ExportedSpanLike[]; settled: Promise<void> }>();
  #heldCount = 0;
  #encodeScheduled = false;
  readonly #encodePending = (): void => {
    this.#encodeScheduled = false;
    this.#encodeWaiting();
  };

  constructor(options: LLMObsExporterOptions = {}) {
    const config = resolveExporterConfig(options);
    this[ROUTE_OPTIONS] = { ...options };
    this.#identity = config.identity;
    this.#exportTimeoutMillis = config.transport.exportTimeoutMillis;
    this.#maxHeldSpans = config.transport.maxQueueSize;
    this.#baseContext = {
      ddTags: config.identity.ddTags,
      service: config.identity.service,
      env: config.identity.env,
      version: config.identity.version,
    };
    this.#writer = new IntakeWriter({
      what: 'span events',
      config: config.transport,
      router: createIntakeRouter(config.transport),
      target: (route) => route.spans,
      wrap: piecewiseJsonArray,
      maxPayloadBytes: MAX_PAYLOAD_BYTES,
      logger,
    });
  }

  export(spans: readonly ExportedSpanLike[], resultCallback: (result: ExportResult) => void): void {
    let result: ExportResult;
    if (this.#writer.isClosed) {
      result = { code: ExportResultCode.FAILED, error: new Error('LLMObsExporter is shut down') };
    } else {
      try {
        for (const span of spans) this.#pending.push(span);
      } catch {
        // Only a hostile iterable gets here.
      }
      if (this.#pending.length >= MAX_PENDING_SPANS) this.#encodeWaiting();
      else if (this.#pending.length > 0 && !this.#encodeScheduled) {
        this.#encodeScheduled = true;
        scheduleSoon(this.#encodePending);
      }
      result = { code: ExportResultCode.SUCCESS };
    }
    resultCallback(result);
  }

  /**
   * Delivers everything queued; waits for in-flight requests and their retries, up to the export
   * timeout, and keeps the process alive meanwhile (so an app that awaits it before exiting loses
   * nothing to an unref'd retry timer).
   */
  forceFlush(): Promise<void> {
    const deadline = Date.now() + this.#exportTimeoutMillis;
    this.#encodeWaiting();
    if (this.#held.size === 0) return this.#writer.forceFlush(deadline);
    return keepProcessAliveDuring(this.#releaseHeld(this.#resourceDeadline()).then(() => this.#writer.forceFlush(deadline)), this.#exportTimeoutMillis);
  }

  /**
   * Flushes, then stops, within the export timeout whatever the intake does; what could not be
   * sent is counted and reported. Idempotent; later `export()` calls get `FAILED`.
   */
  shutdown(): Promise<void> {
    const deadline = Date.now() + this.#exportTimeoutMillis;
    this.#encodeWaiting();
    if (this.#held.size === 0) return this.#writer.shutdown(deadline);
    return keepProcessAliveDuring(this.#releaseHeld(this.#resourceDeadline()).then(() => this.#writer.shutdown(deadline)), this.#exportTimeoutMillis);
  }

  stats(): LLMObsExporterStats {
    this.#encodeWaiting();
    return { ...this.#writer.stats(), truncated: this.#truncated };
  }

  /** Encode and queue the spans `export()` took. */
  #encodeWaiting(): void {
    if (this.#pending.length === 0) return;
    const spans = this.#pending;
    this.#pending = [];
    for (const span of spans) this.#accept(span);
  }

  #accept(span: ExportedSpanLike): void {
    const wait = asyncResourceAttributes(span);
    if (wait !== undefined) {
      this.#hold(span, wait);
      return;
    }
    this.#encode(span);
  }

  /**
   * A resource detector is still resolving (cloud region, container id…): encode the span once it
   * is done, as the SDK's processors wait before they export. Held spans count against the queue
   * bound; a flush waits for them for half its budget at most, then encodes them with what the
   * resource has.
   */
  #hold(span: ExportedSpanLike, wait: Promise<void>): void {
    if (this.#heldCount >= this.#maxHeldSpans) {
      this.#writer.drop('queue_full');
      return;
    }
    const resource = span.resource as object;
    let entry = this.#held.get(resource);
    if (!entry) {
      const spans: ExportedSpanLike[] = [];
      const settled: Promise<void> = wait.then(() => this.#release(resource, spans));
      entry = { spans, settled };
      this.#held.set(resource, entry);
    }
    entry.spans.push(span);
    this.#heldCount++;
  }

  #release(resource: object, spans: ExportedSpanLike[]): void {
    if (this.#held.get(resource)?.spans !== spans) return;
    this.#held.delete(resource);
    this.#heldCount -= spans.length;
    for (const span of spans) this.#encode(span);
  }

  /** A detector gets half the flush's budget at most: the other half is for sending. */
  #resourceDeadline(): number {
    return Date.now() + this.#exportTimeoutMillis / 2;
  }

  /** Waits for held spans' resources until `deadline`, then encodes whatever is still held. */
  async #releaseHeld(deadline: number): Promise<void> {
    const waits = [...this.#held.values()].map((e) => e.settled);
    await settleWithin(Promise.all(waits).then(() => undefined), Math.max(0, deadline - Date.now()), undefined);
    for (const [resource, entry] of [...this.#held]) this.#release(resource, entry.spans);
  }

  #encode(span: ExportedSpanLike): void {
    const model = readLLMObsSpan(span);
    if (!model) {
      this.#writer.drop('not_llmobs');
      return;
    }
    let encoded;
    try {
      encoded = encodeEnvelope(encodeSpanEvent(model, this.#contextFor(span)), this.#parts);
    } catch {
      this.#writer.drop('invalid_span');
      return;
    }
    if (!encoded) {
      this.#writer.drop('event_too_large');
      return;
    }
    if (encoded.truncated) this.#truncated++;
    this.#writer.enqueue(encoded.json);
  }

  /**
   * Configuration first, then the span's resource (`service.name`, `deployment.environment.name` or
   * `deployment.environment`, `service.version`). Cached per resource object: the SDK shares one.
   */
  #contextFor(span: ExportedSpanLike): SpanEventContext {
    const resource = span.resource;
    if (!resource || typeof resource !== 'object') return this.#baseContext;
    const cached = this.#contexts.get(resource);
    if (cached) return cached;
    let attributes: Readonly<Record<string, unknown>> | undefined;
    try {
      attributes = resource.attributes;
    } catch {
      attributes = undefined;
    }
    const text = (key: string): string | undefined => {
      const v = attributes?.[key];
      return typeof v === 'string' && v !== '' ? v : undefined;
    };
    const ctx: SpanEventContext = {
      ddTags: this.#identity.ddTags,
      service: this.#identity.service ?? text('service.name'),
      env: this.#identity.env ?? text('deployment.environment.name') ?? text('deployment.environment'),
      version: this.#identity.version ?? text('service.version'),
    };
    // An SDK 1.x resource may still be resolving async attributes: do not cache a partial view.
    if ((resource as { asyncAttributesPending?: boolean }).asyncAttributesPending !== true) this.#contexts.set(resource, ctx);
    return ctx;
  }
}
