/* eslint-disable @typescript-eslint/no-explicit-any -- v2-shaped facades over v3 classes */
// OpenTelemetry SDK 3.x (`OTEL_SDK_MAJOR=3`, Node ≥ 22.15): the classes of `@opentelemetry/sdk-trace`
// 3.x behind the 2.x call shapes the tests use. See ./sdk.ts.
import type { TextMapPropagator } from '@opentelemetry/api';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks-v3';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core-v3';
import {
  BatchSpanProcessor as BatchSpanProcessorV3,
  InMemorySpanExporter,
  SimpleSpanProcessor as SimpleSpanProcessorV3,
  TracerProvider,
} from '@opentelemetry/sdk-trace-v3';

export { AsyncLocalStorageContextManager, CompositePropagator, InMemorySpanExporter, W3CTraceContextPropagator };
export { isTracingSuppressed } from '@opentelemetry/core-v3';
export { resourceFromAttributes } from '@opentelemetry/resources-v3';

/** 3.x has one `TracerProvider` (2.x: `BasicTracerProvider`); same options object. */
export class BasicTracerProvider extends TracerProvider {}

/**
 * 3.x has no `@opentelemetry/sdk-trace-node`: `NodeTracerProvider` is the provider plus what its
 * 2.x `register()` did (AsyncLocalStorage context manager, W3C trace-context + baggage propagator
 * unless given one, global tracer provider).
 */
export class NodeTracerProvider extends TracerProvider {
  register(config: { propagator?: TextMapPropagator | null; contextManager?: any } = {}): void {
    context.setGlobalContextManager(config.contextManager ?? new AsyncLocalStorageContextManager().enable());
    if (config.propagator !== null) {
      propagation.setGlobalPropagator(
        config.propagator ?? new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
      );
    }
    trace.setGlobalTracerProvider(this);
  }
}

/** 3.x processors take one options object: `new SimpleSpanProcessor({ exporter })`. */
export class SimpleSpanProcessor extends SimpleSpanProcessorV3 {
  constructor(exporter: any) {
    super({ exporter });
  }
}

export class BatchSpanProcessor extends BatchSpanProcessorV3 {
  constructor(exporter: any, config: Record<string, unknown> = {}) {
    super({ ...config, exporter });
  }
}
