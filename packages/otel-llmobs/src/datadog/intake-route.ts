import { diag } from '@opentelemetry/api';
import type { ResolvedTransportConfig } from '../config/datadog-transport-config.js';
import { probeAgentForEvpProxy } from './agent-probe.js';

export const SPANS_PATH = '/api/v2/llmobs';
export const EVALUATIONS_PATH = '/api/intake/llm-obs/v2/eval-metric';
export const EVP_PROXY_PATH = '/evp_proxy/v2';

export interface IntakeTarget {
  url: string;
  headers: Readonly<Record<string, string>>;
}

export type IntakeRoute =
  | { mode: 'agent' | 'agentless'; spans: IntakeTarget; evaluations: IntakeTarget }
  | { mode: 'unavailable'; reason: 'no_api_key' };

/** Decides once where data goes (spec §1.5, plus our `intakeUrl`), and remembers. */
export interface IntakeRouter {
  resolve(): Promise<IntakeRoute>;
}

const logger = /* @__PURE__ */ diag.createComponentLogger({ namespace: 'otel-llmobs/datadog' });

const NO_API_KEY_MESSAGE =
  'Cannot send LLM Observability data: agentless mode needs a Datadog API key (set DD_API_KEY or the apiKey option), ' +
  'or a Datadog Agent with the EVP proxy (DD_TRACE_AGENT_URL, or DD_LLMOBS_AGENTLESS_ENABLED=false). Nothing will be sent.';

/**
 * Mode decision, first match wins:
 * 1. `agentless` set (code, `DD_LLMOBS_AGENTLESS_ENABLED`, `DD_AGENTLESS_ENABLED=true`): it decides.
 * 2. `intakeUrl` set and no Agent URL configured: agentless, to `intakeUrl` (no probe: an explicit
 *    destination means "send here").
 * 3. Otherwise probe the Agent once: EVP proxy → agent mode; anything else → agentless.
 *
 * Agentless goes to `intakeUrl` when set, else to `https://llmobs-intake.<site>` and
 * `https://api.<site>` (always HTTPS). Without an API key the default intake cannot be used: the
 * route is `unavailable` and we say so once. The API key travels only over HTTPS or to a loopback
 * host, never in agent mode (the Agent adds it).
 */
export function createIntakeRouter(config: ResolvedTransportConfig): IntakeRouter {
  let decided: Promise<IntakeRoute> | undefined;

  const decide = async (): Promise<IntakeRoute> => {
    let route: IntakeRoute;
    if (config.agentless === true) route = agentlessRoute(config);
    else if (config.agentless === false) route = agentRoute(config);
    else if (config.intakeUrl !== undefined && !config.agentUrlExplicit) route = agentlessRoute(config);
    else {
      const hasEvp = await probeAgentForEvpProxy(config.agentUrl, config.fetch, config.agentProbeTimeoutMillis);
      route = hasEvp ? agentRoute(config) : agentlessRoute(config);
    }
    if (route.mode === 'unavailable') logger.error(NO_API_KEY_MESSAGE);
    else logger.debug(`LLM Observability data goes ${route.mode === 'agent' ? 'through the Agent' : 'agentless'} to ${route.spans.url}`);
    return route;
  };

  return {
    resolve() {
      decided ??= decide().catch((): IntakeRoute => agentlessRoute(config));
      return decided;
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
