// Datadog mode (DD_API_KEY set): send agentless to Datadog, and keep a copy of what was sent, to print
// the same tree as the dev intake does and to report what the intake answered.
import type { FetchLike } from 'otel-llmobs';
import { DevStore, ingestEvaluations, ingestSpans, TracePrinter } from '@otel-llmobs/cli';

export interface DatadogDestination {
  /** Where the spans go: `https://llmobs-intake.<site>`, or OTEL_LLMOBS_INTAKE_URL. */
  intake: string;
  /** Where to look at them. */
  app: string;
  site: string;
  overridden: boolean;
}

/** Mirrors the exporter's routing (docs/datadog-exporter.md) for display only. */
export function datadogDestination(env: NodeJS.ProcessEnv): DatadogDestination {
  const site = (env.DD_SITE?.trim() || 'datadoghq.com').toLowerCase();
  const override = env.OTEL_LLMOBS_INTAKE_URL?.trim();
  // datadoghq.com → app.datadoghq.com; us3.datadoghq.com → us3.datadoghq.com
  const appHost = site.split('.').length > 2 ? site : `app.${site}`;
  return {
    intake: override ? override.replace(/\/+$/, '') : `https://llmobs-intake.${site}`,
    app: `https://${appHost}/llm/traces`,
    site,
    overridden: Boolean(override),
  };
}

export interface SentRequest {
  url: string;
  status: number | 'network error';
}

export interface SendRecorder {
  /** Give this to LLMObsExporter and createEvaluationWriter. */
  readonly fetch: FetchLike;
  readonly requests: readonly SentRequest[];
  printPending(): void;
  close(): void;
}

/**
 * A `fetch` that sends as usual, and feeds every accepted payload (spans, evaluations) to the dev server's terminal
 * printer (through an in-memory store: no server is started, nothing is written to disk).
 */
export function recordSends(options: { color: boolean; write: (text: string) => void }): SendRecorder {
  const store = new DevStore({ path: ':memory:' });
  const printer = new TracePrinter({ write: options.write, color: options.color });
  const requests: SentRequest[] = [];
  const fetchAndRecord: FetchLike = async (url, init) => {
    try {
      const res = await fetch(url, init);
      requests.push({ url, status: res.status });
      const path = new URL(url).pathname;
      if (res.status >= 200 && res.status < 300 && init.body !== undefined) {
        if (path.endsWith('/api/v2/llmobs')) printer.onIngest(ingestSpans(store, { method: 'POST', path, body: init.body }));
        if (path.endsWith('/eval-metric')) printer.onIngest(ingestEvaluations(store, { method: 'POST', path, body: init.body }));
      }
      return res;
    } catch (err) {
      requests.push({ url, status: 'network error' });
      throw err;
    }
  };
  return {
    fetch: fetchAndRecord,
    requests,
    printPending: () => printer.flush(),
    close: () => store.close(),
  };
}
