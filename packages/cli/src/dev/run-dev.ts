// `otel-llmobs dev`, as a function: open the store, start the server, print traces, stop cleanly.
import { resolve } from 'node:path';
import { DevStore, type Retention } from './store/dev-store.js';
import type { SqliteDriverChoice } from './store/sqlite.js';
import { startDevServer, type DevServer } from './server.js';
import { TracePrinter } from './terminal-tree.js';
import { describeRetention } from './options.js';
import { createDevOtlpReceiver } from './otlp-receiver.js';

export interface RunDevOptions {
  host: string;
  port: number;
  dbPath: string;
  retention: Required<Retention>;
  quiet: boolean;
  color: boolean;
  driver?: SqliteDriverChoice;
  uiDir?: string;
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
  // OTLP/HTTP apps (POST /v1/traces) are mapped and processed as in-process, then stored like agent traffic.
  const otlp = createDevOtlpReceiver({ store, onStored: (outcome) => printer?.onIngest(outcome) });
  try {
    server = await startDevServer({
      store,
      host: options.host,
      port: options.port,
      uiDir: options.uiDir,
      extraRoutes: [otlp.route],
      onIngest: (outcome) => printer?.onIngest(outcome),
      onError: (err, req) => options.write(`internal error on ${req.method ?? ''} ${req.url ?? ''}: ${(err as Error).stack ?? String(err)}\n`),
    });
  } catch (err) {
    await otlp.close();
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
        printer?.flush();
        store.close();
      })();
      return stopping;
    },
  };
}
