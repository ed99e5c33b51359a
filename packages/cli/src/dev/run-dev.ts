// `otel-llmobs dev`, as a function: open the store, start the server, print traces, stop cleanly.
import { resolve } from 'node:path';
import { DevStore, type Retention } from './store/dev-store.js';
import type { SqliteDriverChoice } from './store/sqlite.js';
import { startDevServer, type DevServer } from './server.js';
import { TracePrinter } from './terminal-tree.js';
import { describeRetention } from './options.js';
import { createDevOtlpReceiver } from '../otlp/dev-receiver.js';
import type { EvaluationsOptions } from 'otel-llmobs';
import type { IngestOutcome } from './ingest.js';
import { startDevEvaluations } from '../evaluations/dev-evaluations.js';

export interface RunDevOptions {
  host: string;
  port: number;
  dbPath: string;
  retention: Required<Retention>;
  quiet: boolean;
  color: boolean;
  driver?: SqliteDriverChoice;
  uiDir?: string;
  /** `--evaluations`: run the managed evaluations on every span received (docs/evaluations.md). */
  evaluations?: EvaluationsOptions;
  /** Where lines go (stdout by default in the CLI). */
  write: (text: string) => void;
}

export interface RunningDev {
  server: DevServer;
  store: DevStore;
  /** Flush the printer, stop the server, close the database. Idempotent. */
  stop(): Promise<void>;
}

export async function runDev(options: RunDevOptions): Promise<RunningDev> {
  const dbPath = options.dbPath === ':memory:' ? ':memory:' : resolve(options.dbPath);
  const store = new DevStore({ path: dbPath, retention: options.retention, driver: options.driver });
  let printer: TracePrinter | undefined;
  let server: DevServer;
  const evaluations = options.evaluations ? startDevEvaluations(store, options.evaluations, (outcome) => printer?.onIngest(outcome)) : undefined;
  const onIngest = (outcome: IngestOutcome): void => {
    printer?.onIngest(outcome);
    evaluations?.onIngest(outcome);
  };
  // OTLP/HTTP apps (POST /v1/traces) are mapped and processed as in-process, then stored like agent traffic.
  const otlp = createDevOtlpReceiver({ store, onStored: onIngest });
  try {
    server = await startDevServer({
      store,
      host: options.host,
      port: options.port,
      uiDir: options.uiDir,
      extraRoutes: [otlp.route],
      onIngest,
      onError: (err, req) => options.write(`internal error on ${req.method ?? ''} ${req.url ?? ''}: ${(err as Error).stack ?? String(err)}\n`),
    });
  } catch (err) {
    await otlp.close();
    await evaluations?.shutdown();
    store.close();
    throw err;
  }
  if (!options.quiet) printer = new TracePrinter({ write: options.write, color: options.color, uiUrl: server.url });

  const s = store.summary();
  const lines = [
    `otel-llmobs dev intake listening on ${server.url}`,
    `  viewer     ${server.url}/`,
    `  agent      DD_TRACE_AGENT_URL=${server.url}   (dd-trace SDKs, otel-llmobs agent mode: /evp_proxy/v2/…)`,
    `  agentless  ${server.url}/api/v2/llmobs   ${server.url}/api/intake/llm-obs/v2/eval-metric`,
    `  otlp       OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=${server.url}/v1/traces   (OTLP/HTTP protobuf or JSON, any language)`,
    `  storage    ${dbPath} (${store.driver}; ${s.traces} traces, ${s.spans} spans kept: ${describeRetention(options.retention)})`,
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
        store.close();
      })();
      return stopping;
    },
  };
}
