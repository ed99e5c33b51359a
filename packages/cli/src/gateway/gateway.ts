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
}

export interface RunningGateway {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly server: Server;
  readonly pipeline: OtlpPipeline;
  stats(): GatewayStats;
  /**
   * Graceful stop: refuse new requests (503, retryable), let in-flight ones finish (up to
   * `graceMs`), replay every buffered trace, and deliver everything (processor and exporter
   * flushed and shut down). Idempotent.
   */
  close(graceMs?: number): Promise<void>;
}

export interface GatewayStats extends OtlpPipelineStats {
  requests: { total: number; ok: number; refused: Record<string, number>; spans: number; rejectedSpans: number };
  /** The exporter's own counters (`LLMObsExporter.getStats()`: sent, retried, dropped by reason), when it has them. */
  exporter?: unknown;
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

  const counters = { total: 0, ok: 0, refused: {} as Record<string, number>, spans: 0, rejectedSpans: 0 };
  let accepting = true;
  const handleTraces = createOtlpTracesHandler({
    sink: pipeline,
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
  const stats = (): GatewayStats => {
    const out: GatewayStats = { ...pipeline.stats(), requests: { ...counters, refused: { ...counters.refused } } };
    if (typeof exporter.getStats === 'function') out.exporter = exporter.getStats();
    return out;
  };

  const server = createServer((req, res) => {
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
      sendJson(res, accepting ? 200 : 503, { status: accepting ? 'ok' : 'shutting down' });
    } else if (req.method === 'GET' && path === '/stats') {
      if (options.authToken && !hasToken(req, options.authToken)) sendJson(res, 401, { code: 16, message: 'missing or wrong token' });
      else sendJson(res, 200, stats());
    } else {
      sendJson(res, 404, { code: 5, message: `not found: ${path} (OTLP traces go to POST /v1/traces)` });
    }
  });
  server.keepAliveTimeout = 5_000;
  // Our own body deadline answers 408 first; this only backs it up.
  server.requestTimeout = (options.bodyTimeoutMs ?? 30_000) + 10_000;
  let listening: Listening;
  try {
    listening = await listen(server, options.port ?? DEFAULT_GATEWAY_PORT, host);
  } catch (err) {
    await pipeline.shutdown();
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    url: listening.url,
    host: listening.host,
    port: listening.port,
    server,
    pipeline,
    stats,
    close(graceMs = 5_000) {
      closing ??= (async () => {
        accepting = false;
        await listening.close(graceMs);
        await pipeline.shutdown();
      })();
      return closing;
    },
  };
}
