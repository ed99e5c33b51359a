import * as otelApi from '@opentelemetry/api';
import { diag, DiagConsoleLogger, DiagLogLevel } from '@opentelemetry/api';
import { readEnv } from '../config/env.js';
import { resolveProcessorSettings } from '../config/resolve-processor-config.js';
import { resolveTransportConfig } from '../config/datadog-transport-config.js';
// Both are public exports of the package: the build makes these two imports `require('otel-llmobs')` (tsup.config.ts).
import { LLMObsSpanProcessor } from '../processor/llmobs-span-processor.js';
import { LLMObsPropagator } from '../propagation/llmobs-propagator.js';
import type { SpanProcessorLike } from '../sdk-shapes/span-shapes.js';
import { registerEsmHooks } from './esm-hook.js';
import { installExitFlush } from './exit-flush.js';
import type { HandedOver, OTelApiLike, OurRegistration } from './handover.js';
import { distinctApis, registerWithHandover } from './handover.js';
import { HandoverTracerProvider } from './handover-tracer-provider.js';
import type { EnabledInstrumentation } from './instrumentations.js';
import { enableInstalledInstrumentations, installedInstrumentationEntries, parseInstrumentationSelection } from './instrumentations.js';
import type { PackageResolver } from './package-resolver.js';
import { applicationResolver, nearestPackageName, packageVersion, resolverAt, separateEsmEntry } from './package-resolver.js';
import { compareVersions } from './versions.js';
import { loadSdk } from './sdk-loader.js';
import { startLogRecords } from './start-log-records.js';
import { describeDestination, describeLogRecords, startupLine } from './startup-message.js';

/**
 * The zero-code start (`node --import otel-llmobs/register app.js`), once `DD_LLMOBS_ENABLED` said
 * yes: an OpenTelemetry tracer provider with `LLMObsSpanProcessor` (its exporter configured from the
 * environment like dd-trace), a context manager and a propagator, a logger provider with
 * `LLMObsLogRecordProcessor` when the app has the logs SDK, the LLM instrumentations the app has
 * installed, and delivery at exit. Steps aside when the app sets up OpenTelemetry itself
 * (docs/register.md). Never throws into the host: a failure is one line on stderr.
 */
export type StartZeroCode = (options: { apis: readonly unknown[] }) => void;

const logger = diag.createComponentLogger({ namespace: 'otel-llmobs/register' });

/** Past the processor's own flush bound, so that it resolves (and reports what it dropped) first. */
const EXIT_FLUSH_MARGIN_MILLIS = 1000;

export const startZeroCode: StartZeroCode = (options) => {
  try {
    start(options.apis);
  } catch (e) {
    say(`otel-llmobs/register: could not start LLM Observability: ${e instanceof Error ? e.message : String(e)}`);
  }
};

/**
 * The ESM build of the application's `@opentelemetry/api` when it is a module of its own (API ≥ 1.10):
 * `--import` imports it before starting, so that an ESM app's own setup is handed over too.
 */
export function applicationEsmApi(): string | undefined {
  try {
    return separateEsmEntry(applicationResolver(process.argv[1], process.cwd()), '@opentelemetry/api');
  } catch {
    return undefined;
  }
}

function start(extraApis: readonly unknown[]): void {
  const app = applicationResolver(process.argv[1], process.cwd());
  const apis = apiCopies(app, extraApis);
  const primary = apis[0];
  if (primary === undefined) {
    say('otel-llmobs/register: could not load @opentelemetry/api; LLM Observability is off');
    return;
  }

  if (tracerProviderRegistered(primary)) {
    say(
      'otel-llmobs/register: OpenTelemetry is already set up in this process (a tracer provider is registered); ' +
        'leaving it as it is: add LLMObsSpanProcessor to its span processors for LLM Observability (docs/register.md)',
    );
    return;
  }
  const loaded = loadSdk(app);
  if (!loaded.ok) {
    say(`otel-llmobs/register: LLM Observability is off: ${loaded.message} (resolved from ${app.from})`);
    return;
  }

  // Resolved before our logger is set, so that a bad environment value is reported once (by the
  // processor and exporter below), not twice.
  const settings = resolveProcessorSettings();
  const destination = describeDestination(resolveTransportConfig());
  setDefaultLogger(primary);

  let ended = 0;
  let endedAtFlush = 0;
  const counter: SpanProcessorLike = {
    onStart: () => undefined,
    onEnd: () => void ended++,
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
  // Like dd-trace, the service defaults to the application's package name.
  const serviceName = readEnv('DD_SERVICE') ?? readEnv('OTEL_SERVICE_NAME') ?? nearestPackageName(process.argv[1]);
  const sdkProvider = loaded.sdk.createProvider([new LLMObsSpanProcessor(), counter], serviceName);
  const registration: OurRegistration = {
    provider: new HandoverTracerProvider(sdkProvider, () => primary.trace.getTracerProvider()),
    contextManager: loaded.sdk.createContextManager(),
    propagator: loaded.sdk.createPropagator([new LLMObsPropagator()]),
    defaultLoggerActive: true,
  };

  let instrumentations: readonly EnabledInstrumentation[] = [];
  const onHandOver = (what: HandedOver): void => {
    if (what !== 'tracer provider') {
      logger.info(`the application registered its own ${what}; ours stepped aside`);
      return;
    }
    // The app's setup wins as a whole: its own instrumentations, its own processors.
    for (const instrumentation of instrumentations) for (const instance of instrumentation.instances) instance.disable();
    say(
      'otel-llmobs/register: the application set up its own OpenTelemetry tracer provider; spans go to it from now on ' +
        '(include LLMObsSpanProcessor in it for LLM Observability), and our instrumentations are disabled (docs/register.md)',
    );
  };
  if (!registerWithHandover(apis, registration, onHandOver)) {
    say('otel-llmobs/register: could not register the tracer provider (another OpenTelemetry setup got there first); LLM Observability is off');
    void sdkProvider.shutdown().catch(() => undefined);
    return;
  }

  // Before the instrumentations: they take their logger when they are constructed.
  const logRecords = startLogRecords(app, apis, () =>
    logger.info('the application registered its own logger provider; log records go to it from now on (and to ours while the application has no LLMObsLogRecordProcessor of its own)'),
  );
  const loggerProvider = logRecords.kind === 'started' ? logRecords.provider : undefined;

  const outcome = enableInstalledInstrumentations(app, parseInstrumentationSelection(readEnv('OTEL_LLMOBS_INSTRUMENTATIONS')), {
    meterProvider: primary.metrics?.getMeterProvider(),
    loggerProvider: logRecords.kind === 'started' ? logRecords.forInstrumentations : undefined,
  });
  instrumentations = outcome.enabled;
  for (const failed of outcome.failed) logger.warn(`could not enable ${failed.pkg}: ${failed.error}`);
  const esm = registerEsmHooks(outcome.enabled);

  installExitFlush({
    flush: () => {
      endedAtFlush = ended;
      // Records first: the spans they belong to are mapped in the tracer provider's flush.
      const records = loggerProvider?.forceFlush().catch(() => undefined) ?? Promise.resolve();
      return records.then(() => sdkProvider.forceFlush());
    },
    pending: () => ended > endedAtFlush,
    boundMillis: settings.flushTimeoutMillis + EXIT_FLUSH_MARGIN_MILLIS,
  });

  say(
    startupLine({
      mlApp: settings.mlApp ?? settings.service ?? serviceName,
      destination,
      sdk: loaded.sdk.label,
      instrumentations: outcome,
      esm,
      logRecords: describeLogRecords(logRecords, outcome.enabled),
    }),
  );
}

/**
 * The copies of `@opentelemetry/api` in the process that matter, newest first: the application's,
 * ours (a peer: normally the same module), the ESM build (API >= 1.10 ships a separate one) and
 * each installed instrumentation's (a regular dependency of theirs, which pnpm may resolve to a
 * newer minor than the app's). Everything is registered through the newest: the API lets a copy
 * read what a copy of the same or a newer minor registered, not an older one, and the first
 * registration fixes the version for all later ones. The others get the hand-over.
 */
function apiCopies(app: PackageResolver, extraApis: readonly unknown[]): OTelApiLike[] {
  const API = '@opentelemetry/api';
  const located = (resolver: PackageResolver): { api: unknown; version: string | undefined } => {
    const path = resolver.resolve(API);
    return { api: path === undefined ? undefined : resolver.load(API), version: path === undefined ? undefined : packageVersion(path, API) };
  };
  const appCopy = located(app);
  const candidates = [
    appCopy,
    { api: otelApi, version: packageVersion(require.resolve(API), API) },
    ...extraApis.map((api) => ({ api, version: appCopy.version })),
    ...installedInstrumentationEntries(app).map((entry) => located(resolverAt(entry))),
  ];
  // Stable: at equal versions the application's copy stays first.
  const sorted = [...candidates].sort((a, b) => compareVersions(b.version, a.version));
  return distinctApis(sorted.map((c) => c.api));
}

/** Whether a tracer provider is registered already (an earlier `--require`/`--import` set OpenTelemetry up). */
function tracerProviderRegistered(api: OTelApiLike): boolean {
  const provider = api.trace.getTracerProvider() as { getDelegateTracer?: (name: string) => unknown };
  // The API hands out a proxy; it has a delegate only once someone registered a provider.
  return typeof provider.getDelegateTracer !== 'function' || provider.getDelegateTracer('otel-llmobs/register') !== undefined;
}

const LOG_LEVELS: Readonly<Record<string, DiagLogLevel>> = {
  NONE: DiagLogLevel.NONE,
  ERROR: DiagLogLevel.ERROR,
  WARN: DiagLogLevel.WARN,
  INFO: DiagLogLevel.INFO,
  DEBUG: DiagLogLevel.DEBUG,
  VERBOSE: DiagLogLevel.VERBOSE,
  ALL: DiagLogLevel.ALL,
};

/**
 * Our diagnostics reach the console at `OTEL_LOG_LEVEL` (default WARN: a rejected API key or an
 * unreachable intake must not go unnoticed). Only a default: the app's own `diag.setLogger` replaces it.
 */
function setDefaultLogger(api: OTelApiLike): void {
  const raw = readEnv('OTEL_LOG_LEVEL');
  const level = raw === undefined ? DiagLogLevel.WARN : LOG_LEVELS[raw.toUpperCase()];
  api.diag.setLogger(new DiagConsoleLogger(), { logLevel: level ?? DiagLogLevel.WARN, suppressOverrideMessage: true });
  if (raw !== undefined && level === undefined) logger.warn(`Configuration: environment variable OTEL_LOG_LEVEL is invalid, expected one of ${Object.keys(LOG_LEVELS).join(', ')} (actual: '${raw}'); using WARN`);
}

/**
 * This entry point may write its one-line messages to stderr (the host chose to start it). The same
 * line goes to `diag` at INFO, below the default console level, so it is not printed twice.
 */
function say(line: string): void {
  logger.info(line);
  process.stderr.write(`${line}\n`);
}
