// `otel-llmobs gateway` as a function: start, print where things are, log refused requests, and
// stop gracefully (SIGTERM: every buffered trace is replayed and delivered before exit).
import type { GatewayOptions, RunningGateway } from './gateway.js';
import { startGateway } from './gateway.js';
import { TRACE_BUFFER_DEFAULTS } from '../otlp/trace-buffer.js';
import type { MetricsFlags } from '../metrics/metrics-options.js';
import { exportsMetrics } from '../metrics/metrics-options.js';
import { startCliMetrics } from '../metrics/meter-provider.js';
import { describeEvaluations } from '../evaluations/evaluations-file.js';
import { ADMISSION_DEFAULTS } from './admission.js';
import { DEFAULT_DRAIN_TIMEOUT_MS, describeDrain } from './drain.js';

export interface RunGatewayOptions {
  gateway: GatewayOptions;
  quiet: boolean;
  write: (text: string) => void;
  /** LLM metrics of the replayed spans, for Prometheus and/or OTLP (`--metrics-*` flags). */
  metrics?: MetricsFlags;
}

export interface RunningGatewayCommand {
  gateway: RunningGateway;
  /** Graceful stop; resolves once everything buffered was delivered (or given up on). Idempotent. */
  stop(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export async function runGateway(options: RunGatewayOptions): Promise<RunningGatewayCommand> {
  const { write } = options;
  let refusedLogged = 0;
  const metrics = exportsMetrics(options.metrics) ? await startCliMetrics(options.metrics, 'otel-llmobs-gateway') : undefined;
  // The replay processor records them, as LLMObsSpanProcessor does in-process.
  const processor = metrics ? { ...options.gateway.processor, meterProvider: metrics.meterProvider, metrics: options.metrics?.recorder } : options.gateway.processor;
  let gateway: RunningGateway;
  try {
    gateway = await startGateway({
      ...options.gateway,
      processor,
      warn: (message) => write(`warning: ${message}\n`),
      onRequest: (outcome) => {
        options.gateway.onRequest?.(outcome);
        if (options.quiet) return;
        // Refused requests are worth a line (a misconfigured sender); at most 100, then only counted in /stats.
        if ((outcome.status !== 200 || outcome.rejectedSpans > 0) && refusedLogged < 100) {
          refusedLogged++;
          write(`✗ POST /v1/traces ${outcome.status}${outcome.rejectedSpans > 0 ? ` (${outcome.rejectedSpans} span(s) rejected)` : ''}: ${outcome.message ?? ''}\n`);
          if (refusedLogged === 100) write('  (further refused requests are only counted: GET /stats)\n');
        }
      },
    });
  } catch (err) {
    await metrics?.shutdown();
    throw err;
  }
  const g = options.gateway;
  const b = { ...TRACE_BUFFER_DEFAULTS, ...g.buffer };
  const lines = [
    `otel-llmobs gateway listening on ${gateway.url}`,
    `  otlp       OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=${gateway.url}/v1/traces   (OTLP/HTTP protobuf or JSON, gzip)`,
    `  sends to   ${destination(g)}`,
    `  ml_app     ${g.processor?.mlApp ?? process.env.DD_LLMOBS_ML_APP ?? "each resource's service.name"}`,
    `  auth       ${g.authToken ? 'token required (Authorization: Bearer …)' : 'none'}`,
    `  buffer     traces wait ${b.quietMs} ms after their root (at most ${b.maxWaitMs} ms); ${b.maxTraces} traces / ${b.maxSpans} spans / ${Math.round(b.maxBytes / 1024 / 1024)} MiB`,
    `  limits     429 + Retry-After past ${g.admission?.maxPendingSpans ?? ADMISSION_DEFAULTS.maxPendingSpans} spans held; a stop drains for at most ${(g.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS) / 1000} s`,
    `  health     GET ${gateway.url}/healthz (503 when it cannot deliver)   live GET ${gateway.url}/livez   stats GET ${gateway.url}/stats`,
    ...(metrics?.lines ?? []),
  ];
  if (g.processor?.evaluations) lines.push(`  evaluate   ${describeEvaluations(g.processor.evaluations)}`);
  if (!LOOPBACK.has(gateway.host) && !g.authToken) {
    lines.push(`warning: listening on ${gateway.host} without --auth-token: anyone who can reach this port can send spans to your Datadog account.`);
  }
  write(`${lines.join('\n')}\n`);

  let stopping: Promise<void> | undefined;
  return {
    gateway,
    stop() {
      stopping ??= (async () => {
        const before = gateway.stats().buffer;
        const report = await gateway.close();
        await metrics?.shutdown();
        const after = gateway.stats();
        write(
          `stopped: ${before.traces} buffered trace(s) (${before.spans} spans) flushed; ${after.replayed.traces} trace(s), ${after.processor.exported} LLM Observability span(s) handed to the exporter in total\n`,
        );
        const line = describeDrain(report, g.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS);
        // Printed even with --quiet when something was lost: the operator must learn it.
        const lost = !report.finished || Object.keys(report.undelivered).length > 0;
        write(`${lost ? 'warning: ' : ''}${line}\n`);
      })();
      return stopping;
    },
  };
}

function destination(g: GatewayOptions): string {
  const e = g.exporterOptions ?? {};
  const intake = e.intakeUrl ?? process.env.OTEL_LLMOBS_INTAKE_URL;
  const agentless = e.agentless ?? /^(true|1|yes|on)$/i.test(process.env.DD_LLMOBS_AGENTLESS_ENABLED ?? '');
  if (agentless && intake === undefined) return `Datadog intake, agentless (site ${e.site ?? process.env.DD_SITE ?? 'datadoghq.com'}; DD_API_KEY ${process.env.DD_API_KEY || process.env.DATADOG_API_KEY ? 'set' : 'MISSING'})`;
  if (intake !== undefined && (e.agentUrl ?? process.env.DD_TRACE_AGENT_URL) === undefined) return `intake ${intake}`;
  const agent = e.agentUrl ?? process.env.DD_TRACE_AGENT_URL ?? 'http://127.0.0.1:8126';
  return `Datadog, through the Agent at ${agent} when it answers (else agentless with DD_API_KEY, site ${e.site ?? process.env.DD_SITE ?? 'datadoghq.com'})`;
}
