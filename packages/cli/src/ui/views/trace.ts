// One trace: a waterfall of its spans (tree order, bars on a shared time axis) and the selected span.
// New spans of the trace are merged in as they arrive; the selection and open sections stay.
import { h, type VNode } from 'preact';
import type { EvaluationRecord, TraceDetail } from '../../shared/api.js';
import { formatDuration, shortId } from '../../shared/format.js';
import { spanTree } from '../../shared/span-tree.js';
import { html } from '../html.js';
import { api, ApiError } from '../api.js';
import { href, type Route } from '../router.js';
import { navigate } from '../state/route.js';
import { useApi } from '../state/use-api.js';
import { clock, Disclosure, duration, empty, kindBadge, tokens, traceStatusBadge, warningBadge } from '../components.js';
import { sensitiveDataTags } from '../redactions.js';
import { EvaluationCard, SpanDetail } from './span-detail.js';
import { loadFailed } from './load-failed.js';

export function TraceView(props: { route: Route }): VNode {
  const id = props.route.id ?? '';
  const loaded = useApi(`trace:${id}`, () => api.trace(id));
  if (loaded.state === 'failed') {
    if (loaded.error instanceof ApiError && loaded.error.status === 404) {
      return html`<div class="view">${backLink()}${empty('Trace not found', 'It may have been evicted by the retention policy.')}</div>`;
    }
    return html`<div class="view">${backLink()}${loadFailed(loaded.error)}</div>`;
  }
  // Until this trace has loaded (the previous one may still be in hand), show only the way back.
  if (loaded.state === 'loading' || loaded.data.trace.trace_id !== id) return html`<div class="view view-trace">${backLink()}</div>`;
  return traceBody(loaded.data, props.route.query.span);
}

function traceBody(detail: TraceDetail, selectedParam: string | undefined): VNode {
  const { trace, spans, evaluations } = detail;
  const rows = spanTree(spans);
  const selected = spans.find((s) => s.span_id === selectedParam) ?? rows[0]?.span;
  const evalsBySpan = new Map<string, EvaluationRecord[]>();
  for (const e of evaluations) {
    if (!e.join_span_id) continue;
    const list = evalsBySpan.get(e.join_span_id) ?? [];
    list.push(e);
    evalsBySpan.set(e.join_span_id, list);
  }
  const t0 = trace.start_ns;
  const total = Math.max(trace.duration, 1);

  const waterfall = html`<div class="waterfall" role="tree" aria-label="Spans of the trace">
    <div class="wf-axis"><span>0</span><span>${formatDuration(total / 2)}</span><span>${formatDuration(total)}</span></div>
    ${rows.map(({ span, depth }) => {
      const left = ((span.start_ns - t0) / total) * 100;
      const width = Math.max((span.duration / total) * 100, 0.4);
      const evals = evalsBySpan.get(span.span_id)?.length ?? 0;
      const sensitive = sensitiveDataTags(span.event.tags);
      const link = href('trace', trace.trace_id, { span: span.span_id });
      const cls = ['wf-row', span.span_id === selected?.span_id && 'selected', span.status === 'error' && 'row-error'].filter(Boolean).join(' ');
      return html`<a
        key=${span.span_id}
        class=${cls}
        href=${link}
        role="treeitem"
        aria-selected=${span.span_id === selected?.span_id ? 'true' : 'false'}
        data-span-id=${span.span_id}
        data-kind=${span.kind}
        onClick=${(e: MouseEvent) => {
          e.preventDefault();
          navigate(link, true);
        }}
      >
        <div class="wf-label" style=${{ paddingLeft: `${depth * 18 + 8}px` }}>
          ${depth > 0 ? html`<span class="wf-elbow">└</span>` : null}
          ${kindBadge(span.kind)}
          <span class="wf-name">${span.name}</span>
          ${span.model_name && span.model_name !== 'custom' ? html`<span class="wf-model">${span.model_name}</span>` : null}
          ${span.status === 'error' ? html`<span class="badge badge-error">!</span>` : null}
          ${warningBadge(span.warnings)}
          ${evals > 0 ? html`<span class="badge badge-eval" title=${`${evals} evaluation(s)`}>◆ ${evals}</span>` : null}
          ${sensitive ? html`<span class="badge badge-sensitive" title=${`sensitive data ${sensitive.action}: ${sensitive.entities.join(', ')}`}>sensitive</span>` : null}
        </div>
        <div class="wf-lane">
          <span class=${`wf-bar bar-${span.kind}${span.status === 'error' ? ' fill-error' : ''}`} style=${{ left: `${left}%`, width: `${Math.min(width, 100 - left)}%` }}></span>
          ${durationLabel(span.duration, left, width)}
        </div>
      </a>`;
    })}
  </div>`;

  const traceLevel = evaluations.filter((e) => !e.join_span_id);
  return html`<div class="view view-trace">
    ${backLink()}
    <div class="trace-head">
      <h2>${kindBadge(trace.kind)}<span class="trace-title">${trace.name}</span></h2>
      <div class="trace-meta">
        ${traceStatusBadge(trace)}
        ${duration(trace.duration)}
        ${tokens(trace.input_tokens, trace.output_tokens, trace.total_tokens)}
        <span class="muted">${`${trace.span_count} span${trace.span_count > 1 ? 's' : ''}`}</span>
        <span class="muted" title=${new Date(trace.start_ns / 1e6).toISOString()}>${clock(trace.start_ns / 1e6)}</span>
        ${trace.ml_app ? html`<a class="chip" href=${href('traces', undefined, { ml_app: trace.ml_app })}><span class="chip-key">ml_app</span><span class="chip-value">${trace.ml_app}</span></a>` : null}
        ${trace.session_id ? html`<a class="chip chip-session" href=${href('session', trace.session_id)}><span class="chip-key">session</span><span class="chip-value">${trace.session_id}</span></a>` : null}
        <span class="chip mono" title=${`LLM Observability trace id ${trace.trace_id}`}>${shortId(trace.trace_id)}</span>
        ${warningBadge(trace.warnings)}
      </div>
      ${traceLevel.length > 0
        ? h(Disclosure, {
            name: 'trace.evaluations',
            class: 'trace-evals',
            summary: `${traceLevel.length} evaluation(s) on the whole trace`,
            content: () => html`<div class="evals">${traceLevel.map((e) => h(EvaluationCard, { key: e.id, evaluation: e }))}</div>`,
          })
        : null}
    </div>
    <div class="split">
      <div class="split-left">${waterfall}</div>
      <div class="split-right">
        ${selected
          ? h(SpanDetail, {
              span: selected,
              evaluations: evalsBySpan.get(selected.span_id) ?? [],
              problems: detail.problems.filter((p) => p.span_id === selected.span_id),
            })
          : empty('No spans')}
      </div>
    </div>
  </div>`;
}

/** After the bar when there is room, else inside its right end (long bars) or before it (late ones). */
function durationLabel(ns: number, left: number, width: number): VNode {
  const text = formatDuration(ns);
  if (left + width <= 80) return html`<span class="wf-duration num" style=${{ left: `${left + width}%` }}>${text}</span>`;
  if (width >= 22) return html`<span class="wf-duration wf-duration-inside num" style=${{ right: `${Math.max(100 - left - width, 0)}%` }}>${text}</span>`;
  return html`<span class="wf-duration wf-duration-before num" style=${{ right: `${100 - left}%` }}>${text}</span>`;
}

function backLink(): VNode {
  return html`<a class="back" href="#/traces">← Traces</a>`;
}
