// The traces list: filters and one row per trace.
import type { TraceSummary } from '../../shared/api.js';
import { formatDuration } from '../../shared/format.js';
import { h } from '../dom.js';
import { api } from '../api.js';
import { href } from '../router.js';
import { clock, duration, empty, kindBadge, tokens, traceStatusBadge, warningBadge } from '../components.js';
import { rangeFrom, type ViewContext } from './context.js';
import { filterBar, filterQuery, type FilterKey } from './filters.js';

const KEYS: FilterKey[] = ['ml_app', 'session_id', 'kind', 'model', 'error', 'range', 'q'];

export async function tracesView(ctx: ViewContext): Promise<HTMLElement> {
  const [facets, traces] = await Promise.all([
    ctx.facets(),
    api.traces({ ...filterQuery(ctx.route, KEYS), from: rangeFrom(ctx.route.query.range), limit: '300' }),
  ]);
  const max = Math.max(1, ...traces.map((t) => t.duration));
  return h(
    'div',
    { class: 'view view-traces' },
    h('div', { class: 'view-head' }, h('h2', null, 'Traces'), h('span', { class: 'muted' }, `${traces.length}${traces.length === 300 ? '+' : ''} shown`)),
    filterBar(ctx, facets, KEYS),
    traces.length === 0
      ? empty(
          'No traces yet',
          'Point an app at this server: ',
          h('code', null, `DD_TRACE_AGENT_URL=${location.origin}`),
          ' (dd-trace, otel-llmobs agent mode), or POST span payloads to ',
          h('code', null, '/api/v2/llmobs'),
          '.',
        )
      : h(
          'table',
          { class: 'table traces-table' },
          h(
            'thead',
            null,
            h('tr', null, h('th', null, 'Start'), h('th', null, 'Trace'), h('th', null, 'ml_app'), h('th', { class: 'right' }, 'Spans'), h('th', null, 'Duration'), h('th', { class: 'right' }, 'Tokens'), h('th', null, 'Status')),
          ),
          h('tbody', null, traces.map((t) => traceRow(ctx, t, max))),
        ),
  );
}

function traceRow(ctx: ViewContext, t: TraceSummary, max: number): HTMLElement {
  const link = href('trace', t.trace_id);
  return h(
    'tr',
    { class: ['clickable', t.status === 'error' && 'row-error'], dataset: { traceId: t.trace_id }, on: { click: () => ctx.navigate(link) } },
    h('td', { class: 'nowrap muted num', title: new Date(t.start_ns / 1e6).toISOString() }, clock(t.start_ns / 1e6)),
    h(
      'td',
      { class: 'trace-cell' },
      kindBadge(t.kind),
      h('a', { class: 'trace-name', href: link }, t.name),
      t.session_id ? h('span', { class: 'chip chip-session', title: 'session' }, t.session_id) : null,
      warningBadge(t.warnings),
    ),
    h('td', null, t.ml_app ?? h('span', { class: 'muted' }, '—')),
    h('td', { class: 'right num' }, String(t.span_count)),
    h(
      'td',
      { class: 'duration-cell' },
      h('span', { class: 'mini-bar', title: formatDuration(t.duration) }, h('span', { class: ['mini-fill', t.status === 'error' && 'fill-error'], style: { width: `${Math.max(2, (t.duration / max) * 100)}%` } })),
      duration(t.duration),
    ),
    h('td', { class: 'right' }, tokens(t.input_tokens, t.output_tokens, t.total_tokens) ?? h('span', { class: 'muted' }, '—')),
    h('td', null, traceStatusBadge(t)),
  );
}
