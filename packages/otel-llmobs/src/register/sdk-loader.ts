import type { ContextManager, TextMapPropagator, TracerProvider } from '@opentelemetry/api';
import type { SpanProcessorLike } from '../sdk-shapes/span-shapes.js';
import type { PackageResolver } from './package-resolver.js';
import { packageVersion, resolverAt } from './package-resolver.js';

/**
 * The OpenTelemetry SDK the zero-code start builds its tracer provider with, loaded from the
 * application: otel-llmobs keeps `@opentelemetry/api` as its only dependency, so the SDK is an
 * optional peer the app installs (as it would for any OpenTelemetry setup).
 */
export interface LoadedSdk {
  /** `@opentelemetry/sdk-trace-node 2.12.0`, for the startup line. */
  readonly label: string;
  /** With `serviceName` as the resource's `service.name`, over the SDK's defaults and `OTEL_RESOURCE_ATTRIBUTES`. */
  createProvider(spanProcessors: SpanProcessorLike[], serviceName: string | undefined): SdkTracerProvider;
  createContextManager(): ContextManager;
  /** W3C trace context and baggage, then `extra`. */
  createPropagator(extra: readonly TextMapPropagator[]): TextMapPropagator;
}

export interface SdkTracerProvider extends TracerProvider {
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

export type SdkLoadResult = { readonly ok: true; readonly sdk: LoadedSdk } | { readonly ok: false; readonly message: string };

type ProviderClass = new (config: { spanProcessors: SpanProcessorLike[]; resource?: ResourceLike }) => SdkTracerProvider;
interface ResourceLike {
  merge(other: ResourceLike): ResourceLike;
}
interface ResourcesModule {
  defaultResource(): ResourceLike;
  resourceFromAttributes(attributes: Record<string, string>): ResourceLike;
  detectResources(config: { detectors: unknown[] }): ResourceLike;
  envDetector: unknown;
}
interface CoreModule {
  CompositePropagator: new (config: { propagators: TextMapPropagator[] }) => TextMapPropagator;
  W3CTraceContextPropagator: new () => TextMapPropagator;
  W3CBaggagePropagator: new () => TextMapPropagator;
}
interface ContextAsyncHooksModule {
  AsyncLocalStorageContextManager: new () => ContextManager;
}

/** The packages tried, in order: the provider class each exports. */
const CANDIDATES: ReadonlyArray<{ name: string; provider: string }> = [
  { name: '@opentelemetry/sdk-trace-node', provider: 'NodeTracerProvider' }, // 2.x
  { name: '@opentelemetry/sdk-trace', provider: 'TracerProvider' }, // 3.x
  { name: '@opentelemetry/sdk-trace-base', provider: 'BasicTracerProvider' }, // 2.x, without the Node package
];
const CONTEXT_ASYNC_HOOKS = '@opentelemetry/context-async-hooks';
const CORE = '@opentelemetry/core';
const RESOURCES = '@opentelemetry/resources';

export const MISSING_SDK_MESSAGE =
  'no OpenTelemetry SDK is installed in the application: install @opentelemetry/sdk-trace-node (SDK 2.x), ' +
  'or @opentelemetry/sdk-trace and @opentelemetry/context-async-hooks (SDK 3.x)';

export function loadSdk(app: PackageResolver): SdkLoadResult {
  for (const candidate of CANDIDATES) {
    const entry = app.resolve(candidate.name);
    if (entry === undefined) continue;
    const here = resolverAt(entry);
    const Provider = app.load<Record<string, unknown>>(candidate.name)?.[candidate.provider] as ProviderClass | undefined;
    // The SDK's own core, and the context manager next to it (a dependency of sdk-trace-node), else the app's.
    const core = here.load<CoreModule>(CORE) ?? app.load<CoreModule>(CORE);
    const asyncHooks = here.load<ContextAsyncHooksModule>(CONTEXT_ASYNC_HOOKS) ?? app.load<ContextAsyncHooksModule>(CONTEXT_ASYNC_HOOKS);
    if (typeof Provider !== 'function' || core === undefined) {
      return { ok: false, message: `${candidate.name} is installed but has no ${candidate.provider} (or no ${CORE} beside it): not a supported SDK` };
    }
    if (asyncHooks === undefined) {
      return { ok: false, message: `${candidate.name} is installed but ${CONTEXT_ASYNC_HOOKS} is not: install it in the application` };
    }
    const resources = here.load<ResourcesModule>(RESOURCES);
    const version = packageVersion(entry, candidate.name);
    return {
      ok: true,
      sdk: {
        label: version === undefined ? candidate.name : `${candidate.name} ${version}`,
        createProvider: (spanProcessors, serviceName) => new Provider({ spanProcessors, resource: resourceFor(resources, serviceName) }),
        createContextManager: () => new asyncHooks.AsyncLocalStorageContextManager(),
        createPropagator: (extra) =>
          new core.CompositePropagator({ propagators: [new core.W3CTraceContextPropagator(), new core.W3CBaggagePropagator(), ...extra] }),
      },
    };
  }
  return { ok: false, message: MISSING_SDK_MESSAGE };
}

/** The SDK's default resource, then `OTEL_RESOURCE_ATTRIBUTES`/`OTEL_SERVICE_NAME`, then `serviceName`; the SDK's own default without `@opentelemetry/resources`. */
function resourceFor(resources: ResourcesModule | undefined, serviceName: string | undefined): ResourceLike | undefined {
  if (resources === undefined || typeof resources.defaultResource !== 'function') return undefined;
  let resource = resources.defaultResource().merge(resources.detectResources({ detectors: [resources.envDetector] }));
  if (serviceName !== undefined) resource = resource.merge(resources.resourceFromAttributes({ 'service.name': serviceName }));
  return resource;
}
