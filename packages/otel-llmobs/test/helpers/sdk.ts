/**
 * The OpenTelemetry SDK classes tests build providers with, from SDK 2.x (default) or 3.x
 * (`OTEL_SDK_MAJOR=3`, Node ≥ 22.15: `.ci/run` runs the whole suite a second time that way).
 * Tests import from here instead of `@opentelemetry/sdk-trace-base` / `sdk-trace-node`.
 *
 * - 2.x: `@opentelemetry/sdk-trace-base`, `sdk-trace-node`, `core`, `resources`,
 *   `context-async-hooks` as they are.
 * - 3.x: the aliased devDependencies `@opentelemetry/sdk-trace-v3` (→ `@opentelemetry/sdk-trace`
 *   3.1.1), `core-v3`, `resources-v3`, `context-async-hooks-v3`, behind the 2.x call shapes (see
 *   ./sdk-v3.ts). They need API 1.10, so under the switch vitest.config.ts aliases
 *   `@opentelemetry/api` to 1.10.0 for everything vitest loads (tests, our sources and dist, and the
 *   3.x packages, which it inlines for that): one API copy registers and reads the globals.
 *
 * Types are the 2.x ones (structurally the same for what tests touch).
 */
import type * as V2 from './sdk-v2.js';

export const SDK_MAJOR: 2 | 3 = process.env.OTEL_SDK_MAJOR === '3' ? 3 : 2;

const impl = (SDK_MAJOR === 3 ? await import('./sdk-v3.js') : await import('./sdk-v2.js')) as unknown as typeof V2;

export type BasicTracerProvider = V2.BasicTracerProvider;
export const BasicTracerProvider = impl.BasicTracerProvider;
export type NodeTracerProvider = V2.NodeTracerProvider;
export const NodeTracerProvider = impl.NodeTracerProvider;
export type SimpleSpanProcessor = V2.SimpleSpanProcessor;
export const SimpleSpanProcessor = impl.SimpleSpanProcessor;
export type BatchSpanProcessor = V2.BatchSpanProcessor;
export const BatchSpanProcessor = impl.BatchSpanProcessor;
export type InMemorySpanExporter = V2.InMemorySpanExporter;
export const InMemorySpanExporter = impl.InMemorySpanExporter;
export type AsyncLocalStorageContextManager = V2.AsyncLocalStorageContextManager;
export const AsyncLocalStorageContextManager = impl.AsyncLocalStorageContextManager;
export type CompositePropagator = V2.CompositePropagator;
export const CompositePropagator = impl.CompositePropagator;
export type W3CTraceContextPropagator = V2.W3CTraceContextPropagator;
export const W3CTraceContextPropagator = impl.W3CTraceContextPropagator;
export const resourceFromAttributes = impl.resourceFromAttributes;
export const isTracingSuppressed = impl.isTracingSuppressed;
export type { ReadableSpan, Span, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
export type { ExportResult } from '@opentelemetry/core';

/** Under the SDK 3.x switch. Tests that need 2.x-only libraries use `describe.skipIf(SDK_3)` and say why. */
export const SDK_3 = SDK_MAJOR === 3;
