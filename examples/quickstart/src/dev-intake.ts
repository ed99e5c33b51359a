// The local dev intake, embedded: `otel-llmobs dev` as a library (DevStore + startDevServer), with the
// dev server's terminal printer for the trees.
import type { DevServer } from '@otel-llmobs/cli';
import { DEFAULT_PORT, DevStore, startDevServer, TracePrinter } from '@otel-llmobs/cli';

export interface EmbeddedIntake {
  readonly url: string;
  /** Wait until the intake holds `spanCount` spans of the trace (read through its JSON API). */
  waitForTrace(traceId: string, spanCount: number, timeoutMs?: number): Promise<boolean>;
  /** Print the trees of the traces received so far, now (the printer otherwise waits a moment for stragglers). */
  printPending(): void;
  close(): Promise<void>;
}

export interface EmbeddedIntakeOptions {
  /** Default: the Agent's port, 8126, when it is free; else any free port. */
  port?: number;
  dbPath: string;
  color: boolean;
  write: (text: string) => void;
}

export async function startEmbeddedIntake(options: EmbeddedIntakeOptions): Promise<EmbeddedIntake> {
  const store = new DevStore({ path: options.dbPath });
  // The printer links each trace to the viewer, so it is made once the server knows its URL.
  const out: { printer?: TracePrinter } = {};
  const listen = (port: number): Promise<DevServer> => startDevServer({ store, port, onIngest: (outcome) => out.printer?.onIngest(outcome) });
  let server: DevServer;
  try {
    try {
      server = await listen(options.port ?? DEFAULT_PORT);
    } catch (err) {
      // 8126 taken (a Datadog Agent, or `otel-llmobs dev` already running): any free port will do.
      if (options.port !== undefined || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
      server = await listen(0);
    }
  } catch (err) {
    store.close();
    throw err;
  }
  const printer = new TracePrinter({ write: options.write, color: options.color, uiUrl: server.url });
  out.printer = printer;

  let closing: Promise<void> | undefined;
  return {
    url: server.url,
    async waitForTrace(traceId, spanCount, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const res = await fetch(`${server.url}/api/traces/${traceId}`);
        if (res.ok) {
          const detail = (await res.json()) as { spans?: unknown[] };
          if ((detail.spans?.length ?? 0) >= spanCount) return true;
        } else {
          await res.body?.cancel();
        }
        if (Date.now() > deadline) return false;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    printPending: () => printer.flush(),
    close() {
      closing ??= (async () => {
        printer.flush();
        await server.close();
        store.close();
      })();
      return closing;
    },
  };
}
