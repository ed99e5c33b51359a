// OpenTelemetry SDK 2.x (the default; Node ≥ 20): the stock classes, unchanged. See ./sdk.ts.
export { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
export { CompositePropagator, isTracingSuppressed, W3CTraceContextPropagator } from '@opentelemetry/core';
export { resourceFromAttributes } from '@opentelemetry/resources';
export { BasicTracerProvider, BatchSpanProcessor, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
export { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
