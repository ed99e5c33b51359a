import { diag } from '@opentelemetry/api';
import type { ResolvedTransportConfig } from '../config/datadog-transport-config.js';
import { probeAgent } from './agent-probe.js';
import { jitteredBackoff } from './retrying-transport.js';

export const SPANS_PATH = '/api/v2/llmobs';
export const EVALUATIONS_PATH = '/api/intake/llm-obs/v2/eval-metric';
export const EVP_PROXY_PATH = '/evp_proxy/v2';

export interface IntakeTarget {
  url: string;
  headers: Readonly<Record<string, string>>;
}

export type IntakeRoute =
  | { mode: 'agent' | 'agentless'; spans: IntakeTarget; evaluations: IntakeTarget }
  | { mode: 'unavailable'; reason: 'no_api_key' }
  /** Not decided yet: the Agent did not answer and there is no agentless alternative. Ask again at `retryAt`. */
  | { mode: 'waiting'; reason: 'agent_unreachable'; retryAt: number };

/** Where data goes, as far as it is known (for stats and health checks). */
export type IntakeRouteStatus = 'undecided' | 'agent' | 'agentless' | 'waiting_for_agent' | 'unavailable';

/** Decides where data goes (spec §1.5, plus our `intakeUrl`), and remembers the decision. */
export interface IntakeRouter {
  /** The decision; `waiting` until the Agent answers, without probing more often than the back-off allows. */
  resolve(): Promise<IntakeRoute>;
  status(): IntakeRouteStatus;
}

const logger = diag.createComponentLogger({ namespace: 'otel-llmobs/datadog' });

const NO_API_KEY_MESSAGE =
  'Cannot send LLM Observability data: agentless mode needs a Datadog API key (set DD_API_KEY or the apiKey option), ' +
  'or a Datadog Agent with the EVP proxy (DD_TRACE_AGENT_URL, or DD_LLMOBS_AGENTLESS_ENABLED=false). Nothing will be sent.';

export interface IntakeRouterOptions {
  /** Injectable for tests. */
  now?: () => number;
  random?: () => number;
}

/**
 * Mode decision, first match wins:
 * 1. `agentless` set (code, `DD_LLMOBS_AGENTLESS_ENABLED`, `DD_AGENTLESS_ENABLED=true`): it decides.
 * 2. `intakeUrl` set and no Agent URL configured: agentless, to `intakeUrl` (no probe: an explicit
 *    destination means "send here").
 * 3. Otherwise probe the Agent: EVP proxy → agent mode; an answer without it → agentless. No answer
 *    (refused, timeout, 5xx): agentless when that is possible (an API key or `intakeUrl`), else ask
 *    again with the `retry` back-off while the writers hold their data (an Agent that starts after
 *    the application, or restarts, must not cost every span of the process).
 *
 * Agentless goes to `intakeUrl` when set, else to `https://llmobs-intake.<site>` and
 * `https://api.<site>` (always HTTPS). Without an API key the default intake cannot be used: the
 * route is `unavailable` and we say so once. The API key travels only over HTTPS or to a loopback
 * host, never in agent mode (the Agent adds it).
 */
export function createIntakeRouter(config: ResolvedTransportConfig, options: IntakeRouterOptions = {}): IntakeRouter {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  let decided: IntakeRoute | undefined;
  let probing: Promise<IntakeRoute> | undefined;
  let waiting: Extract<IntakeRoute, { mode: 'waiting' }> | undefined;
  let failedProbes = 0;

  const settle = (route: IntakeRoute): IntakeRoute => {
    decided = route;
    waiting = undefined;
    if (route.mode === 'unavailable') logger.error(NO_API_KEY_MESSAGE);
    else if (route.mode !== 'waiting') {
      const how = route.mode === 'agent' ? 'through the Agent' : 'agentless';
      const message = `LLM Observability data goes ${how} to ${route.spans.url}`;
      if (failedProbes > 0) logger.info(`the Datadog Agent answered after ${failedProbes} failed probe(s): ${message}`);
      else logger.debug(message);
    }
    return route;
  };

  const askAgent = async (): Promise<IntakeRoute> => {
    const result = await probeAgent(config.agentUrl, config.fetch, config.agentProbeTimeoutMillis);
    if (result.outcome === 'evp_proxy') return settle(agentRoute(config));
    const fallback = agentlessRoute(config);
    if (result.outcome === 'no_evp_proxy' || fallback.mode !== 'unavailable') return settle(fallback);
    // No answer and nowhere else to send: hold the data and ask again later.
    const { initialBackoffMillis, maxBackoffMillis, multiplier } = config.retry;
    const ceiling = Math.min(maxBackoffMillis, initialBackoffMillis * multiplier ** Math.min(failedProbes, 30));
    failedProbes++;
    if (failedProbes === 1) {
      logger.warn(
        `the Datadog Agent at ${config.agentUrl} did not answer (${result.error}); LLM Observability data is held (up to the queue bounds) ` +
          'and the Agent is asked again with back-off. Without an Agent, set DD_API_KEY to send agentless.',
      );
    }
    waiting = { mode: 'waiting', reason: 'agent_unreachable', retryAt: now() + jitteredBackoff(ceiling, random) };
    return waiting;
  };

  const decideWithoutProbe = (): IntakeRoute | undefined => {
    if (config.agentless === true) return agentlessRoute(config);
    if (config.agentless === false) return agentRoute(config);
    if (config.intakeUrl !== undefined && !config.agentUrlExplicit) return agentlessRoute(config);
    return undefined;
  };

  return {
    resolve() {
      if (decided) return Promise.resolve(decided);
      const known = decideWithoutProbe();
      if (known) return Promise.resolve(settle(known));
      if (probing) return probing;
      if (waiting && now() < waiting.retryAt) return Promise.resolve(waiting);
      probing = askAgent()
        .catch((): IntakeRoute => settle(agentlessRoute(config)))
        .finally(() => {
          probing = undefined;
        });
      return probing;
    },
    status() {
      if (decided?.mode === 'agent' || decided?.mode === 'agentless' || decided?.mode === 'unavailable') return decided.mode;
      return waiting ? 'waiting_for_agent' : 'undecided';
    },
  };
}

function agentRoute(config: ResolvedTransportConfig): IntakeRoute {
  const base = `${config.agentUrl}${EVP_PROXY_PATH}`;
  return {
    mode: 'agent',
    spans: { url: `${base}${SPANS_PATH}`, headers: { 'Content-Type': 'application/json', 'X-Datadog-EVP-Subdomain': 'llmobs-intake' } },
    evaluations: { url: `${base}${EVALUATIONS_PATH}`, headers: { 'Content-Type': 'application/json', 'X-Datadog-EVP-Subdomain': 'api' } },
  };
}

function agentlessRoute(config: ResolvedTransportConfig): IntakeRoute {
  const explicit = config.intakeUrl;
  if (explicit === undefined && config.apiKey === undefined) return { mode: 'unavailable', reason: 'no_api_key' };
  const spansBase = explicit ?? `https://llmobs-intake.${config.site}`;
  const evaluationsBase = explicit ?? `https://api.${config.site}`;
  return {
    mode: 'agentless',
    spans: { url: `${spansBase}${SPANS_PATH}`, headers: agentlessHeaders(config.apiKey, spansBase) },
    evaluations: { url: `${evaluationsBase}${EVALUATIONS_PATH}`, headers: agentlessHeaders(config.apiKey, evaluationsBase) },
  };
}

function agentlessHeaders(apiKey: string | undefined, base: string): Record<string, string> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (apiKey === undefined) return headers;
  if (mayCarryApiKey(base)) headers['DD-API-KEY'] = apiKey;
  else logger.warn(`Not sending the Datadog API key to ${base}: plain HTTP to a host that is not loopback`);
  return headers;
}

/** HTTPS, or HTTP to this machine (tests, the local dev intake). dd-trace applies the same rule. */
export function mayCarryApiKey(base: string): boolean {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  const host = url.hostname;
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
