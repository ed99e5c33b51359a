import type { LogRecordProcessorLike } from '../logs/log-record-shapes.js';
import type { LoggerProviderLike } from './handover-logger-provider.js';
import type { LogsApiCopy, LogsApiKind } from './logs-handover.js';
import { distinctLogsApis } from './logs-handover.js';
import type { PackageResolver } from './package-resolver.js';
import { packageVersion, resolverAt } from './package-resolver.js';

/**
 * The OpenTelemetry Logs SDK the zero-code start builds its logger provider with, loaded from the
 * application only when it has `@opentelemetry/sdk-logs` installed (an optional peer, like the trace
 * SDK: never installed by us).
 */
export interface LoadedLogsSdk {
  /** `@opentelemetry/sdk-logs 0.223.0`, for the startup line. */
  readonly label: string;
  createProvider(processors: LogRecordProcessorLike[]): SdkLoggerProvider;
}

export interface SdkLoggerProvider extends LoggerProviderLike {
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

export type LogsSdkLoadResult =
  | { readonly kind: 'loaded'; readonly sdk: LoadedLogsSdk; readonly entry: string }
  | { readonly kind: 'absent' }
  | { readonly kind: 'unsupported'; readonly message: string };

type LoggerProviderClass = new (config: { processors: LogRecordProcessorLike[] }) => SdkLoggerProvider;

export const SDK_LOGS = '@opentelemetry/sdk-logs';
const API_LOGS = '@opentelemetry/api-logs';
const SDK_NODE = '@opentelemetry/sdk-node';

export function loadLogsSdk(app: PackageResolver): LogsSdkLoadResult {
  const entry = app.resolve(SDK_LOGS);
  if (entry === undefined) return { kind: 'absent' };
  const Provider = app.load<Record<string, unknown>>(SDK_LOGS)?.LoggerProvider as LoggerProviderClass | undefined;
  if (typeof Provider !== 'function') return { kind: 'unsupported', message: `${SDK_LOGS} is installed but has no LoggerProvider: log records not joined` };
  const version = packageVersion(entry, SDK_LOGS);
  return {
    kind: 'loaded',
    entry,
    sdk: {
      label: version === undefined ? SDK_LOGS : `${SDK_LOGS} ${version}`,
      createProvider: (processors) => new Provider({ processors }),
    },
  };
}

/**
 * The copies of the Logs API that matter: the `logs` of each `@opentelemetry/api` copy that has one
 * (≥ 1.10, SDK 3.x), and the `@opentelemetry/api-logs` (SDK 2.x) of the application, of its logs SDK
 * and of `@opentelemetry/sdk-node` (which registers NodeSDK's provider through its own copy). Loaded
 * only when the logs SDK is.
 */
export function logsApiCopies(app: PackageResolver, sdkLogsEntry: string, apis: readonly unknown[]): LogsApiCopy[] {
  const apiLogsBeside = (resolver: PackageResolver): unknown => resolver.load<{ logs?: unknown }>(API_LOGS)?.logs;
  const sdkNode = app.resolve(SDK_NODE);
  const candidates: Array<{ kind: LogsApiKind; logs: unknown }> = [
    ...apis.map((api) => ({ kind: 'api' as const, logs: (api as { logs?: unknown } | undefined)?.logs })),
    { kind: 'api-logs', logs: apiLogsBeside(resolverAt(sdkLogsEntry)) },
    { kind: 'api-logs', logs: apiLogsBeside(app) },
    { kind: 'api-logs', logs: sdkNode === undefined ? undefined : apiLogsBeside(resolverAt(sdkNode)) },
  ];
  return distinctLogsApis(candidates);
}
