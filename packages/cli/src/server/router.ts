// The dev server's route table: an ordered list of (method, path pattern, handler). Commands add their
// own routes to it (the OTLP receiver, `POST /v1/traces`, is meant to be one more entry).
import type { IncomingMessage, ServerResponse } from 'node:http';

export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'ANY';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Named groups of the route's pattern. */
  params: Record<string, string>;
}

export interface Route {
  /** For logs and tests. */
  name: string;
  method: RouteMethod;
  /** Matched against the whole path (no query string). */
  pattern: RegExp;
  handler: (ctx: RouteContext) => void | Promise<void>;
}

export function matchRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | { route: undefined; allowed: string[] } {
  const allowed: string[] = [];
  for (const route of routes) {
    const m = route.pattern.exec(path);
    if (!m || m[0] !== path) continue;
    if (route.method !== 'ANY' && route.method !== method && !(route.method === 'GET' && method === 'HEAD')) {
      allowed.push(route.method);
      continue;
    }
    return { route, params: { ...(m.groups ?? {}) } };
  }
  return { route: undefined, allowed };
}
