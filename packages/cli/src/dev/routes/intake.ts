// The LLM Observability intake paths (spec §1.1): through the agent's EVP proxy, and agentless (for
// senders configured with this server's URL as their intake).
import type { Route, RouteContext } from '../router.js';
import type { DevStore } from '../store/dev-store.js';
import type { Violation } from '../validate/violations.js';
import { ingestEvaluations, ingestSpans, rejectIntakeRequest, type IngestOutcome } from '../ingest.js';
import { readBody, sendJson } from '../http.js';

export const SPANS_PATH = /(?<evp>\/evp_proxy\/v[1-4])?\/api\/v2\/llmobs/;
export const EVALUATIONS_PATH = /(?<evp>\/evp_proxy\/v[1-4])?\/api\/intake\/llm-obs\/v2\/eval-metric/;

export interface IntakeRouteDeps {
  store: DevStore;
  /** Called after every intake request (stored or not): the terminal printer listens here. */
  onIngest?: (outcome: IngestOutcome) => void;
}

export function intakeRoutes(deps: IntakeRouteDeps): Route[] {
  return [
    { name: 'intake.spans', method: 'POST', pattern: SPANS_PATH, handler: (ctx) => handle(ctx, deps, 'spans') },
    { name: 'intake.evaluations', method: 'POST', pattern: EVALUATIONS_PATH, handler: (ctx) => handle(ctx, deps, 'evaluations') },
  ];
}

async function handle(ctx: RouteContext, deps: IntakeRouteDeps, kind: 'spans' | 'evaluations'): Promise<void> {
  const { req, res, url } = ctx;
  const read = await readBody(req);
  if (!read.ok) {
    const outcome = rejectIntakeRequest(
      deps.store,
      { method: req.method ?? 'POST', path: url.pathname, bytes: Number(req.headers['content-length'] ?? 0) },
      kind,
      read.status,
      { severity: 'error', code: read.status === 413 ? 'limits.payload_size' : 'transport.body', path: '', message: read.message },
    );
    deps.onIngest?.(outcome);
    sendJson(res, read.status, outcome.response, { connection: 'close' });
    return;
  }
  const transport = transportChecks(ctx, kind);
  const outcome = (kind === 'spans' ? ingestSpans : ingestEvaluations)(deps.store, {
    method: req.method ?? 'POST',
    path: url.pathname,
    body: read.body,
    transport,
  });
  deps.onIngest?.(outcome);
  sendJson(res, outcome.status, outcome.response);
}

/** Headers a real Agent needs (spec §1.1, §1.2). Reported as warnings: the data is fine. */
function transportChecks({ req, params }: RouteContext, kind: 'spans' | 'evaluations'): Violation[] {
  const out: Violation[] = [];
  const header = (name: string): string | undefined => {
    const v = req.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  if (params.evp) {
    const expected = kind === 'spans' ? 'llmobs-intake' : 'api';
    const subdomain = header('x-datadog-evp-subdomain');
    if (subdomain !== expected) {
      out.push({
        severity: 'warning',
        code: 'transport.evp_subdomain',
        path: '',
        message: `X-Datadog-EVP-Subdomain is ${subdomain === undefined ? 'missing' : JSON.stringify(subdomain)}; a real Agent forwards ${kind} only with "${expected}".`,
      });
    }
  }
  // No DD-API-KEY check on the agentless paths: a key is deployment configuration, and the otel-llmobs
  // exporter sends none to a loopback intakeUrl by design.
  const type = header('content-type');
  if (!type?.toLowerCase().startsWith('application/json')) {
    out.push({
      severity: 'warning',
      code: 'transport.content_type',
      path: '',
      message: `Content-Type is ${type === undefined ? 'missing' : JSON.stringify(type)}; send application/json.`,
    });
  }
  return out;
}
