// The dev server: one HTTP listener serving the Agent surface, the LLM Observability intake paths, the
// viewer's JSON API and the viewer itself, from one ordered route table.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { listen } from '../server/listen.js';
import type { ConnectionGuard, ConnectionLimits } from '../server/connection-limits.js';
import { limitConnections, resolveConnectionLimits, serverOptions } from '../server/connection-limits.js';
import { checkWriteRequest } from './request-guard.js';
import type { DevStore } from './store/dev-store.js';
import type { IngestOutcome } from './ingest.js';
import { matchRoute, type Route } from '../server/router.js';
import { sendJson } from '../server/http.js';
import { agentRoutes } from './routes/agent.js';
import { intakeRoutes } from './routes/intake.js';
import type { SpanEventScanner } from 'otel-llmobs/internals';
import { apiRoutes } from './routes/api.js';
import { defaultUiDir, uiRoutes } from './routes/ui.js';
import { errorMessage } from 'otel-llmobs/internals';

export const DEFAULT_PORT = 8126;
export const DEFAULT_HOST = '127.0.0.1';

export interface DevServerOptions {
  store: DevStore;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Directory holding the viewer's app.js and app.css (default: the package's dist/ui). */
  uiDir?: string;
  onIngest?: (outcome: IngestOutcome) => void;
  /** The sensitive-data scan of the intake routes (agent EVP proxy and agentless); none when scanning is off. */
  scanner?: SpanEventScanner;
  /** More routes, matched before the built-in ones (e.g. an OTLP receiver). */
  extraRoutes?: readonly Route[];
  /** Unexpected handler failures (the request gets a 500). */
  onError?: (err: unknown, req: IncomingMessage) => void;
  /** Header, idle and keep-alive timeouts and the connection cap (defaults: `CONNECTION_LIMIT_DEFAULTS`). */
  connections?: ConnectionLimits;
}

export interface DevServer {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly routes: readonly Route[];
  readonly server: Server;
  /** Open connections, and those closed or refused at the cap. */
  readonly connections: ConnectionGuard;
  /** Stop accepting, let in-flight requests finish (up to `graceMs`), then drop idle connections. */
  close(graceMs?: number): Promise<void>;
}

/** The built-in routes, in match order. Exposed so other commands can compose their own servers. */
export function devRoutes(options: Pick<DevServerOptions, 'store' | 'onIngest' | 'uiDir' | 'extraRoutes' | 'scanner'>): Route[] {
  return [
    ...(options.extraRoutes ?? []),
    ...intakeRoutes({ store: options.store, onIngest: options.onIngest, ...(options.scanner ? { scanner: options.scanner } : {}) }),
    ...agentRoutes(),
    ...apiRoutes(options.store),
    ...uiRoutes(options.uiDir ?? defaultUiDir()),
  ];
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/**
 * The viewer and its API answer only to a loopback Host header when the server listens on loopback:
 * otherwise any web page could read your traces through DNS rebinding. The intake paths answer anyone
 * who can connect (containers post with other host names).
 */
function hostAllowed(req: IncomingMessage, boundToLoopback: boolean): boolean {
  if (!boundToLoopback) return true;
  const host = (req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
  return LOOPBACK.has(host);
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const host = options.host ?? DEFAULT_HOST;
  const routes = devRoutes(options);
  const boundToLoopback = LOOPBACK.has(host);
  const limits = resolveConnectionLimits(options.connections);
  const server = createServer(serverOptions(limits), (req, res) => {
    const url = new URL(req.url ?? '/', 'http://dev.invalid');
    const match = matchRoute(routes, req.method ?? 'GET', url.pathname);
    if (!match.route) {
      req.resume();
      if (match.allowed.length > 0) {
        sendJson(res, 405, { error: `method not allowed; use ${[...new Set(match.allowed)].join(', ')}` }, { allow: match.allowed.join(', ') });
      } else {
        sendJson(res, 404, { error: 'not found', path: url.pathname });
      }
      return;
    }
    const { route, params } = match;
    if ((route.name.startsWith('api.') || route.name.startsWith('ui.')) && !hostAllowed(req, boundToLoopback)) {
      req.resume();
      sendJson(res, 403, { error: 'the viewer answers only to a loopback Host (localhost, 127.0.0.1)' });
      return;
    }
    const refusal = checkWriteRequest(req, route.name);
    if (refusal) {
      req.resume();
      sendJson(res, refusal.status, { error: refusal.message }, { connection: 'close' });
      return;
    }
    Promise.resolve()
      .then(() => route.handler({ req, res, url, params }))
      .catch((err: unknown) => {
        options.onError?.(err, req);
        if (!res.headersSent) sendJson(res, 500, { error: 'internal error', message: errorMessage(err) });
        else res.destroy();
      });
  });
  const connections = limitConnections(server, limits);
  const listening = await listen(server, options.port ?? DEFAULT_PORT, host);
  return {
    url: listening.url,
    host: listening.host,
    port: listening.port,
    routes,
    server,
    connections,
    close: (graceMs = 2_000) => listening.close(graceMs),
  };
}
