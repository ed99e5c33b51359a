// `otel-llmobs gateway` flags and environment → `GatewayOptions`. Flags win over the environment;
// the Datadog destination otherwise follows `LLMObsExporter`'s own environment (`DD_API_KEY`,
// `DD_SITE`, `DD_TRACE_AGENT_URL`, `DD_LLMOBS_AGENTLESS_ENABLED`, `OTEL_LLMOBS_INTAKE_URL`).
import { parseArgs } from 'node:util';
import type { LLMObsExporterOptions } from 'otel-llmobs';
import { parsePort, UsageError } from '../args/usage.js';
import { readEvaluationsFile } from '../evaluations/evaluations-file.js';
import { DEFAULT_BODY_TIMEOUT_MS, DEFAULT_MAX_BODY_BYTES } from '../otlp/receiver.js';
import type { GatewayOptions } from './gateway.js';
import { DEFAULT_GATEWAY_HOST, DEFAULT_GATEWAY_PORT } from './gateway.js';
import { readFileSync } from 'node:fs';
import { sensitiveDataOption } from '../args/sensitive-data-option.js';
import { TRACE_BUFFER_DEFAULTS } from '../otlp/trace-buffer.js';
import type { MetricsFlags } from '../metrics/metrics-options.js';
import { METRICS_ARG_OPTIONS, METRICS_HELP, parseMetricsFlags } from '../metrics/metrics-options.js';
import { ADMISSION_DEFAULTS } from './admission.js';
import { DEFAULT_DRAIN_TIMEOUT_MS } from './drain.js';

export const GATEWAY_HELP = `Usage: otel-llmobs gateway [options]

Receives OTLP/HTTP traces (POST /v1/traces, protobuf or JSON, gzip) from any OpenTelemetry SDK or
Collector, maps and processes them exactly as LLMObsSpanProcessor does in-process (parents, ml_app
and session inheritance, nested LLM calls, sampling), and sends the LLM Observability spans to
Datadog (agentless, through the Agent, or to an intake URL such as otel-llmobs dev).

Options:
  --host <addr>            Address to listen on (default ${DEFAULT_GATEWAY_HOST}; 0.0.0.0 to expose it, with --auth-token)
  --port <n>               Port (default ${DEFAULT_GATEWAY_PORT}, the OTLP/HTTP port; 0 = any free port)
  --ml-app <name>          Default ml_app (env DD_LLMOBS_ML_APP); else each resource's service.name
  --sample-rate <0..1>     Share of traces sent (env DD_LLMOBS_SAMPLE_RATE; default 1)
  --agentless              Send straight to Datadog (needs DD_API_KEY; env DD_LLMOBS_AGENTLESS_ENABLED)
  --agent-url <url>        Send through this Datadog Agent (env DD_TRACE_AGENT_URL)
  --intake-url <url>       Send to this intake base URL instead (env OTEL_LLMOBS_INTAKE_URL), e.g. an otel-llmobs dev
  --site <site>            Datadog site (env DD_SITE; default datadoghq.com)
  --auth-token <token>     Require "Authorization: Bearer <token>" (env OTEL_LLMOBS_GATEWAY_TOKEN, preferred:
                           a flag is visible in the process list)
  --max-body <size>        Largest request body, received and decompressed (default 16MiB)
  --body-timeout <dur>     Longest time to receive a body (default ${DEFAULT_BODY_TIMEOUT_MS / 1000}s)
  --trace-quiet <dur>      Wait after a trace's root arrived, for stragglers (default ${TRACE_BUFFER_DEFAULTS.quietMs / 1000}s)
  --trace-max-wait <dur>   Longest wait for a trace's root (default ${TRACE_BUFFER_DEFAULTS.maxWaitMs / 1000}s)
  --max-traces <n>         Traces buffered at most (default ${TRACE_BUFFER_DEFAULTS.maxTraces}); beyond, the oldest are sent early
  --max-spans <n>          Spans buffered at most (default ${TRACE_BUFFER_DEFAULTS.maxSpans})
  --max-buffer <size>      Bytes buffered at most, approximately (default 128MiB); also the bytes held before 429
  --max-pending <n>        Spans held (buffered and queued for Datadog) before requests get 429 with Retry-After
                           (default ${ADMISSION_DEFAULTS.maxPendingSpans})
  --drain-timeout <dur>    On SIGTERM/SIGINT, longest time to deliver what is held (default ${DEFAULT_DRAIN_TIMEOUT_MS / 1000}s)
  --sensitive-data <file>  JSON file with the sensitiveData option (redaction rules; on by default, {"enabled": false} turns it off)
  --evaluations <file>     Run the managed evaluations on the spans, from a JSON file of LLMObsSpanProcessor's
                           evaluations option (judge, evaluators, budget); results go where the spans go
  --quiet                  Print only the startup lines and warnings
  -h, --help               Show this help

${METRICS_HELP}
Environment: DD_API_KEY (agentless), DD_SITE, DD_TRACE_AGENT_URL, DD_LLMOBS_AGENTLESS_ENABLED, DD_TAGS.
The gateway's own DD_SERVICE, DD_ENV, DD_VERSION and OTEL_SERVICE_NAME are ignored: each span's
resource says which service it belongs to.

Point an app (or a Collector's otlphttp exporter) at it:
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=http://127.0.0.1:${DEFAULT_GATEWAY_PORT}/v1/traces
`;

export interface ParsedGatewayArgs {
  help: boolean;
  quiet: boolean;
  options: GatewayOptions;
  metrics?: MetricsFlags;
}

export function parseGatewayArgs(args: string[], env: NodeJS.ProcessEnv = process.env): ParsedGatewayArgs {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      'ml-app': { type: 'string' },
      'sample-rate': { type: 'string' },
      agentless: { type: 'boolean' },
      'agent-url': { type: 'string' },
      'intake-url': { type: 'string' },
      site: { type: 'string' },
      'auth-token': { type: 'string' },
      'max-body': { type: 'string' },
      'body-timeout': { type: 'string' },
      'trace-quiet': { type: 'string' },
      'trace-max-wait': { type: 'string' },
      'max-traces': { type: 'string' },
      'max-spans': { type: 'string' },
      'max-buffer': { type: 'string' },
      'max-pending': { type: 'string' },
      'drain-timeout': { type: 'string' },
      'sensitive-data': { type: 'string' },
      evaluations: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      ...METRICS_ARG_OPTIONS,
    },
  });
  const metrics = parseMetricsFlags(values);
  const exporterOptions: LLMObsExporterOptions = {};
  if (values.agentless) exporterOptions.agentless = true;
  if (values['agent-url'] !== undefined) exporterOptions.agentUrl = url(values['agent-url'], '--agent-url');
  if (values['intake-url'] !== undefined) exporterOptions.intakeUrl = url(values['intake-url'], '--intake-url');
  if (values.site !== undefined) exporterOptions.site = values.site;

  const options: GatewayOptions = {
    host: values.host ?? DEFAULT_GATEWAY_HOST,
    port: values.port === undefined ? DEFAULT_GATEWAY_PORT : parsePort(values.port),
    exporterOptions,
    maxBodyBytes: values['max-body'] === undefined ? DEFAULT_MAX_BODY_BYTES : parseSize(values['max-body'], '--max-body'),
    bodyTimeoutMs: values['body-timeout'] === undefined ? DEFAULT_BODY_TIMEOUT_MS : parseDuration(values['body-timeout'], '--body-timeout', 1),
    buffer: {
      ...(values['trace-quiet'] !== undefined ? { quietMs: parseDuration(values['trace-quiet'], '--trace-quiet', 0) } : {}),
      ...(values['trace-max-wait'] !== undefined ? { maxWaitMs: parseDuration(values['trace-max-wait'], '--trace-max-wait', 0) } : {}),
      ...(values['max-traces'] !== undefined ? { maxTraces: parseCount(values['max-traces'], '--max-traces') } : {}),
      ...(values['max-spans'] !== undefined ? { maxSpans: parseCount(values['max-spans'], '--max-spans') } : {}),
      ...(values['max-buffer'] !== undefined ? { maxBytes: parseSize(values['max-buffer'], '--max-buffer') } : {}),
    },
  };
  if (values['max-pending'] !== undefined) options.admission = { maxPendingSpans: parseCount(values['max-pending'], '--max-pending') };
  if (options.buffer?.maxBytes !== undefined) options.admission = { ...options.admission, maxPendingBytes: options.buffer.maxBytes };
  if (values['drain-timeout'] !== undefined) options.drainTimeoutMs = parseDuration(values['drain-timeout'], '--drain-timeout', 1);
  const processor: NonNullable<GatewayOptions['processor']> = {};
  if (values['ml-app'] !== undefined) {
    if (values['ml-app'].trim() === '') throw new UsageError('--ml-app needs a name.');
    processor.mlApp = values['ml-app'];
  }
  if (values['sample-rate'] !== undefined) {
    const rate = Number(values['sample-rate']);
    if (values['sample-rate'].trim() === '' || !Number.isFinite(rate) || rate < 0 || rate > 1) throw new UsageError(`--sample-rate must be a number from 0 to 1 (got ${values['sample-rate']}).`);
    processor.sampleRate = rate;
  }
  if (values['sensitive-data'] !== undefined) processor.sensitiveData = sensitiveDataOption(values['sensitive-data'], (p) => readFileSync(p, 'utf8'));
  if (values.evaluations !== undefined) processor.evaluations = readEvaluationsFile(values.evaluations);
  options.processor = processor;
  const token = values['auth-token'] ?? env.OTEL_LLMOBS_GATEWAY_TOKEN;
  if (token !== undefined && token.trim() !== '') options.authToken = token.trim();
  return { help: values.help, quiet: values.quiet, options, ...(metrics && { metrics }) };
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, min: 60_000, h: 3_600_000 };
const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1_000, kib: 1024, mb: 1_000_000, mib: 1024 ** 2, gb: 1_000_000_000, gib: 1024 ** 3 };

/** `500ms`, `2s`, `1m`, or a number of milliseconds. */
export function parseDuration(value: string, flag: string, min: number): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|min|h)?$/i.exec(value.trim());
  const ms = m ? Number(m[1]) * (DURATION_UNITS[(m[2] ?? 'ms').toLowerCase()] ?? NaN) : NaN;
  if (!Number.isFinite(ms) || ms < min) throw new UsageError(`${flag} must be a duration like 500ms, 2s or 1m${min > 0 ? ' (more than 0)' : ''} (got ${value}).`);
  return Math.round(ms);
}

/** `16MiB`, `512KiB`, `1GB`, or a number of bytes. */
export function parseSize(value: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]i?b|b)?$/i.exec(value.trim());
  const bytes = m ? Number(m[1]) * (SIZE_UNITS[(m[2] ?? 'b').toLowerCase()] ?? NaN) : NaN;
  if (!Number.isFinite(bytes) || bytes < 1) throw new UsageError(`${flag} must be a size like 16MiB, 512KiB or 1000000 (got ${value}).`);
  return Math.floor(bytes);
}

function parseCount(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive integer (got ${value}).`);
  return n;
}

function url(value: string, flag: string): string {
  try {
    const u = new URL(value);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http(s)');
    return value;
  } catch {
    throw new UsageError(`${flag} must be an http(s) URL (got ${value}).`);
  }
}
