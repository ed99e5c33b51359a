// The SDK switch for integration tests: OpenTelemetry SDK 2.x, or 3.x under OTEL_SDK_MAJOR=3
// (one implementation, in the library's test helpers; see there and vitest.config.ts).
export {
  AsyncLocalStorageContextManager,
  BasicTracerProvider,
  BatchSpanProcessor,
  CompositePropagator,
  InMemorySpanExporter,
  NodeTracerProvider,
  resourceFromAttributes,
  SDK_3,
  SDK_MAJOR,
  SimpleSpanProcessor,
  W3CTraceContextPropagator,
} from '../../../packages/otel-llmobs/test/helpers/sdk.js';
export type { ReadableSpan, SpanProcessor } from '../../../packages/otel-llmobs/test/helpers/sdk.js';
