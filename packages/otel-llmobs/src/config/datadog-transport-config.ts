import type { FetchLike } from '../internal/fetch-like.js';
import { globalFetch } from '../internal/fetch-like.js';
import { readBooleanEnv, readEnv, readFirstEnv, readNumberEnv, warnInvalidEnv } from './env.js';
import { checkBoolean, checkNumber, checkString, invalidConfig } from './invalid-config.js';

/**
 * Retry schedule: exponential backoff with jitter (each wait is between half and all of its
 * ceiling), capped; a `Retry-After` longer than that wait replaces it, a shorter one (or `0`) does not.
 */
export interface RetryOptions {
  /** First backoff ceiling. Default 500 ms. */
  initialBackoffMillis?: number;
  /** Largest backoff ceiling. Default 10 000 ms. */
  maxBackoffMillis?: number;
  /** Growth factor of the ceiling per attempt. Default 2. */
  multiplier?: number;
  /** Most attempts per request, the first included (OTel's exporters: 5). Default 5. */
  maxAttempts?: number;
}

/** Where and how to send: shared by `LLMObsExporter` and the evaluation writer. */
export interface DatadogTransportOptions {
  /** Datadog API key (env `DD_API_KEY`, alias `DATADOG_API_KEY`). Used in agentless mode only. */
  apiKey?: string;
  /** Datadog site (env `DD_SITE`). Default `datadoghq.com`. */
  site?: string;
  /**
   * `true`: send straight to the intake; `false`: send through the Agent's EVP proxy; unset: ask the
   * Agent (`GET /info`) once (env `DD_LLMOBS_AGENTLESS_ENABLED`, or `DD_AGENTLESS_ENABLED=true`).
   */
  agentless?: boolean;
  /** Datadog Agent base URL (env `DD_TRACE_AGENT_URL`, alias `DD_TRACE_URL`; else `DD_AGENT_HOST` + `DD_TRACE_AGENT_PORT`). */
  agentUrl?: string;
  /**
   * Replaces the agentless intake origins (`https://llmobs-intake.<site>` and `https://api.<site>`)
   * with one http(s) base URL, for proxies, tests and the local dev intake (env
   * `OTEL_LLMOBS_INTAKE_URL`). See docs/datadog-exporter.md, "Routing".
   */
  intakeUrl?: string;
  /** Per-request timeout. Default 5000 ms (env `_DD_LLMOBS_TIMEOUT`). */
  requestTimeoutMillis?: number;
  /** Budget for one batch including all its retries, and for `forceFlush()`. Default 30 000 ms. */
  exportTimeoutMillis?: number;
  /** How often queued events are sent. Default 1000 ms (env `_DD_LLMOBS_FLUSH_INTERVAL`). */
  flushIntervalMillis?: number;
  /**
   * Timeout of the Agent `/info` probe. Default 1000 ms. A probe that gets no answer, when there is
   * no agentless alternative (no API key), is asked again with the `retry` back-off meanwhile.
   */
  agentProbeTimeoutMillis?: number;
  /** Most events waiting to be sent. Default 10 000. */
  maxQueueSize?: number;
  /** Most bytes waiting to be sent. Default 64 MiB. */
  maxQueueBytes?: number;
  /** Most requests in flight at once. Default 2. */
  maxConcurrentRequests?: number;
  /** Shortest time between two aggregate "dropped …" warnings. Default 60 000 ms. */
  dropReportIntervalMillis?: number;
  retry?: RetryOptions;
  /** A `fetch` implementation. Default: `globalThis.fetch`, looked up at each request. */
  fetch?: FetchLike;
}

export interface ResolvedTransportConfig {
  apiKey: string | undefined;
  site: string;
  /** `undefined`: decide by probing the Agent (unless `intakeUrl` alone is set, see `resolveAgentless`). */
  agentless: boolean | undefined;
  agentUrl: string;
  /** Whether the Agent URL came from code or the environment (not the 127.0.0.1:8126 default). */
  agentUrlExplicit: boolean;
  intakeUrl: string | undefined;
  requestTimeoutMillis: number;
  exportTimeoutMillis: number;
  flushIntervalMillis: number;
  agentProbeTimeoutMillis: number;
  maxQueueSize: number;
  maxQueueBytes: number;
  maxConcurrentRequests: number;
  dropReportIntervalMillis: number;
  retry: Required<RetryOptions>;
  fetch: FetchLike;
}

export const TRANSPORT_DEFAULTS = {
  site: 'datadoghq.com',
  agentHost: '127.0.0.1',
  agentPort: 8126,
  requestTimeoutMillis: 5000,
  exportTimeoutMillis: 30_000,
  flushIntervalMillis: 1000,
  agentProbeTimeoutMillis: 1000,
  maxQueueSize: 10_000,
  maxQueueBytes: 64 * 1024 * 1024,
  maxConcurrentRequests: 2,
  dropReportIntervalMillis: 60_000,
  retry: { initialBackoffMillis: 500, maxBackoffMillis: 10_000, multiplier: 2, maxAttempts: 5 },
} as const;

/** Visible ASCII only: anything else could not travel in an HTTP header (and is not a key). */
const API_KEY = /^[\x21-\x7e]+$/;
const SITE = /^[a-z0-9-]+(\.[a-z0-9-]+)*$/;

/** Code > environment > default, for every transport setting. Throws only on bad code values. */
export function resolveTransportConfig(options: DatadogTransportOptions = {}): ResolvedTransportConfig {
  if (options === null || typeof options !== 'object') throw invalidConfig('options', 'an object', options);
  const agent = resolveAgentUrl(options.agentUrl);
  return {
    apiKey: resolveApiKey(options.apiKey),
    site: resolveSite(options.site),
    agentless: resolveAgentless(options.agentless),
    agentUrl: agent.url,
    agentUrlExplicit: agent.explicit,
    intakeUrl: resolveIntakeUrl(options.intakeUrl),
    requestTimeoutMillis:
      checkNumber('requestTimeoutMillis', options.requestTimeoutMillis, { min: 1 }) ??
      readNumberEnv(['_DD_LLMOBS_TIMEOUT'], { min: 1 }) ??
      TRANSPORT_DEFAULTS.requestTimeoutMillis,
    exportTimeoutMillis: checkNumber('exportTimeoutMillis', options.exportTimeoutMillis, { min: 1 }) ?? TRANSPORT_DEFAULTS.exportTimeoutMillis,
    flushIntervalMillis:
      checkNumber('flushIntervalMillis', options.flushIntervalMillis, { min: 1 }) ??
      readNumberEnv(['_DD_LLMOBS_FLUSH_INTERVAL'], { min: 1 }) ??
      TRANSPORT_DEFAULTS.flushIntervalMillis,
    agentProbeTimeoutMillis:
      checkNumber('agentProbeTimeoutMillis', options.agentProbeTimeoutMillis, { min: 1 }) ?? TRANSPORT_DEFAULTS.agentProbeTimeoutMillis,
    maxQueueSize: checkNumber('maxQueueSize', options.maxQueueSize, { min: 1, integer: true }) ?? TRANSPORT_DEFAULTS.maxQueueSize,
    maxQueueBytes: checkNumber('maxQueueBytes', options.maxQueueBytes, { min: 1, integer: true }) ?? TRANSPORT_DEFAULTS.maxQueueBytes,
    maxConcurrentRequests:
      checkNumber('maxConcurrentRequests', options.maxConcurrentRequests, { min: 1, integer: true }) ??
      TRANSPORT_DEFAULTS.maxConcurrentRequests,
    dropReportIntervalMillis:
      checkNumber('dropReportIntervalMillis', options.dropReportIntervalMillis, { min: 0 }) ?? TRANSPORT_DEFAULTS.dropReportIntervalMillis,
    retry: resolveRetry(options.retry),
    fetch: resolveFetch(options.fetch),
  };
}

function resolveApiKey(code: unknown): string | undefined {
  if (code !== undefined) {
    if (typeof code !== 'string' || !API_KEY.test(code)) {
      throw invalidConfig('apiKey', 'a non-empty string of visible ASCII characters', code, true);
    }
    return code;
  }
  const env = readFirstEnv(['DD_API_KEY', 'DATADOG_API_KEY']);
  if (!env) return undefined;
  if (!API_KEY.test(env.value)) {
    warnInvalidEnv(env.name, 'visible ASCII characters only', env.value, true);
    return undefined;
  }
  return env.value;
}

function resolveSite(code: unknown): string {
  if (code !== undefined) {
    const site = checkString('site', code)?.trim().toLowerCase();
    if (site === undefined || !SITE.test(site)) throw invalidConfig('site', "a host name such as 'datadoghq.eu' (no scheme)", code);
    return site;
  }
  const env = readEnv('DD_SITE');
  if (env === undefined) return TRANSPORT_DEFAULTS.site;
  const site = env.toLowerCase();
  if (!SITE.test(site)) {
    warnInvalidEnv('DD_SITE', "a host name such as 'datadoghq.eu' (no scheme)", env);
    return TRANSPORT_DEFAULTS.site;
  }
  return site;
}

function resolveAgentless(code: unknown): boolean | undefined {
  const fromCode = checkBoolean('agentless', code);
  if (fromCode !== undefined) return fromCode;
  const llmobs = readBooleanEnv(['DD_LLMOBS_AGENTLESS_ENABLED']);
  if (llmobs !== undefined) return llmobs;
  // dd-trace: `DD_AGENTLESS_ENABLED=true` also forces LLM Observability agentless; `false` decides nothing.
  return readBooleanEnv(['DD_AGENTLESS_ENABLED']) === true ? true : undefined;
}

/** An http(s) URL without a trailing slash, or `undefined` with the reason. */
function parseHttpUrl(raw: string): { url?: string; problem?: string } {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return { problem: 'not a URL' };
  }
  if (parsed.protocol === 'unix:') return { problem: 'unix sockets are not supported by fetch' };
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { problem: 'not http(s)' };
  if (parsed.username !== '' || parsed.password !== '') return { problem: 'credentials in URLs are not supported' };
  parsed.search = '';
  parsed.hash = '';
  return { url: parsed.toString().replace(/\/+$/, '') };
}

function resolveAgentUrl(code: unknown): { url: string; explicit: boolean } {
  if (code !== undefined) {
    const raw = checkString('agentUrl', code);
    const { url } = parseHttpUrl(raw ?? '');
    if (url === undefined) throw invalidConfig('agentUrl', 'an http(s) URL', code);
    return { url, explicit: true };
  }
  const env = readFirstEnv(['DD_TRACE_AGENT_URL', 'DD_TRACE_URL']);
  if (env) {
    const { url, problem } = parseHttpUrl(env.value);
    if (url !== undefined) return { url, explicit: true };
    warnInvalidEnv(env.name, `an http(s) URL (${problem})`, env.value);
  }
  const hostEnv = readFirstEnv(['DD_AGENT_HOST', 'DD_TRACE_AGENT_HOSTNAME']);
  const port = readNumberEnv(['DD_TRACE_AGENT_PORT'], { integer: true, min: 1 });
  let host = hostEnv?.value ?? TRANSPORT_DEFAULTS.agentHost;
  if (host.includes(':') && !host.startsWith('[')) host = `[${host}]`; // IPv6 literal
  const candidate = `http://${host}:${port ?? TRANSPORT_DEFAULTS.agentPort}`;
  const { url } = parseHttpUrl(candidate);
  if (url === undefined) {
    warnInvalidEnv(hostEnv?.name ?? 'DD_AGENT_HOST', 'a host name', host);
    return { url: `http://${TRANSPORT_DEFAULTS.agentHost}:${TRANSPORT_DEFAULTS.agentPort}`, explicit: false };
  }
  return { url, explicit: hostEnv !== undefined || port !== undefined };
}

/** Intake paths a user may paste by mistake; the base URL is what we want. */
const INTAKE_PATH_SUFFIXES = ['/api/v2/llmobs', '/api/intake/llm-obs/v2/eval-metric'];

function resolveIntakeUrl(code: unknown): string | undefined {
  let raw: string | undefined;
  let fromEnv: string | undefined;
  if (code !== undefined) {
    raw = checkString('intakeUrl', code);
  } else {
    fromEnv = readEnv('OTEL_LLMOBS_INTAKE_URL');
    raw = fromEnv;
  }
  if (raw === undefined) return undefined;
  const { url, problem } = parseHttpUrl(raw);
  if (url === undefined) {
    if (fromEnv === undefined) throw invalidConfig('intakeUrl', 'an http(s) URL', code);
    warnInvalidEnv('OTEL_LLMOBS_INTAKE_URL', `an http(s) URL (${problem})`, fromEnv);
    return undefined;
  }
  for (const suffix of INTAKE_PATH_SUFFIXES) {
    if (url.endsWith(suffix)) return url.slice(0, -suffix.length);
  }
  return url;
}

function resolveRetry(code: unknown): Required<RetryOptions> {
  if (code === undefined) return { ...TRANSPORT_DEFAULTS.retry };
  if (code === null || typeof code !== 'object') throw invalidConfig('retry', 'an object', code);
  const r = code as RetryOptions;
  const initial = checkNumber('retry.initialBackoffMillis', r.initialBackoffMillis, { min: 0 }) ?? TRANSPORT_DEFAULTS.retry.initialBackoffMillis;
  const max = checkNumber('retry.maxBackoffMillis', r.maxBackoffMillis, { min: 0 }) ?? Math.max(initial, TRANSPORT_DEFAULTS.retry.maxBackoffMillis);
  const multiplier = checkNumber('retry.multiplier', r.multiplier, { min: 1 }) ?? TRANSPORT_DEFAULTS.retry.multiplier;
  const maxAttempts = checkNumber('retry.maxAttempts', r.maxAttempts, { min: 1, integer: true }) ?? TRANSPORT_DEFAULTS.retry.maxAttempts;
  if (max < initial) throw invalidConfig('retry.maxBackoffMillis', `a number >= retry.initialBackoffMillis (${initial})`, max);
  return { initialBackoffMillis: initial, maxBackoffMillis: max, multiplier, maxAttempts };
}

function resolveFetch(code: unknown): FetchLike {
  if (code === undefined) return globalFetch;
  if (typeof code !== 'function') throw invalidConfig('fetch', 'a fetch function', code);
  return code as FetchLike;
}
