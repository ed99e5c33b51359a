import type { Attributes } from '@opentelemetry/api';
import type { HrTime } from '../conventions/model.js';

/**
 * What the mappers read from a finished span: a structural subset of the SDK's `ReadableSpan`
 * (2.x and 3.x alike), so a `ReadableSpan`, a span decoded from OTLP, or a fixture can be passed
 * as is.
 */
export interface SpanEventData {
  readonly name: string;
  readonly time?: HrTime;
  readonly attributes?: Attributes;
}

/** The parts of a finished span the mappers read: any SDK's `ReadableSpan` fits. */
export interface SpanData {
  readonly name: string;
  readonly attributes: Attributes;
  readonly events?: readonly SpanEventData[];
  /** `code`: 0 unset, 1 ok, 2 error (`SpanStatusCode`). */
  readonly status?: { readonly code: number; readonly message?: string };
  readonly instrumentationScope?: { readonly name: string; readonly version?: string };
  readonly resource?: { readonly attributes: Attributes };
}

/** Just enough to decide a span's kind; available at `onStart` as well as at `onEnd`. */
export type ClassifiableSpan = Pick<SpanData, 'name' | 'attributes' | 'instrumentationScope'>;
