// The traces list: filters and one row per trace (keyed by trace id, so new traces slot in and the
// rows already shown stay as they are).
import type { VNode } from 'preact';
import type { TraceSummary } from '../../shared/api.js';
import { formatDuration } from '../../shared/format.js';
import { html } from '../html.js';
import { api } from '../api.js';
import { href, type Route } from '../router.js';
import { navigate } from '../state/route.js';
import { useApi } from '../state/use-api.js';
import { clock, duration, empty, kindBadge, tokens, traceStatusBadge, warningBadge } from '../components.js';
import { rangeFrom } from './context.js';
import { filterBar, filterQuery, type FilterKey } from './filters.js';
import { loadFailed } from './load-failed.js';

const KEYS: FilterKey[] = ['ml_app', 'session_id', 'kind', 'model', 'error', 'sensitive', 'eval', 'range', 'q'];
const LIMIT = 300;

export function TracesView(props: { route: Route }): VNode {
  const { route } = props;
  const query = filterQuery(route, KEYS);
  const facets = useApi('facets', api.facets);
  // The key holds the range's name, not its start: the start is taken when the list loads.
  const traces = useApi(`traces:${JSON.stringify(query)}:${route.query.range ?? ''}`, () => api.traces({ ...query, from: rangeFrom(route.query.range), limit: String(LIMIT) }));
  const list = traces.state === 'ready' ? traces.data : undefined;
  return html`<div class="view view-traces">
    <div class="view-head">
      <h2>Traces</h2>
      <span class="muted">${list ? `${list.length}${list.length === LIMIT ? '+' : ''} shown` : ''}</span>
    </div>
    ${filterBar({ route, facets: facets.state === 'ready' ? facets.data : undefined, keys: KEYS })}
    ${traces.state === 'failed' ? loadFailed(traces.error) : list ? tracesTable(list) : null}
  </div>`;
}

function tracesTable(traces: readonly TraceSummary[]): VNode {
  if (traces.length === 0) {
    return empty(
      'No traces yet',
      html`<span>Point an app at this server: <code>DD_TRACE_AGENT_URL=${location.origin}</code> (dd-trace, otel-llmobs agent mode), or POST span payloads to <code>/api/v2/llmobs</code>.</span>`,
    );
  }
  const max = Math.max(1, ...traces.map((t) => t.duration));
  return html`<table class="table traces-table">
    <thead>
      <tr><th>Start</th><th>Trace</th><th>ml_app</th><th class="right">Spans</th><th>Duration</th><th class="right">Tokens</th><th>Status</th></tr>
    </thead>
    <tbody>
      ${traces.map((t) => traceRow(t, max))}
    </tbody>
  </table>`;
}

function traceRow(t: TraceSummary, max: number): VNode {
  const link = href('trace', t.trace_id);
  const entities = t.sensitive_entities ?? [];
  const failed = t.failed_evaluations ?? [];
  return html`<tr key=${t.trace_id} class=${t.status === 'error' ? 'clickable row-error' : 'clickable'} data-trace-id=${t.trace_id} onClick=${() => navigate(link)}>
    <td class="nowrap muted num" title=${new Date(t.start_ns / 1e6).toISOString()}>${clock(t.start_ns / 1e6)}</td>
    <td class="trace-cell">
      ${kindBadge(t.kind)}
      <a class="trace-name" href=${link}>${t.name}</a>
      ${t.session_id ? html`<span class="chip chip-session" title="session">${t.session_id}</span>` : null}
      ${warningBadge(t.warnings)}
      ${entities.length > 0 ? html`<span class="badge badge-sensitive" title=${`sensitive data: ${entities.join(', ')}`}>sensitive · ${entities.length}</span>` : null}
      ${failed.length > 0 ? html`<span class="badge badge-eval-fail" title=${`failed evaluations: ${failed.join(', ')}`}>✗ ${failed.join(', ')}</span>` : null}
    </td>
    <td>${t.ml_app ?? html`<span class="muted">—</span>`}</td>
    <td class="right num">${String(t.span_count)}</td>
    <td class="duration-cell">
      <span class="mini-bar" title=${formatDuration(t.duration)}><span class=${t.status === 'error' ? 'mini-fill fill-error' : 'mini-fill'} style=${{ width: `${Math.max(2, (t.duration / max) * 100)}%` }}></span></span>
      ${duration(t.duration)}
    </td>
    <td class="right">${tokens(t.input_tokens, t.output_tokens, t.total_tokens) ?? html`<span class="muted">—</span>`}</td>
    <td>${traceStatusBadge(t)}</td>
  </tr>`;
}
