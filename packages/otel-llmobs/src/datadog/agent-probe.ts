import type { FetchLike } from '../internal/fetch-like.js';
import { readBodyPrefix } from '../internal/read-body.js';
import { withTracingSuppressed } from '../internal/suppress-tracing.js';
import { setUnrefTimeout, settleWithin } from '../internal/timers.js';
import { describeNetworkError } from './fetch-transport.js';

/** An Agent that lists an endpoint starting with this proxies LLM Observability traffic (dd-trace 6.x rule). */
const EVP_PROXY_PREFIX = '/evp_proxy/v2/';

/** An Agent's `/info` is a few KB; anything much larger is not an Agent. */
const MAX_INFO_BYTES = 256 * 1024;

/**
 * What `GET <agent>/info` said. `unreachable` (refused, timed out, 5xx) is not an answer: the Agent
 * may be starting or restarting, so the caller asks again later. Any answer is final: an Agent
 * without the EVP proxy (or a server that is not an Agent) will not grow one.
 */
export type AgentProbeResult = { outcome: 'evp_proxy' } | { outcome: 'no_evp_proxy' } | { outcome: 'unreachable'; error: string };

/** Never throws. Unlike dd-trace we do not retry a refused connection here: the router decides when to ask again. */
export function probeAgent(agentUrl: string, fetch: FetchLike, timeoutMillis: number): Promise<AgentProbeResult> {
  return settleWithin(probe(agentUrl, fetch, timeoutMillis), timeoutMillis + 100, { outcome: 'unreachable', error: `no answer within ${timeoutMillis} ms` });
}

async function probe(agentUrl: string, fetch: FetchLike, timeoutMillis: number): Promise<AgentProbeResult> {
  const controller = new AbortController();
  const timer = setUnrefTimeout(() => controller.abort(), timeoutMillis);
  try {
    const response = await withTracingSuppressed(() => fetch(`${agentUrl}/info`, { method: 'GET', headers: {}, signal: controller.signal }));
    const { text, complete } = await readBodyPrefix(response, MAX_INFO_BYTES);
    if (response.status >= 500) return { outcome: 'unreachable', error: `HTTP ${response.status}` };
    if (response.status < 200 || response.status >= 300 || !complete) return { outcome: 'no_evp_proxy' };
    const info = JSON.parse(text) as { endpoints?: unknown } | null;
    const endpoints = info?.endpoints;
    const hasEvp = Array.isArray(endpoints) && endpoints.some((e) => typeof e === 'string' && e.startsWith(EVP_PROXY_PREFIX));
    return { outcome: hasEvp ? 'evp_proxy' : 'no_evp_proxy' };
  } catch (err) {
    if (err instanceof SyntaxError) return { outcome: 'no_evp_proxy' };
    return { outcome: 'unreachable', error: controller.signal.aborted ? `no answer within ${timeoutMillis} ms` : describeNetworkError(err) };
  } finally {
    clearTimeout(timer);
  }
}
