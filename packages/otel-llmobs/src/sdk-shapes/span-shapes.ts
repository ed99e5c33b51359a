import type { Attributes, Context, HrTime, Link, SpanContext, SpanKind, SpanStatus } from '@opentelemetry/api';
import type { QUEUES_ON_EXPORT, READS_ATTACHED_MODEL, ROUTE_OPTIONS } from './exporter-capabilities.js';

/**
 * Structural shapes of the OTel SDK's span, processor and exporter types. We type against these
 * instead of importing `@opentelemetry/sdk-trace-base`, so one build works with SDK 1.x, 2.x and
 * 3.x (whose constructors and module layout differ) and the library keeps `@opentelemetry/api` as
 * its only peer dependency. Fields that only one SDK line has are optional.
 */

export interface InstrumentationScopeLike {
  readonly name: string;
  readonly version?: string;
  readonly schemaUrl?: string;
}

export interface ResourceLike {
  readonly attributes: Attributes;
}

export interface TimedEventLike {
  readonly name: string;
  readonly time: HrTime;
  readonly attributes?: Attributes;
  readonly droppedAttributesCount?: number;
}

/** A finished span, as the SDK hands it to `onEnd` and to exporters. */
export interface ReadableSpanLike {
  readonly name: string;
  readonly kind: SpanKind;
  readonly spanContext: () => SpanContext;
  /** SDK 2.x / 3.x. */
  readonly parentSpanContext?: SpanContext;
  /** SDK 1.x. */
  readonly parentSpanId?: string;
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly status: SpanStatus;
  readonly attributes: Attributes;
  readonly links: Link[];
  readonly events: TimedEventLike[];
  readonly duration: HrTime;
  readonly ended: boolean;
  readonly resource: ResourceLike;
  /** SDK ≥ 1.22 / 2.x / 3.x. */
  readonly instrumentationScope?: InstrumentationScopeLike;
  /** SDK 1.x (deprecated there, gone in 2.x). */
  readonly instrumentationLibrary?: InstrumentationScopeLike;
  readonly droppedAttributesCount: number;
  readonly droppedEventsCount: number;
  readonly droppedLinksCount: number;
}

/**
 * A span as `onStart` sees it: still open. The SDK passes its `Span` class, which is also a
 * `ReadableSpan`; we only read from it (never `setAttribute`: other processors share it).
 */
export type StartedSpanLike = Omit<ReadableSpanLike, 'endTime' | 'duration' | 'ended'> & {
  readonly endTime?: HrTime;
  readonly duration?: HrTime;
  readonly ended?: boolean;
};

/** `ExportResult` of `@opentelemetry/core`: `code` 0 = SUCCESS, 1 = FAILED. */
export interface ExportResultLike {
  code: number;
  error?: Error;
}

export interface SpanExporterLike {
  export(spans: ReadableSpanLike[], resultCallback: (result: ExportResultLike) => void): void;
  shutdown(): Promise<void>;
  forceFlush?(): Promise<void>;
  readonly [QUEUES_ON_EXPORT]?: boolean;
  readonly [READS_ATTACHED_MODEL]?: boolean;
  readonly [ROUTE_OPTIONS]?: Readonly<Record<string, unknown>>;
}

export interface SpanProcessorLike {
  onStart(span: StartedSpanLike, parentContext: Context): void;
  onEnd(span: ReadableSpanLike): void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

export const EXPORT_SUCCESS = 0;

/** The parent's span id (16 hex), from SDK 2.x/3.x `parentSpanContext` or SDK 1.x `parentSpanId`. */
export function parentSpanIdOf(span: Pick<ReadableSpanLike, 'parentSpanContext' | 'parentSpanId'>): string | undefined {
  const fromContext = span.parentSpanContext?.spanId;
  if (typeof fromContext === 'string' && fromContext !== '') return fromContext;
  const legacy = span.parentSpanId;
  return typeof legacy === 'string' && legacy !== '' ? legacy : undefined;
}

/** `instrumentationScope` (SDK ≥ 1.22) or `instrumentationLibrary` (older 1.x). */
export function scopeOf(span: Pick<ReadableSpanLike, 'instrumentationScope' | 'instrumentationLibrary'>): InstrumentationScopeLike | undefined {
  return span.instrumentationScope ?? span.instrumentationLibrary;
}

export function hrTimeToNanos(time: HrTime): number {
  return time[0] * 1e9 + time[1];
}
