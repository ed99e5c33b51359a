// The viewer's JSON API, read-only, over the store.
import type { TraceFilter } from '../../shared/api.js';
import type { Route } from '../../server/router.js';
import type { DevStore } from '../store/dev-store.js';
import { sendJson } from '../../server/http.js';
import { BadQuery, intParam, pathId, textParam as param } from './query.js';

export function apiRoutes(store: DevStore): Route[] {
  const get = (name: string, pattern: RegExp, handler: Route['handler']): Route => ({ name, method: 'GET', pattern, handler: answerBadQuery(handler) });
  return [
    get('api.summary', /\/api\/summary/, ({ res }) => sendJson(res, 200, store.summary())),
    get('api.facets', /\/api\/facets/, ({ res }) => sendJson(res, 200, store.facets())),
    get('api.traces', /\/api\/traces/, ({ res, url }) => sendJson(res, 200, { traces: store.listTraces(traceFilter(url)) })),
    get('api.trace', /\/api\/traces\/(?<id>[^/]+)/, ({ res, params }) => {
      const trace = store.getTrace(pathId(params.id, 'trace id'));
      if (trace) sendJson(res, 200, trace);
      else sendJson(res, 404, { error: 'trace not found' });
    }),
    get('api.sessions', /\/api\/sessions/, ({ res, url }) =>
      sendJson(res, 200, { sessions: store.listSessions({ ml_app: param(url, 'ml_app'), limit: intParam(url, 'limit') }) }),
    ),
    get('api.session', /\/api\/sessions\/(?<id>[^/]+)/, ({ res, params }) => {
      const session = store.getSession(pathId(params.id, 'session id'));
      if (session) sendJson(res, 200, session);
      else sendJson(res, 404, { error: 'session not found' });
    }),
    get('api.stats', /\/api\/stats/, ({ res, url }) => sendJson(res, 200, store.stats({ ...traceFilter(url), buckets: intParam(url, 'buckets') }))),
    get('api.problems', /\/api\/problems/, ({ res, url }) => sendJson(res, 200, { requests: store.listProblems({ limit: intParam(url, 'limit') }) })),
    get('api.requests', /\/api\/requests/, ({ res, url }) => sendJson(res, 200, { requests: store.listRequests(intParam(url, 'limit')) })),
    get('api.not_found', /\/api\/(?!v2\/llmobs$|intake\/).*/, ({ res }) => sendJson(res, 404, { error: 'no such API route' })),
  ];
}

/** A malformed parameter answers 400; anything else is the server's error (500, by the server). */
function answerBadQuery(handler: Route['handler']): Route['handler'] {
  return (ctx) => {
    try {
      return handler(ctx);
    } catch (err) {
      if (!(err instanceof BadQuery)) throw err;
      sendJson(ctx.res, 400, { error: err.message });
      return undefined;
    }
  };
}

export function traceFilter(url: URL): TraceFilter {
  const error = param(url, 'error');
  const sensitive = param(url, 'sensitive');
  const assessment = param(url, 'assessment');
  if (assessment !== undefined && assessment !== 'pass' && assessment !== 'fail') {
    throw new BadQuery(`assessment must be pass or fail (got ${JSON.stringify(assessment.slice(0, 40))})`);
  }
  return {
    ml_app: param(url, 'ml_app'),
    session_id: param(url, 'session_id'),
    kind: param(url, 'kind'),
    model: param(url, 'model'),
    error: error === undefined ? undefined : error === '1' || error === 'true',
    from_ms: intParam(url, 'from'),
    to_ms: intParam(url, 'to'),
    q: param(url, 'q'),
    sensitive: sensitive === undefined ? undefined : sensitive === '1' || sensitive === 'true',
    sensitive_entity: param(url, 'sensitive_entity'),
    eval: param(url, 'eval'),
    eval_value: param(url, 'eval_value'),
    assessment,
    limit: intParam(url, 'limit'),
  };
}
