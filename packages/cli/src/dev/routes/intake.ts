// The LLM Observability intake paths (spec §1.1): through the agent's EVP proxy, and agentless (for
// senders configured with this server's URL as their intake).
import type { Route, RouteContext } from '../../server/router.js';
import type { DevStore } from '../store/dev-store.js';
import type { Violation } from '../validate/violations.js';
import type { IncomingMessage } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { ingestEvaluations, ingestSpans, rejectIntakeRequest, type IngestOutcome } from '../ingest.js';
import { sendJson } from '../../server/http.js';
import { readRequestBody, type BodyResult } from '../../server/read-body.js';
import { errorMessage } from 'otel-llmobs/internals';
import type { SpanEventScanner } from 'otel-llmobs/internals';

export const SPANS_PATH = /(?<evp>\/evp_proxy\/v[1-4])?\/api\/v2\/llmobs/;
export const EVALUATIONS_PATH = /(?<evp>\/evp_proxy\/v[1-4])?\/api\/intake\/llm-obs\/v2\/eval-metric/;

/**
 * Most bytes of a body, received and decompressed. Far over the intake's 5 MiB, so that a payload
 * over 5 MiB is still read, then stored as a rejected request the Problems view shows.
 */
const MAX_BODY_BYTES = 64 * 1024 * 1024;
const BODY_TIMEOUT_MS = 30_000;

export interface IntakeRouteDeps {
  store: DevStore;
  /** Called after every intake request (stored or not): the terminal printer listens here. */
  onIngest?: (outcome: IngestOutcome) => void;
  /** The sensitive-data scan of what arrives on these routes (the OTLP route has the processor's). */
  scanner?: SpanEventScanner;
}

export function intakeRoutes(deps: IntakeRouteDeps): Route[] {
  return [
    { name: 'intake.spans', method: 'POST', pattern: SPANS_PATH, handler: (ctx) => handle(ctx, deps, 'spans') },
    { name: 'intake.evaluations', method: 'POST', pattern: EVALUATIONS_PATH, handler: (ctx) => handle(ctx, deps, 'evaluations') },
  ];
}

async function handle(ctx: RouteContext, deps: IntakeRouteDeps, kind: 'spans' | 'evaluations'): Promise<void> {
  const { req, res, url } = ctx;
  const read = await readIntakeBody(req);
  if (!read.ok) {
    const outcome = rejectIntakeRequest(
      deps.store,
      { method: req.method ?? 'POST', path: url.pathname, bytes: Number(req.headers['content-length'] ?? 0) },
      kind,
      read.status,
      { severity: 'error', code: read.status === 413 ? 'limits.payload_size' : 'transport.body', path: '', message: read.message },
    );
    deps.onIngest?.(outcome);
    // The body was not (fully) read: close the connection rather than read the rest.
    sendJson(res, read.status, outcome.response, { connection: 'close' });
    if (read.status === 408) res.once('finish', () => req.socket.destroy());
    return;
  }
  const transport = transportChecks(ctx, kind);
  const outcome = (kind === 'spans' ? ingestSpans : ingestEvaluations)(deps.store, {
    method: req.method ?? 'POST',
    path: url.pathname,
    body: read.body,
    transport,
    ...(deps.scanner ? { scanner: deps.scanner } : {}),
  });
  deps.onIngest?.(outcome);
  sendJson(res, outcome.status, outcome.response);
}

async function readIntakeBody(req: IncomingMessage): Promise<BodyResult> {
  const read = await readRequestBody(req, { maxBytes: MAX_BODY_BYTES, timeoutMs: BODY_TIMEOUT_MS });
  const coding = String(req.headers['content-encoding'] ?? '').toLowerCase().trim();
  const gzipMagic = read.ok && read.body.length >= 2 && read.body[0] === 0x1f && read.body[1] === 0x8b;
  if (!gzipMagic || (coding !== '' && coding !== 'identity')) return read;
  // gzip without Content-Encoding (some clients compress without saying so), told by its magic bytes.
  try {
    return { ...read, body: gunzipSync(read.body, { maxOutputLength: MAX_BODY_BYTES }) };
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE'
      ? { ok: false, status: 413, message: `decompressed request body over the limit of ${MAX_BODY_BYTES} bytes` }
      : { ok: false, status: 400, message: `the body could not be decompressed (gzip by its magic bytes): ${errorMessage(err)}` };
  }
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
