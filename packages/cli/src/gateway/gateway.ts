// `otel-llmobs gateway` as a function: an OTLP/HTTP receiver whose traces go through the in-process
// mapping and processing (`OtlpPipeline`) to LLM Observability through `LLMObsExporter`.
//
// It holds no state that must outlive a trace, so it scales out: put N of them behind an
// OpenTelemetry Collector whose `loadbalancing` exporter routes by trace id (examples/collector).
import { createServer, type Server } from 'node:http';
import type { Listening } from '../server/listen.js';
import { listen } from '../server/listen.js';
import { sendJson } from '../server/http.js';
import type { LLMObsExporterOptions, LLMObsSpanProcessorOptions, SpanExporterLike } from 'otel-llmobs';
import { LLMObsExporter } from 'otel-llmobs';
import type { ReceiverOutcome } from '../otlp/receiver.js';
import { createOtlpTracesHandler, hasToken, OTLP_TRACES_PATH } from '../otlp/receiver.js';
import type { OtlpPipelineStats } from '../otlp/otlp-pipeline.js';
import { OtlpPipeline, withoutServiceIdentityEnv } from '../otlp/otlp-pipeline.js';
import type { TraceBufferOptions } from '../otlp/trace-buffer.js';
import type { ConnectionLimits, ConnectionStats } from '../server/connection-limits.js';
import { limitConnections, resolveConnectionLimits, serverOptions } from '../server/connection-limits.js';
import type { AdmissionBounds, AdmissionStats } from './admission.js';
import { Admission } from './admission.js';
import type { DeliveryHealth, ExporterCounters } from './delivery-health.js';
import { DeliveryMonitor } from './delivery-health.js';
import type { DrainReport } from './drain.js';
import { DEFAULT_DRAIN_TIMEOUT_MS, drainReport, holdUntil } from './drain.js';

export const DEFAULT_GATEWAY_HOST = '127.0.0.1';
/** The OTLP/HTTP port. */
export const DEFAULT_GATEWAY_PORT = 4318;

export interface GatewayOptions {
  /** Default 127.0.0.1: expose it on purpose (`--host 0.0.0.0`), preferably with `authToken`. */
  host?: string;
  /** Default 4318; 0 picks a free port. */
  port?: number;
  /** Where LLM Observability spans go. Default: an `LLMObsExporter` built from `exporterOptions`. */
  exporter?: SpanExporterLike;
  exporterOptions?: LLMObsExporterOptions;
  processor?: Omit<LLMObsSpanProcessorOptions, 'exporter'>;
  buffer?: Omit<TraceBufferOptions, 'onFlush' | 'onFirstEviction' | 'onFirstRejection'>;
  maxBodyBytes?: number;
  bodyTimeoutMs?: number;
  /** Shared secret required on `/v1/traces` and `/stats` (`Authorization: Bearer <token>`). */
  authToken?: string;
  onRequest?: (outcome: ReceiverOutcome) => void;
  warn?: (message: string) => void;
  /** Header, idle and keep-alive timeouts and the connection cap. */
  connections?: ConnectionLimits;
  /** How much the gateway holds before answering 429 with `Retry-After` (backpressure). */
  admission?: AdmissionBounds;
  /** Longest a stop may take to deliver what is held (default 25 s); then it reports what it could not deliver. */
  drainTimeoutMs?: number;
  /** Spans waiting this long with nothing delivered make `/healthz` answer 503 (default 30 s). */
  stallMs?: number;
}

export interface RunningGateway {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly server: Server;
  readonly pipeline: OtlpPipeline;
  stats(): GatewayStats;
  /** Whether what is accepted can be delivered (what `/healthz` answers). */
  health(): DeliveryHealth;
  /**
   * Graceful stop: refuse new requests (503, retryable), let in-flight ones finish (up to
   * `graceMs`), replay every buffered trace, and deliver everything (processor and exporter
   * flushed and shut down), holding the process up for at most `drainTimeoutMs`. Resolves with
   * what was and was not delivered. Idempotent.
   */
  close(graceMs?: number): Promise<DrainReport>;
}

export interface GatewayStats extends OtlpPipelineStats {
  requests: { total: number; ok: number; refused: Record<string, number>; spans: number; rejectedSpans: number };
  /** The exporter's own counters (`LLMObsExporter.getStats()`: sent, retried, dropped by reason), when it has them. */
  exporter?: unknown;
  admission: AdmissionStats;
  connections: ConnectionStats;
  delivery: DeliveryHealth;
}

export async function startGateway(options: GatewayOptions = {}): Promise<RunningGateway> {
  const host = options.host ?? DEFAULT_GATEWAY_HOST;
  const exporter: SpanExporterLike & { getStats?: () => unknown } =
    options.exporter ??
    withoutServiceIdentityEnv(() => new LLMObsExporter({ maxQueueSize: 100_000, maxQueueBytes: 256 * 1024 * 1024, maxConcurrentRequests: 4, ...options.exporterOptions }));
  // The pipeline builds its processor without the service-identity environment itself.
  const pipeline = new OtlpPipeline({
    exporter,
    ...(options.processor ? { processor: options.processor } : {}),
    ...(options.buffer ? { buffer: options.buffer } : {}),
    ...(options.warn ? { warn: options.warn } : {}),
  });

  const exporterCounters = (): ExporterCounters | undefined => (typeof exporter.getStats === 'function' ? readCounters(exporter.getStats()) : undefined);
  /**
   * Spans the exporter holds: handed to it and neither delivered nor dropped yet. Its `queued` alone
   * would miss the batches in flight, which a failing intake keeps there, retrying.
   */
  const exporterHeld = (e: ExporterCounters): number => {
    const settled = e.sent + Object.values(e.dropped).reduce<number>((n, v) => n + (v ?? 0), 0);
    return Math.max(e.queued, pipeline.processor.stats().exported - settled);
  };
  const admission = new Admission(
    pipeline,
    () => {
      const b = pipeline.stats().buffer;
      const spans = b.spans;
      const e = exporterCounters();
      if (!e) return { spans, bytes: b.bytes };
      return { spans: spans + exporterHeld(e), bytes: b.bytes + (e.queuedBytes ?? 0) };
    },
    options.admission,
  );
  const monitor = new DeliveryMonitor({ counters: exporterCounters, ...(options.stallMs !== undefined ? { stallMs: options.stallMs } : {}) });
  // Sampled every second so that "since" and the stall clock are right between health checks.
  const sampler = setInterval(() => monitor.sample(), 1_000);
  sampler.unref();

  const counters = { total: 0, ok: 0, refused: {} as Record<string, number>, spans: 0, rejectedSpans: 0 };
  let accepting = true;
  const handleTraces = createOtlpTracesHandler({
    sink: admission,
    admission: () => {
      const full = admission.check();
      if (full) admission.refusedEarly();
      return full;
    },
    ...(options.maxBodyBytes !== undefined ? { maxBodyBytes: options.maxBodyBytes } : {}),
    ...(options.bodyTimeoutMs !== undefined ? { bodyTimeoutMs: options.bodyTimeoutMs } : {}),
    ...(options.authToken !== undefined ? { authToken: options.authToken } : {}),
    isAccepting: () => accepting,
    onRequest: (outcome) => {
      counters.total++;
      if (outcome.status === 200) counters.ok++;
      else counters.refused[String(outcome.status)] = (counters.refused[String(outcome.status)] ?? 0) + 1;
      counters.spans += outcome.spans;
      counters.rejectedSpans += outcome.rejectedSpans;
      options.onRequest?.(outcome);
    },
  });
  const limits = resolveConnectionLimits({
    ...options.connections,
    // Our own body deadline answers 408 first; this only backs it up.
    requestTimeoutMs: Math.max(options.connections?.requestTimeoutMs ?? 0, (options.bodyTimeoutMs ?? 30_000) + 10_000),
  });
  const stats = (): GatewayStats => {
    const out: GatewayStats = {
      ...pipeline.stats(),
      requests: { ...counters, refused: { ...counters.refused } },
      admission: admission.stats(),
      connections: connections.stats(),
      delivery: monitor.sample(),
    };
    if (typeof exporter.getStats === 'function') out.exporter = exporter.getStats();
    return out;
  };

  const server = createServer(serverOptions(limits), (req, res) => {
    const path = new URL(req.url ?? '/', 'http://gateway.invalid').pathname;
    if (OTLP_TRACES_PATH.exec(path)?.[0] === path) {
      if (req.method !== 'POST') {
        req.resume();
        sendJson(res, 405, { code: 12, message: 'use POST' }, { allow: 'POST' });
        return;
      }
      handleTraces(req, res).catch((err: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { code: 13, message: (err as Error).message });
        else res.destroy();
      });
      return;
    }
    req.resume();
    if (req.method === 'GET' && (path === '/healthz' || path === '/health')) {
      const delivery = monitor.sample();
      if (!accepting) sendJson(res, 503, { status: 'shutting down' });
      else if (!delivery.ok) sendJson(res, 503, { status: 'cannot deliver', reason: delivery.reason, since: new Date(delivery.since).toISOString(), waiting: delivery.waiting });
      else sendJson(res, 200, { status: 'ok', sent: delivery.sent, waiting: delivery.waiting });
    } else if (req.method === 'GET' && path === '/livez') {
      // The process answers: for a liveness probe, which must not restart the gateway because Datadog is down.
      sendJson(res, accepting ? 200 : 503, { status: accepting ? 'alive' : 'shutting down' });
    } else if (req.method === 'GET' && path === '/stats') {
      if (options.authToken && !hasToken(req, options.authToken)) sendJson(res, 401, { code: 16, message: 'missing or wrong token' });
      else sendJson(res, 200, stats());
    } else {
      sendJson(res, 404, { code: 5, message: `not found: ${path} (OTLP traces go to POST /v1/traces)` });
    }
  });
  const connections = limitConnections(server, limits);
  let listening: Listening;
  try {
    listening = await listen(server, options.port ?? DEFAULT_GATEWAY_PORT, host);
  } catch (err) {
    clearInterval(sampler);
    await pipeline.shutdown();
    throw err;
  }
  const drainTimeoutMs = options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS;
  let closing: Promise<DrainReport> | undefined;
  return {
    url: listening.url,
    host: listening.host,
    port: listening.port,
    server,
    pipeline,
    stats,
    health: () => monitor.sample(),
    close(graceMs = 5_000) {
      closing ??= (async () => {
        accepting = false;
        clearInterval(sampler);
        const started = Date.now();
        await holdUntil(listening.close(graceMs), drainTimeoutMs);
        const finished = await holdUntil(pipeline.shutdown(), Math.max(0, drainTimeoutMs - (Date.now() - started)));
        const e = exporterCounters();
        return drainReport(finished, e, e ? exporterHeld(e) : 0);
      })();
      return closing;
    },
  };
}

/** The counters `DeliveryMonitor` reads, from whatever `getStats()` returned (an `LLMObsExporter`'s, or a test double's). */
function readCounters(stats: unknown): ExporterCounters | undefined {
  if (typeof stats !== 'object' || stats === null) return undefined;
  const s = stats as Partial<ExporterCounters>;
  const out: ExporterCounters = {
    sent: Number(s.sent ?? 0),
    dropped: typeof s.dropped === 'object' && s.dropped !== null ? s.dropped : {},
    queued: Number(s.queued ?? 0),
    inFlight: Number(s.inFlight ?? 0),
    queuedBytes: Number(s.queuedBytes ?? 0),
  };
  if (typeof s.route === 'string') out.route = s.route;
  return out;
}
