import type { Context, HrTime, SpanContext } from '@opentelemetry/api';

/**
 * Structural shapes of the OTel Logs SDK's record and processor (`@opentelemetry/sdk-logs`), so the
 * library needs no dependency on it and one build works with every SDK line. Only what we read.
 */
export interface LogRecordLike {
  /** The event name (Logs API ≥ 0.5x); older emitters put it in the `event.name` attribute. */
  readonly eventName?: string;
  /** Log attributes: unlike span attributes, values may be nested maps and arrays (`AnyValue`). */
  readonly attributes?: Readonly<Record<string, unknown>>;
  readonly body?: unknown;
  /** The active span's context when the record was emitted: how a GenAI event finds its span. */
  readonly spanContext?: SpanContext;
  readonly hrTime?: HrTime;
}

/** What a `LoggerProvider` / `NodeSDK` accepts in `processors` / `logRecordProcessors`. */
export interface LogRecordProcessorLike {
  onEmit(logRecord: LogRecordLike, context?: Context): void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}
