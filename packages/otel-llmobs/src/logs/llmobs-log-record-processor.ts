import type { Context } from '@opentelemetry/api';
import { diag, isSpanContextValid, trace, TraceFlags } from '@opentelemetry/api';
import { checkNumber, invalidConfig } from '../config/invalid-config.js';
import { genaiEventNameOf, toSpanEvent } from './genai-log-events.js';
import { logEventSources } from '../runtime/log-event-sources.js';
import type { LogRecordLike, LogRecordProcessorLike } from './log-record-shapes.js';
import type { PendingLogEventsCounters } from './pending-log-events.js';
import { PendingLogEvents } from './pending-log-events.js';

/** Bounds on what `LLMObsLogRecordProcessor` holds for spans that have not ended yet. */
export interface LLMObsLogRecordProcessorOptions {
  /** Spans whose GenAI records are held while the span has not been mapped yet. Default 1,000. */
  maxPendingSpans?: number;
  /** Records held per span (one per message, plus one per choice). Default 256. */
  maxRecordsPerSpan?: number;
  /** Approximate characters of content held in total. Default 16,000,000 (about 32 MB). */
  maxPendingChars?: number;
}

/** `LLMObsLogRecordProcessor.stats()`: records joined, held, and dropped by reason. */
export interface LLMObsLogRecordProcessorStats extends PendingLogEventsCounters {
  /** Spans with records waiting now. */
  pendingSpans: number;
  /** Records held so far (joined, waiting, or later evicted). */
  held: number;
  /** Records that could not be read (the emitter never saw the error). */
  internalErrors: number;
}

const DEFAULTS = { maxPendingSpans: 1_000, maxRecordsPerSpan: 256, maxPendingChars: 16_000_000 };

const logger = diag.createComponentLogger({ namespace: 'otel-llmobs/logs' });

/**
 * A `LogRecordProcessor` that joins the GenAI events instrumentations emit as log records
 * (`gen_ai.user.message`, `gen_ai.choice`, … and `gen_ai.client.inference.operation.details`) to
 * their span, so `LLMObsSpanProcessor` maps that span with its messages, tool calls and tool
 * definitions. Add it to the app's `LoggerProvider`, beside any exporting processor:
 *
 * ```ts
 * new NodeSDK({ spanProcessors: [new LLMObsSpanProcessor()], logRecordProcessors: [new LLMObsLogRecordProcessor()] })
 * ```
 *
 * Records are matched to spans by the span context they were emitted under and held until that span
 * is mapped (when it ends, or in the span processor's deferred batch). Records of spans that never
 * end, are unsampled or are not LLM Observability spans are evicted oldest first past the bounds;
 * records arriving after their span was mapped are dropped (both counted in `stats()`, logged once).
 * Other log records are ignored. Exports nothing itself: records go on to the app's other processors.
 */
export class LLMObsLogRecordProcessor implements LogRecordProcessorLike {
  readonly #store: PendingLogEvents;
  #held = 0;
  #internalErrors = 0;
  #closed = false;
  #evictionLogged = false;
  #lateLogged = false;
  #overLimitLogged = false;

  constructor(options: LLMObsLogRecordProcessorOptions = {}) {
    if (options === null || typeof options !== 'object') throw invalidConfig('options', 'an object', options);
    const positive = { integer: true, min: 1 };
    this.#store = new PendingLogEvents({
      maxSpans: checkNumber('maxPendingSpans', options.maxPendingSpans, positive) ?? DEFAULTS.maxPendingSpans,
      maxRecordsPerSpan: checkNumber('maxRecordsPerSpan', options.maxRecordsPerSpan, positive) ?? DEFAULTS.maxRecordsPerSpan,
      maxChars: checkNumber('maxPendingChars', options.maxPendingChars, positive) ?? DEFAULTS.maxPendingChars,
    });
    logEventSources().add(this.#store);
  }

  onEmit(logRecord: LogRecordLike, context?: Context): void {
    if (this.#closed) return;
    try {
      this.#hold(logRecord, context);
    } catch (e) {
      this.#internalErrors++;
      if (this.#internalErrors === 1) logger.error(`reading a log record failed (further failures are only counted): ${errorMessage(e)}`);
    }
  }

  /** Nothing is buffered for export here: records wait for their span, which the span processor flushes. */
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  /** Stops joining and forgets what is held. Idempotent; never rejects. */
  shutdown(): Promise<void> {
    this.#closed = true;
    logEventSources().delete(this.#store);
    this.#store.clear();
    return Promise.resolve();
  }

  stats(): LLMObsLogRecordProcessorStats {
    return { ...this.#store.counters, pendingSpans: this.#store.spans, held: this.#held, internalErrors: this.#internalErrors };
  }

  #hold(record: LogRecordLike, context: Context | undefined): void {
    const name = genaiEventNameOf(record);
    if (name === undefined) return;
    const spanContext = record.spanContext ?? (context ? trace.getSpanContext(context) : undefined);
    // No span to join, or a span the SDK does not record (it never reaches a span processor).
    if (!spanContext || !isSpanContextValid(spanContext) || (spanContext.traceFlags & TraceFlags.SAMPLED) === 0) return;
    const outcome = this.#store.hold(spanContext.traceId, spanContext.spanId, toSpanEvent(record, name));
    if (outcome.held) {
      this.#held++;
      if (outcome.evicted > 0 && !this.#evictionLogged) {
        this.#evictionLogged = true;
        logger.warn(
          'GenAI log records evicted: their spans had not ended, were not sampled (sampleRate) or were not LLM Observability spans while newer records came in; ' +
            'further evictions are only counted (stats().evicted)',
        );
      }
    } else if (outcome.reason === 'late' && !this.#lateLogged) {
      this.#lateLogged = true;
      logger.warn(`a GenAI log record (${name}) arrived after its span was exported and was dropped; further ones are only counted (stats().late)`);
    } else if (outcome.reason === 'over-limit' && !this.#overLimitLogged) {
      this.#overLimitLogged = true;
      logger.warn(`a GenAI log record (${name}) was dropped: over maxRecordsPerSpan or maxPendingChars; further ones are only counted (stats().overLimit)`);
    }
  }
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
