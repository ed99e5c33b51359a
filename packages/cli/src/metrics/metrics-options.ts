// The LLM metrics flags shared by `otel-llmobs gateway` and `otel-llmobs dev`.
import { readFileSync } from 'node:fs';
import type { LLMMetricsOptions } from 'otel-llmobs';
import { UsageError } from '../args/usage.js';

export const METRICS_HELP = `LLM metrics (GenAI client metrics and llmobs.*; see otel-llmobs docs/metrics.md):
  --metrics-prometheus <[host:]port>  Serve them for Prometheus at http://host:port/metrics (host default 127.0.0.1)
  --metrics-otlp <url>                Push them over OTLP/HTTP JSON to this URL (e.g. http://127.0.0.1:4318/v1/metrics)
  --metrics-interval <dur>            OTLP push interval (default 10s)
  --prices <file.json>                Model price rows added to the built-in table ([{providers, model, input, output, …}]),
                                      for the metrics and the estimated cost of each trace
`;

export interface MetricsFlags {
  prometheus?: { host: string; port: number };
  otlp?: { url: string; intervalMs: number };
  recorder: LLMMetricsOptions;
}

export const METRICS_ARG_OPTIONS = {
  'metrics-prometheus': { type: 'string' },
  'metrics-otlp': { type: 'string' },
  'metrics-interval': { type: 'string' },
  prices: { type: 'string' },
} as const;

type MetricsValues = Partial<Record<keyof typeof METRICS_ARG_OPTIONS, string>>;

/** `undefined` when no metrics destination was asked for. */
export function parseMetricsFlags(values: MetricsValues): MetricsFlags | undefined {
  const flags: MetricsFlags = { recorder: {} };
  if (values['metrics-prometheus'] !== undefined) flags.prometheus = parseListen(values['metrics-prometheus']);
  if (values['metrics-otlp'] !== undefined) {
    const url = values['metrics-otlp'];
    if (!/^https?:\/\/[^/]/.test(url)) throw new UsageError(`--metrics-otlp must be an http(s) URL (got ${url}).`);
    const intervalMs = values['metrics-interval'] === undefined ? 10_000 : parseInterval(values['metrics-interval']);
    flags.otlp = { url, intervalMs };
  } else if (values['metrics-interval'] !== undefined) {
    throw new UsageError('--metrics-interval only applies with --metrics-otlp.');
  }
  if (values.prices !== undefined) flags.recorder.prices = readPrices(values.prices);
  return flags.prometheus || flags.otlp || flags.recorder.prices ? flags : undefined;
}

/** Whether the flags ask for metrics to be recorded somewhere (`--prices` alone only prices the terminal's trees). */
export function exportsMetrics(flags: MetricsFlags | undefined): flags is MetricsFlags {
  return flags !== undefined && (flags.prometheus !== undefined || flags.otlp !== undefined);
}

const INTERVAL_UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000 };

function parseInterval(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value.trim());
  const ms = match ? Number(match[1]) * INTERVAL_UNITS[match[2] ?? 'ms']! : Number.NaN;
  if (!Number.isFinite(ms) || ms < 100) throw new UsageError(`--metrics-interval must be a duration of at least 100ms, e.g. 10s (got ${value}).`);
  return ms;
}

function parseListen(value: string): { host: string; port: number } {
  const colon = value.lastIndexOf(':');
  const host = colon >= 0 ? value.slice(0, colon) : '127.0.0.1';
  const portText = colon >= 0 ? value.slice(colon + 1) : value;
  const port = Number(portText);
  if (host === '' || !/^\d+$/.test(portText) || port > 65_535) throw new UsageError(`--metrics-prometheus must be [host:]port (got ${value}).`);
  return { host, port };
}

function readPrices(path: string): LLMMetricsOptions['prices'] {
  let rows: unknown;
  try {
    rows = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`--prices ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  // The rows themselves are checked by the recorder, with a message naming the bad row.
  return rows as LLMMetricsOptions['prices'];
}
