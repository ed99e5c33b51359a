// One trace: a waterfall of its spans (tree order, bars on a shared time axis) and the selected span.
import type { EvaluationRecord, TraceDetail } from '../../shared/api.js';
import { formatDuration, shortId } from '../../shared/format.js';
import { spanTree } from '../../shared/span-tree.js';
import { h } from '../dom.js';
import { api, ApiError } from '../api.js';
import { href } from '../router.js';
import { clock, duration, empty, kindBadge, tokens, traceStatusBadge, warningBadge } from '../components.js';
import type { ViewContext } from './context.js';
import { evaluationCard, spanDetail } from './span-detail.js';

export async function traceView(ctx: ViewContext): Promise<HTMLElement> {
  let detail: TraceDetail;
  try {
    detail = await api.trace(ctx.route.id ?? '');
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      return h('div', { class: 'view' }, backLink(), empty('Trace not found', 'It may have been evicted by the retention policy.'));
    }
    throw err;
  }
  const { trace, spans, evaluations } = detail;
  const rows = spanTree(spans);
  const selectedId = ctx.route.query.span ?? rows[0]?.span.span_id;
  const selected = spans.find((s) => s.span_id === selectedId) ?? rows[0]?.span;
  const evalsBySpan = new Map<string, EvaluationRecord[]>();
  for (const e of evaluations) {
    if (!e.join_span_id) continue;
    const list = evalsBySpan.get(e.join_span_id) ?? [];
    list.push(e);
    evalsBySpan.set(e.join_span_id, list);
  }
  const t0 = trace.start_ns;
  const total = Math.max(trace.duration, 1);

  const waterfall = h(
    'div',
    { class: 'waterfall', role: 'tree', aria: { label: 'Spans of the trace' } },
    h('div', { class: 'wf-axis' }, h('span', null, '0'), h('span', null, formatDuration(total / 2)), h('span', null, formatDuration(total))),
    rows.map(({ span, depth }) => {
      const left = ((span.start_ns - t0) / total) * 100;
      const width = Math.max((span.duration / total) * 100, 0.4);
      const evals = evalsBySpan.get(span.span_id)?.length ?? 0;
      return h(
        'a',
        {
          class: ['wf-row', span.span_id === selected?.span_id && 'selected', span.status === 'error' && 'row-error'],
          href: href('trace', trace.trace_id, { span: span.span_id }),
          role: 'treeitem',
          dataset: { spanId: span.span_id, kind: span.kind },
          on: {
            click: (e) => {
              e.preventDefault();
              ctx.navigate(href('trace', trace.trace_id, { span: span.span_id }), true);
            },
          },
        },
        h(
          'div',
          { class: 'wf-label', style: { 'padding-left': `${depth * 18 + 8}px` } },
          depth > 0 ? h('span', { class: 'wf-elbow' }, '└') : null,
          kindBadge(span.kind),
          h('span', { class: 'wf-name' }, span.name),
          span.model_name && span.model_name !== 'custom' ? h('span', { class: 'wf-model' }, span.model_name) : null,
          span.status === 'error' ? h('span', { class: 'badge badge-error' }, '!') : null,
          warningBadge(span.warnings),
          evals > 0 ? h('span', { class: 'badge badge-eval', title: `${evals} evaluation(s)` }, `◆ ${evals}`) : null,
        ),
        h(
          'div',
          { class: 'wf-lane' },
          h('span', { class: ['wf-bar', `bar-${span.kind}`, span.status === 'error' && 'fill-error'], style: { left: `${left}%`, width: `${Math.min(width, 100 - left)}%` } }),
          durationLabel(span.duration, left, width),
        ),
      );
    }),
  );

  const traceLevel = evaluations.filter((e) => !e.join_span_id);
  return h(
    'div',
    { class: 'view view-trace' },
    backLink(),
    h(
      'div',
      { class: 'trace-head' },
      h('h2', null, kindBadge(trace.kind), h('span', { class: 'trace-title' }, trace.name)),
      h(
        'div',
        { class: 'trace-meta' },
        traceStatusBadge(trace),
        duration(trace.duration),
        tokens(trace.input_tokens, trace.output_tokens, trace.total_tokens),
        h('span', { class: 'muted' }, `${trace.span_count} span${trace.span_count > 1 ? 's' : ''}`),
        h('span', { class: 'muted', title: new Date(trace.start_ns / 1e6).toISOString() }, clock(trace.start_ns / 1e6)),
        trace.ml_app ? h('a', { class: 'chip', href: href('traces', undefined, { ml_app: trace.ml_app }) }, h('span', { class: 'chip-key' }, 'ml_app'), h('span', { class: 'chip-value' }, trace.ml_app)) : null,
        trace.session_id ? h('a', { class: 'chip chip-session', href: href('session', trace.session_id) }, h('span', { class: 'chip-key' }, 'session'), h('span', { class: 'chip-value' }, trace.session_id)) : null,
        h('span', { class: 'chip mono', title: `LLM Observability trace id ${trace.trace_id}` }, shortId(trace.trace_id)),
        warningBadge(trace.warnings),
      ),
      traceLevel.length > 0
        ? h('details', { class: 'trace-evals' }, h('summary', null, `${traceLevel.length} evaluation(s) on the whole trace`), h('div', { class: 'evals' }, traceLevel.map(evaluationCard)))
        : null,
    ),
    h(
      'div',
      { class: 'split' },
      h('div', { class: 'split-left' }, waterfall),
      h('div', { class: 'split-right' }, selected ? spanDetail(selected, evalsBySpan.get(selected.span_id) ?? [], detail.problems.filter((p) => p.span_id === selected.span_id)) : empty('No spans')),
    ),
  );
}

/** After the bar when there is room, else inside its right end (long bars) or before it (late ones). */
function durationLabel(ns: number, left: number, width: number): HTMLElement {
  const text = formatDuration(ns);
  if (left + width <= 80) return h('span', { class: 'wf-duration num', style: { left: `${left + width}%` } }, text);
  if (width >= 22) return h('span', { class: 'wf-duration wf-duration-inside num', style: { right: `${Math.max(100 - left - width, 0)}%` } }, text);
  return h('span', { class: 'wf-duration wf-duration-before num', style: { right: `${100 - left}%` } }, text);
}

function backLink(): HTMLElement {
  return h('a', { class: 'back', href: '#/traces' }, '← Traces');
}
