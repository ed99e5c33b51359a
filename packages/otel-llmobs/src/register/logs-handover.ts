import type { HandoverLoggerProvider, LoggerProviderLike } from './handover-logger-provider.js';

/**
 * Where the Logs API keeps the global logger provider. Two places, and instrumentations read the one
 * of their SDK line: `@opentelemetry/api-logs` (SDK 2.x; every copy of it shares one global, and a
 * second registration is silently ignored) and the `logs` of `@opentelemetry/api` ≥ 1.10 (SDK 3.x;
 * a second registration is refused with a diag error).
 */
export type LogsApiKind = 'api-logs' | 'api';

/** What both Logs APIs offer, as far as we use it. */
export interface LogsApiLike {
  /** api-logs returns the provider now registered, the API ≥ 1.10 a boolean: success is read back instead. */
  setGlobalLoggerProvider(provider: LoggerProviderLike): unknown;
  getLoggerProvider(): LoggerProviderLike;
  disable(): void;
}

export interface LogsApiCopy {
  readonly kind: LogsApiKind;
  readonly logs: LogsApiLike;
}

export function isLogsApi(value: unknown): value is LogsApiLike {
  const logs = value as Partial<LogsApiLike> | null | undefined;
  return typeof logs?.setGlobalLoggerProvider === 'function' && typeof logs.getLoggerProvider === 'function' && typeof logs.disable === 'function';
}

/** The distinct copies among `candidates` (the same module reached twice counts once). */
export function distinctLogsApis(candidates: ReadonlyArray<{ kind: LogsApiKind; logs: unknown }>): LogsApiCopy[] {
  const seen = new Set<object>();
  const copies: LogsApiCopy[] = [];
  for (const { kind, logs } of candidates) {
    if (!isLogsApi(logs) || seen.has(logs)) continue;
    seen.add(logs);
    copies.push({ kind, logs });
  }
  return copies;
}

/** Whether a logger provider is registered in this copy's global (the API hands out a proxy until then). */
export function loggerProviderRegistered(logs: LogsApiLike): boolean {
  const provider = logs.getLoggerProvider() as { _getDelegateLogger?: (name: string) => unknown };
  return typeof provider._getDelegateLogger !== 'function' || provider._getDelegateLogger('otel-llmobs/register') !== undefined;
}

/**
 * Registers `ours` in each Logs API global that has no provider yet (through the first copy of that
 * kind), and installs the hand-over on every copy: when the application registers its own logger
 * provider after the zero-code start, ours steps aside just before its call (so that call succeeds
 * and its provider is the global one), and from then on forwards every record to it. Returns the
 * kinds ours was registered in (none: nothing was registered and nothing installed).
 */
export function registerLoggerWithHandover(
  copies: readonly LogsApiCopy[],
  ours: HandoverLoggerProvider,
  onHandOver: (kind: LogsApiKind) => void,
): LogsApiKind[] {
  const held = new Map<LogsApiKind, boolean>();
  const firstOf = new Map<LogsApiKind, { set(provider: LoggerProviderLike): unknown; logs: LogsApiLike }>();
  const originals = copies.map((copy) => copy.logs.setGlobalLoggerProvider.bind(copy.logs));
  copies.forEach((copy, i) => {
    if (firstOf.has(copy.kind)) return;
    firstOf.set(copy.kind, { set: originals[i]!, logs: copy.logs });
    if (loggerProviderRegistered(copy.logs)) return; // the app's, from before: left as it is
    originals[i]!(ours);
    held.set(copy.kind, copy.logs.getLoggerProvider() === ours);
  });
  const registered = [...held].filter(([, ok]) => ok).map(([kind]) => kind);
  if (registered.length === 0) return [];

  copies.forEach((copy, i) => {
    const original = originals[i]!;
    replace(copy.logs, 'setGlobalLoggerProvider', (provider: LoggerProviderLike): unknown => {
      if (held.get(copy.kind) !== true || provider === ours) return original(provider);
      copy.logs.disable();
      held.set(copy.kind, false);
      const result = original(provider);
      if (copy.logs.getLoggerProvider() === provider) {
        ours.handOver(provider);
        onHandOver(copy.kind);
        return result;
      }
      // Refused anyway: keep ours there rather than lose the records.
      const first = firstOf.get(copy.kind)!;
      first.set(ours);
      held.set(copy.kind, first.logs.getLoggerProvider() === ours);
      return result;
    });
  });
  return registered;
}

/** An own property over the singleton's method (the API's classes are left alone). */
function replace<T extends object>(target: T, name: string, fn: (...args: never[]) => unknown): void {
  Object.defineProperty(target, name, { value: fn, writable: true, configurable: true, enumerable: false });
}
