import type { ContextManager, DiagLogger, DiagLoggerOptions, TextMapPropagator, TracerProvider } from '@opentelemetry/api';
import type { HandoverTracerProvider } from './handover-tracer-provider.js';

/**
 * When the application sets up OpenTelemetry itself after the zero-code start (NodeSDK, a provider's
 * `register()`, or the API's `setGlobal…` calls directly), its setup wins: our registration steps
 * aside just before the app's call, so the app's call succeeds instead of failing with the API's
 * "duplicate registration" error, and there is one global provider, one context manager and one
 * propagator, the app's. Each of the three is handed over on its own call, in whatever order the
 * setup makes them (NodeSDK registers the context manager first, `NodeTracerProvider.register()`
 * the tracer provider first).
 *
 * Done by wrapping the three `setGlobal…` methods (and `diag.setLogger`, to keep our default logger
 * from printing an override warning) on each copy of `@opentelemetry/api` we can reach: ours, the
 * application's, and the ESM build of it where it has one. A copy we cannot reach still cannot
 * register over ours (the API refuses): see docs/register.md.
 */
export interface OTelApiLike {
  trace: { setGlobalTracerProvider(provider: TracerProvider): boolean; getTracerProvider(): TracerProvider; disable(): void };
  context: { setGlobalContextManager(manager: ContextManager): boolean; disable(): void };
  propagation: { setGlobalPropagator(propagator: TextMapPropagator): boolean; disable(): void };
  diag: { setLogger(logger: DiagLogger, options?: DiagLoggerOptions | number): boolean };
  /** The global meter provider (what `registerInstrumentations()` hands instrumentations). */
  metrics?: { getMeterProvider(): unknown };
}

export type HandedOver = 'tracer provider' | 'context manager' | 'propagator';

export interface OurRegistration {
  readonly provider: HandoverTracerProvider;
  readonly contextManager: ContextManager;
  readonly propagator: TextMapPropagator;
  /** Whether the diag logger currently set is our default one. */
  defaultLoggerActive: boolean;
}

export function isOTelApi(value: unknown): value is OTelApiLike {
  const api = value as Partial<OTelApiLike> | null | undefined;
  return (
    typeof api?.trace?.setGlobalTracerProvider === 'function' &&
    typeof api.context?.setGlobalContextManager === 'function' &&
    typeof api.propagation?.setGlobalPropagator === 'function' &&
    typeof api.diag?.setLogger === 'function'
  );
}

/** The distinct API copies among `candidates` (the same module reached twice counts once). */
export function distinctApis(candidates: readonly unknown[]): OTelApiLike[] {
  const seen = new Set<object>();
  const apis: OTelApiLike[] = [];
  for (const candidate of candidates) {
    if (!isOTelApi(candidate) || seen.has(candidate.trace)) continue;
    seen.add(candidate.trace);
    apis.push(candidate);
  }
  return apis;
}

/**
 * Registers ours through `apis[0]` and installs the hand-over on every copy. Returns false (and
 * registers nothing) if the tracer provider cannot be registered.
 */
export function registerWithHandover(apis: readonly OTelApiLike[], ours: OurRegistration, onHandOver: (what: HandedOver) => void): boolean {
  const primary = apis[0];
  if (primary === undefined || !primary.trace.setGlobalTracerProvider(ours.provider)) return false;
  const held = { trace: true, context: primary.context.setGlobalContextManager(ours.contextManager.enable()), propagation: primary.propagation.setGlobalPropagator(ours.propagator) };
  const originals = apis.map((api) => ({
    setGlobalTracerProvider: api.trace.setGlobalTracerProvider.bind(api.trace),
    setGlobalContextManager: api.context.setGlobalContextManager.bind(api.context),
    setGlobalPropagator: api.propagation.setGlobalPropagator.bind(api.propagation),
    setLogger: api.diag.setLogger.bind(api.diag),
  }));
  const primaryOriginal = originals[0]!;

  apis.forEach((api, i) => {
    const original = originals[i]!;
    replace(api.trace, 'setGlobalTracerProvider', (provider: TracerProvider): boolean => {
      if (!held.trace || provider === ours.provider) return original.setGlobalTracerProvider(provider);
      api.trace.disable();
      ours.provider.handOver();
      held.trace = false;
      if (original.setGlobalTracerProvider(provider)) {
        onHandOver('tracer provider');
        return true;
      }
      // Refused anyway (API versions that do not match): keep ours rather than lose the spans.
      ours.provider.takeBack();
      held.trace = primaryOriginal.setGlobalTracerProvider(ours.provider);
      return false;
    });
    replace(api.context, 'setGlobalContextManager', (manager: ContextManager): boolean => {
      if (!held.context || manager === ours.contextManager) return original.setGlobalContextManager(manager);
      api.context.disable(); // also disables ours: the app's manager takes over from here
      held.context = false;
      if (original.setGlobalContextManager(manager)) {
        onHandOver('context manager');
        return true;
      }
      held.context = primaryOriginal.setGlobalContextManager(ours.contextManager.enable());
      return false;
    });
    replace(api.propagation, 'setGlobalPropagator', (propagator: TextMapPropagator): boolean => {
      if (!held.propagation || propagator === ours.propagator) return original.setGlobalPropagator(propagator);
      api.propagation.disable();
      held.propagation = false;
      if (original.setGlobalPropagator(propagator)) {
        onHandOver('propagator');
        return true;
      }
      held.propagation = primaryOriginal.setGlobalPropagator(ours.propagator);
      return false;
    });
    replace(api.diag, 'setLogger', (logger: DiagLogger, options?: DiagLoggerOptions | number): boolean => {
      if (!ours.defaultLoggerActive) return original.setLogger(logger, options);
      ours.defaultLoggerActive = false;
      // Ours was only a default: replacing it is not worth the API's "logger will be overwritten" warning.
      const normalized: DiagLoggerOptions = typeof options === 'number' ? { logLevel: options } : { ...options };
      return original.setLogger(logger, { ...normalized, suppressOverrideMessage: true });
    });
  });
  return true;
}

/** An own property over the singleton's method (the API's classes are left alone). */
function replace<T extends object>(target: T, name: string, fn: (...args: never[]) => unknown): void {
  Object.defineProperty(target, name, { value: fn, writable: true, configurable: true, enumerable: false });
}
