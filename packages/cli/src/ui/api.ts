// The viewer's calls to the dev server's JSON API.
import type { Facets, ProblemGroup, SessionDetail, SessionSummary, Stats, Summary, TraceDetail, TraceSummary } from '../shared/api.js';

async function get<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new ApiError(res.status, `${res.status} ${res.statusText} for ${path}`);
  return (await res.json()) as T;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const qs = (params: Record<string, string | undefined>): string => {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') search.set(k, v);
  const s = search.toString();
  return s ? `?${s}` : '';
};

export const api = {
  summary: () => get<Summary>('/api/summary'),
  facets: () => get<Facets>('/api/facets'),
  traces: (filter: Record<string, string | undefined>) => get<{ traces: TraceSummary[] }>(`/api/traces${qs(filter)}`).then((r) => r.traces),
  trace: (id: string) => get<TraceDetail>(`/api/traces/${encodeURIComponent(id)}`),
  sessions: (filter: Record<string, string | undefined>) => get<{ sessions: SessionSummary[] }>(`/api/sessions${qs(filter)}`).then((r) => r.sessions),
  session: (id: string) => get<SessionDetail>(`/api/sessions/${encodeURIComponent(id)}`),
  stats: (filter: Record<string, string | undefined>) => get<Stats>(`/api/stats${qs(filter)}`),
  problems: () => get<{ requests: ProblemGroup[] }>('/api/problems?limit=100').then((r) => r.requests),
};
