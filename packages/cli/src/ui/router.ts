// Hash routes: #/traces?…, #/trace/<id>?span=<id>, #/sessions, #/session/<id>, #/charts, #/problems.

export interface Route {
  view: 'traces' | 'trace' | 'sessions' | 'session' | 'charts' | 'problems';
  id?: string;
  query: Record<string, string>;
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [path = '', search = ''] = raw.split('?', 2);
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(search)) query[k] = v;
  const [head, ...rest] = path.split('/');
  const id = rest.length > 0 ? decodeURIComponent(rest.join('/')) : undefined;
  switch (head) {
    case 'trace':
      return id ? { view: 'trace', id, query } : { view: 'traces', query };
    case 'session':
      return id ? { view: 'session', id, query } : { view: 'sessions', query };
    case 'sessions':
    case 'charts':
    case 'problems':
      return { view: head, query };
    default:
      return { view: 'traces', query };
  }
}

export function href(view: Route['view'], id?: string, query: Record<string, string | undefined> = {}): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') search.set(k, v);
  const s = search.toString();
  return `#/${view}${id !== undefined ? `/${encodeURIComponent(id)}` : ''}${s ? `?${s}` : ''}`;
}
