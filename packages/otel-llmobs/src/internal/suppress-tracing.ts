import { context, createContextKey } from '@opentelemetry/api';

/**
 * The key `@opentelemetry/core`'s `suppressTracing` sets (core 2.x: `createContextKey('OpenTelemetry
 * SDK Context Key SUPPRESS_TRACING')`, i.e. `Symbol.for` of that text). Defined here so the library
 * depends on `@opentelemetry/api` only; instrumentations (fetch/undici/http) check this key and do
 * not trace our own requests to the intake.
 */
const SUPPRESS_TRACING_KEY = createContextKey('OpenTelemetry SDK Context Key SUPPRESS_TRACING');

export function withTracingSuppressed<T>(fn: () => T): T {
  return context.with(context.active().setValue(SUPPRESS_TRACING_KEY, true), fn);
}

export function isTracingSuppressed(): boolean {
  return context.active().getValue(SUPPRESS_TRACING_KEY) === true;
}
