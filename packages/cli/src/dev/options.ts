// `otel-llmobs dev` options: parsing the flags into what the server and store take.
import { parseArgs } from 'node:util';
import { parsePort, UsageError } from '../args/usage.js';
import type { RunDevOptions } from './run-dev.js';
import { DEFAULT_HOST, DEFAULT_PORT } from './server.js';
import type { Retention } from './store/dev-store.js';
import { DEFAULT_RETENTION } from './store/dev-store.js';
import type { SqliteDriverChoice } from './store/sqlite.js';
import { readFileSync } from 'node:fs';
import { sensitiveDataOption } from '../args/sensitive-data-option.js';
import { METRICS_ARG_OPTIONS, METRICS_HELP, parseMetricsFlags } from '../metrics/metrics-options.js';
import { readEvaluationsFile } from '../evaluations/evaluations-file.js';

export const DEFAULT_DB = '.otel-llmobs/dev.sqlite';

export const DEV_HELP = `Usage: otel-llmobs dev [options]

Starts a local server that speaks the Datadog Agent's LLM Observability surface, so dd-trace SDKs
(any language) and otel-llmobs send to it unchanged, validates every payload against the intake
contract, stores spans and evaluations in SQLite, prints each trace as a tree, and serves a viewer.

Options:
  --port <n>             Port to listen on (default ${DEFAULT_PORT}, like the Datadog Agent; 0 = any free port)
  --host <addr>          Address to listen on (default ${DEFAULT_HOST})
  --db <path>            SQLite database file, kept across restarts (default ${DEFAULT_DB}; ":memory:" for none)
  --retention <bounds>   Keep at most N spans and/or spans younger than an age, e.g. "10000", "24h",
                         "10000,24h" (default ${DEFAULT_RETENTION.maxSpans} spans, 7d). Oldest traces go first, whole.
  --quiet                Do not print traces and problems in the terminal
  --sqlite-driver <d>    auto | node:sqlite | better-sqlite3 (default auto: node:sqlite when Node has it)
  --sensitive-data <f>   JSON file with the sensitiveData option, for every route (on by default)
  --evaluations <file>   Run the managed evaluations on every span received, from a JSON file of
                         LLMObsSpanProcessor's evaluations option (judge, evaluators, budget)
  -h, --help             Show this help

${METRICS_HELP}
Point your app at it:
  dd-trace / otel-llmobs (agent mode)   DD_TRACE_AGENT_URL=http://127.0.0.1:${DEFAULT_PORT}
  agentless paths                       POST /api/v2/llmobs, POST /api/intake/llm-obs/v2/eval-metric
`;

export interface ParsedDevArgs {
  help: boolean;
  /** What `runDev` takes, but where output goes and whether it is coloured (the terminal's business). */
  options: Omit<RunDevOptions, 'color' | 'write'>;
}

const SQLITE_DRIVERS: readonly SqliteDriverChoice[] = ['auto', 'node:sqlite', 'better-sqlite3'];

export function parseDevArgs(args: string[]): ParsedDevArgs {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      retention: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      'sqlite-driver': { type: 'string' },
      'sensitive-data': { type: 'string' },
      evaluations: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
      ...METRICS_ARG_OPTIONS,
    },
  });
  const metrics = parseMetricsFlags(values);
  const driver = values['sqlite-driver'] ?? 'auto';
  if (!SQLITE_DRIVERS.includes(driver as SqliteDriverChoice)) {
    throw new UsageError(`--sqlite-driver must be auto, node:sqlite or better-sqlite3 (got ${driver}).`);
  }
  return {
    help: values.help,
    options: {
      host: values.host ?? DEFAULT_HOST,
      port: values.port === undefined ? DEFAULT_PORT : parsePort(values.port),
      dbPath: values.db ?? DEFAULT_DB,
      retention: values.retention === undefined ? { ...DEFAULT_RETENTION } : parseRetention(values.retention),
      quiet: values.quiet,
      driver: driver as SqliteDriverChoice,
      ...(values['sensitive-data'] !== undefined ? { sensitiveData: sensitiveDataOption(values['sensitive-data'], (p) => readFileSync(p, 'utf8')) } : {}),
      ...(values.evaluations !== undefined ? { evaluations: readEvaluationsFile(values.evaluations) } : {}),
      ...(metrics && { metrics }),
    },
  };
}

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * `--retention`: a comma-separated list of a span count (`5000`, `5000 spans`) and/or a maximum age
 * (`30m`, `24h`, `7d`). A bound that is not given keeps its default.
 */
export function parseRetention(value: string): Required<Retention> {
  const out: Required<Retention> = { ...DEFAULT_RETENTION };
  const parts = value.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) throw new UsageError(`--retention needs a value like "10000", "24h" or "10000,24h".`);
  for (const part of parts) {
    const count = /^(\d+)\s*(spans?)?$/i.exec(part);
    if (count) {
      const n = Number(count[1]);
      if (n < 1) throw new UsageError(`--retention: keep at least 1 span (got ${part}).`);
      out.maxSpans = n;
      continue;
    }
    const age = /^(\d+(?:\.\d+)?)\s*(ms|s|m|min|h|d|w)$/i.exec(part);
    if (age) {
      out.maxAgeMs = Number(age[1]) * (UNITS[age[2]!.toLowerCase()] ?? NaN);
      if (!(out.maxAgeMs > 0)) throw new UsageError(`--retention: the age must be positive (got ${part}).`);
      continue;
    }
    throw new UsageError(`--retention: "${part}" is neither a span count (10000) nor an age (30m, 24h, 7d).`);
  }
  return out;
}

export function describeRetention(r: Retention): string {
  const parts: string[] = [];
  if (r.maxSpans !== undefined) parts.push(`${r.maxSpans.toLocaleString('en-US')} spans`);
  if (r.maxAgeMs !== undefined) parts.push(describeAge(r.maxAgeMs));
  return parts.join(' / ');
}

function describeAge(ms: number): string {
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['min', 60_000], ['s', 1_000]] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size} ${unit}`;
  }
  return `${ms} ms`;
}
