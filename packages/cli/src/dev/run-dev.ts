// `otel-llmobs dev`, as a function: open the store, start the server, print traces, stop cleanly.
import { resolve } from 'node:path';
import { DevStore, type Retention } from './store/dev-store.js';
import type { SqliteDriverChoice } from './store/sqlite.js';
import { startDevServer, type DevServer } from './server.js';
import { TracePrinter } from './terminal-tree.js';
import { describeRetention } from './options.js';
import type { SensitiveDataOptions } from 'otel-llmobs';
import { createDevOtlpReceiver } from './otlp-receiver.js';
import { createSpanEventScanner, LLMMetricsRecorder } from 'otel-llmobs/internals';
import type { MetricsFlags } from '../metrics/metrics-options.js';
import { exportsMetrics } from '../metrics/metrics-options.js';
import type { CliMetrics } from '../metrics/meter-provider.js';
import { startCliMetrics } from '../metrics/meter-provider.js';
import { recordStored } from './stored-metrics.js';
import type { IngestOutcome } from './ingest.js';
import type { EvaluationsOptions } from 'otel-llmobs';
import type { DevEvaluations } from './evaluations.js';
import { startDevEvaluations } from './evaluations.js';

export interface RunDevOptions {
  host: string;
  port: number;
  dbPath: string;
  retention: Required<Retention>;
  quiet: boolean;
  color: boolean;
  driver?: SqliteDriverChoice;
  uiDir?: string;
  /** The processor's `sensitiveData` option (`--sensitive-data`), for every route: OTLP, the agent's EVP proxy and agentless. */
  sensitiveData?: SensitiveDataOptions;
  /** `--evaluations`: run the managed evaluations on every span received (docs/evaluations.md). */
  evaluations?: EvaluationsOptions;
  /** Where lines go (stdout by default in the CLI). */
  write: (text: string) => void;
  /** LLM metrics of what is stored, for Prometheus and/or OTLP (`--metrics-*` flags). */
  metrics?: MetricsFlags;
}

export interface RunningDev {
  server: DevServer;
  store: DevStore;
  /** Flush the printer, stop the server, close the database. Idempotent. */
  stop(): Promise<void>;
}

export async function runDev(options: RunDevOptions): Promise<RunningDev> {
  // Spans that arrive encoded (dd-trace SDKs, agent mode) get the scan OTLP traffic gets in the
  // processor: one option, on by default. A bad option throws here, before anything is opened.
  const scanner = createSpanEventScanner(options.sensitiveData);
  const dbPath = options.dbPath === ':memory:' ? ':memory:' : resolve(options.dbPath);
  const store = new DevStore({ path: dbPath, retention: options.retention, driver: options.driver, prices: options.metrics?.recorder.prices });
  let printer: TracePrinter | undefined;
  let server: DevServer;
  let metrics: CliMetrics | undefined;
  // Metrics from what was stored, whichever route it came by (each span once).
  let recorder: LLMMetricsRecorder | undefined;
  try {
    if (exportsMetrics(options.metrics)) {
      metrics = await startCliMetrics(options.metrics, 'otel-llmobs-dev');
      recorder = new LLMMetricsRecorder(metrics.meterProvider, options.metrics.recorder);
    }
  } catch (err) {
    await metrics?.shutdown();
    store.close();
    throw err;
  }
  // eslint-disable-next-line prefer-const -- assigned below: its results come back through onStored
  let evaluations: DevEvaluations | undefined;
  const onStored = (outcome: IngestOutcome): void => {
    if (recorder) recordStored(recorder, outcome.stored);
    printer?.onIngest(outcome);
    evaluations?.onIngest(outcome);
  };
  evaluations = options.evaluations ? startDevEvaluations(store, options.evaluations, onStored) : undefined;
  // OTLP/HTTP apps (POST /v1/traces) are mapped and processed as in-process, then stored like agent traffic.
  const otlp = createDevOtlpReceiver({ store, onStored, ...(options.sensitiveData ? { processor: { sensitiveData: options.sensitiveData } } : {}) });
  try {
    server = await startDevServer({
      store,
      host: options.host,
      port: options.port,
      uiDir: options.uiDir,
      extraRoutes: [otlp.route],
      onIngest: onStored,
      ...(scanner ? { scanner } : {}),
      onError: (err, req) => options.write(`internal error on ${req.method ?? ''} ${req.url ?? ''}: ${(err as Error).stack ?? String(err)}\n`),
    });
  } catch (err) {
    await otlp.close();
    await evaluations?.shutdown();
    await metrics?.shutdown();
    store.close();
    throw err;
  }
  if (!options.quiet) printer = new TracePrinter({ write: options.write, color: options.color, uiUrl: server.url, prices: options.metrics?.recorder.prices });

  const s = store.summary();
  const lines = [
    `otel-llmobs dev intake listening on ${server.url}`,
    `  viewer     ${server.url}/`,
    `  agent      DD_TRACE_AGENT_URL=${server.url}   (dd-trace SDKs, otel-llmobs agent mode: /evp_proxy/v2/…)`,
    `  agentless  ${server.url}/api/v2/llmobs   ${server.url}/api/intake/llm-obs/v2/eval-metric`,
    `  otlp       OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=${server.url}/v1/traces   (OTLP/HTTP protobuf or JSON, any language)`,
    `  storage    ${dbPath} (${store.driver}; ${s.traces} traces, ${s.spans} spans kept: ${describeRetention(options.retention)})`,
    ...(metrics?.lines ?? []),
  ];
  if (evaluations) lines.push(`  evaluate   ${evaluations.description}`);
  if (!options.quiet) lines.push('  Waiting for spans… (Ctrl-C to stop)');
  options.write(`${lines.join('\n')}\n`);

  let stopping: Promise<void> | undefined;
  return {
    server,
    store,
    stop() {
      stopping ??= (async () => {
        printer?.flush();
        await server.close();
        // Buffered OTLP traces are stored (and printed) before the database closes.
        await otlp.close();
        // Evaluations still queued are judged (within their flush bound) and stored before the database closes.
        await evaluations?.shutdown();
        printer?.flush();
        await metrics?.shutdown();
        store.close();
      })();
      return stopping;
    },
  };
}
