// The Datadog Agent's surface, enough for tracers to treat this server as their agent: `/info`
// advertising the EVP proxy (dd-trace picks agent mode for LLM Observability when an endpoint starts
// with `/evp_proxy/v2/`, spec §1.5), and the other endpoints a tracer talks to, answered and ignored
// so an app pointed here logs no errors.
import type { Route } from '../../server/router.js';
import { drain, sendJson } from '../../server/http.js';

export const AGENT_VERSION = '7.99.0-otel-llmobs-dev';

/** What `/info` advertises; tracers use these to decide what to send. */
export const AGENT_ENDPOINTS = [
  '/v0.3/traces',
  '/v0.4/traces',
  '/v0.5/traces',
  '/v0.7/traces',
  '/v0.6/stats',
  '/v0.1/pipeline_stats',
  '/telemetry/proxy/',
  '/evp_proxy/v1/',
  '/evp_proxy/v2/',
  '/evp_proxy/v3/',
  '/evp_proxy/v4/',
  '/debugger/v1/input',
  '/debugger/v1/diagnostics',
  '/debugger/v2/input',
  '/symdb/v1/input',
  '/profiling/v1/input',
  '/tracer_flare/v1',
  '/dogstatsd/v2/proxy',
] as const;

export function agentInfo(): Record<string, unknown> {
  return {
    version: AGENT_VERSION,
    git_commit: 'otel-llmobs',
    endpoints: AGENT_ENDPOINTS,
    feature_flags: [],
    client_drop_p0s: false,
    span_meta_structs: true,
    long_running_spans: true,
    evp_proxy_allowed_headers: ['Content-Type', 'Accept-Encoding', 'Content-Encoding', 'User-Agent', 'DD-CI-PROVIDER-NAME'],
    config: {
      default_env: 'none',
      target_tps: 10,
      max_eps: 200,
      receiver_port: 8126,
      receiver_socket: '',
      connection_limit: 0,
      receiver_timeout: 0,
      max_request_bytes: 26214400,
      statsd_port: 8125,
      analyzed_spans_by_service: {},
    },
    peer_tags: [],
    otel_llmobs_dev: true,
  };
}

const ignored = (name: string, method: Route['method'], pattern: RegExp, status: number, body: unknown = {}): Route => ({
  name,
  method,
  pattern,
  handler: async ({ req, res }) => {
    await drain(req);
    sendJson(res, status, body);
  },
});

export function agentRoutes(): Route[] {
  return [
    { name: 'agent.info', method: 'GET', pattern: /\/info/, handler: ({ res }) => sendJson(res, 200, agentInfo()) },
    // APM traces: the agent answers with sampling rates; dd-trace reads rate_by_service.
    ignored('agent.traces', 'ANY', /\/v0\.[3-7]\/traces/, 200, { rate_by_service: { 'service:,env:': 1 } }),
    ignored('agent.stats', 'ANY', /\/v0\.6\/stats|\/v0\.1\/pipeline_stats/, 200),
    ignored('agent.telemetry', 'ANY', /\/telemetry\/proxy\/.*/, 202),
    ignored('agent.debugger', 'ANY', /\/debugger\/v[12]\/(input|diagnostics)|\/symdb\/v1\/input/, 200),
    ignored('agent.profiling', 'ANY', /\/profiling\/v1\/input/, 200),
    ignored('agent.dogstatsd', 'ANY', /\/dogstatsd\/v[12]\/proxy/, 200),
    ignored('agent.tracer_flare', 'ANY', /\/tracer_flare\/v1/, 200),
    // Every other EVP-proxied intake (exposures, CI visibility, …) is accepted and dropped. The
    // LLM Observability paths are matched before this route.
    ignored('agent.evp_other', 'ANY', /\/evp_proxy\/v[1-4]\/.*/, 202),
  ];
}
