// A public export of the package: the build makes this import `require('otel-llmobs')` (tsup.config.ts).
import { LLMObsLogRecordProcessor } from '../logs/llmobs-log-record-processor.js';
import { logEventSources } from '../runtime/log-event-sources.js';
import { HandoverLoggerProvider } from './handover-logger-provider.js';
import type { LogsApiKind } from './logs-handover.js';
import { loggerProviderRegistered, registerLoggerWithHandover } from './logs-handover.js';
import type { SdkLoggerProvider } from './logs-sdk-loader.js';
import { loadLogsSdk, logsApiCopies, SDK_LOGS } from './logs-sdk-loader.js';
import type { PackageResolver } from './package-resolver.js';

/**
 * The log-record half of the zero-code start: content that instrumentations put in log records
 * (the official OTel GenAI ones) is joined to its span by `LLMObsLogRecordProcessor`, which needs a
 * logger provider registered where those instrumentations look for one. Started only when the
 * application has `@opentelemetry/sdk-logs`, before the instrumentations are constructed (they take
 * their logger then).
 */
export type LogRecordsOutcome =
  | {
      readonly kind: 'started';
      readonly label: string;
      /** Flushed at exit. */
      readonly provider: SdkLoggerProvider;
      /** Handed to the instrumentations we enable: the global one, or forwarding to the app's registered before. */
      readonly forInstrumentations: HandoverLoggerProvider;
    }
  /** No logs SDK in the application. */
  | { readonly kind: 'absent' }
  | { readonly kind: 'off'; readonly reason: string };

export function startLogRecords(app: PackageResolver, apis: readonly unknown[], onHandOver: (kind: LogsApiKind) => void): LogRecordsOutcome {
  let provider: SdkLoggerProvider | undefined;
  try {
    const loaded = loadLogsSdk(app);
    if (loaded.kind === 'absent') return loaded;
    if (loaded.kind === 'unsupported') return { kind: 'off', reason: loaded.message };
    const copies = logsApiCopies(app, loaded.entry, apis);
    if (copies.length === 0) {
      return { kind: 'off', reason: `log records not joined: no Logs API beside ${SDK_LOGS} (@opentelemetry/api-logs, or @opentelemetry/api ≥ 1.10)` };
    }
    provider = loaded.sdk.createProvider([new LLMObsLogRecordProcessor()]);
    // Ours also gets the records the application's provider gets, unless the application has an
    // LLMObsLogRecordProcessor of its own (ours is the only store then): one of the two joins them, never both.
    const handover = new HandoverLoggerProvider(provider, () => logEventSources().size <= 1);
    if (registerLoggerWithHandover(copies, handover, onHandOver).length > 0) return { kind: 'started', label: loaded.sdk.label, provider, forInstrumentations: handover };
    // The application registered its own first: it stays the global one, and the instrumentations
    // we enable are handed ours, which forwards to it.
    const apps = copies.find((copy) => loggerProviderRegistered(copy.logs));
    if (apps === undefined) {
      void provider.shutdown().catch(() => undefined);
      return { kind: 'off', reason: 'log records not joined: the logger provider could not be registered' };
    }
    handover.handOver(apps.logs.getLoggerProvider());
    return { kind: 'started', label: `${loaded.sdk.label}; the application's logger provider, registered first, kept`, provider, forInstrumentations: handover };
  } catch (e) {
    void provider?.shutdown().catch(() => undefined);
    return { kind: 'off', reason: `log records not joined: ${SDK_LOGS} could not be started (${e instanceof Error ? e.message : String(e)})` };
  }
}
