import type { FetchLike } from '../internal/fetch-like.js';
import { withTracingSuppressed } from '../internal/suppress-tracing.js';
import { setUnrefTimeout, settleWithin } from '../internal/timers.js';

/** An Agent that lists an endpoint starting with this proxies LLM Observability traffic (dd-trace 6.x rule). */
const EVP_PROXY_PREFIX = '/evp_proxy/v2/';

/**
 * `GET <agent>/info`: does this Agent have the EVP proxy? Any failure (refused, timeout, non-2xx,
 * bad JSON, no such endpoint) means no. Unlike dd-trace we do not retry a refused connection for
 * 15 s: a short timeout decides fast, and events wait in the queue meanwhile. Never throws.
 */
export function probeAgentForEvpProxy(agentUrl: string, fetch: FetchLike, timeoutMillis: number): Promise<boolean> {
  return settleWithin(probe(agentUrl, fetch, timeoutMillis), timeoutMillis + 100, false);
}

async function probe(agentUrl: string, fetch: FetchLike, timeoutMillis: number): Promise<boolean> {
  const controller = new AbortController();
  const timer = setUnrefTimeout(() => controller.abort(), timeoutMillis);
  try {
    const response = await withTracingSuppressed(() => fetch(`${agentUrl}/info`, { method: 'GET', headers: {}, signal: controller.signal }));
    const text = await response.text();
    if (response.status < 200 || response.status >= 300) return false;
    const info = JSON.parse(text) as { endpoints?: unknown };
    return Array.isArray(info.endpoints) && info.endpoints.some((e) => typeof e === 'string' && e.startsWith(EVP_PROXY_PREFIX));
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
