// Charts over the stored traces: latency p50/p95, error rate, throughput and estimated cost over time,
// each evaluation label's fail rate over time, tokens by model. Plain SVG.
import type { VNode } from 'preact';
import type { EvaluationRates, ModelTokens, Stats, StatsBucket } from '../../shared/api.js';
import { formatCount, formatDuration, formatUsd } from '../../shared/format.js';
import { html } from '../html.js';
import { api } from '../api.js';
import type { Route } from '../router.js';
import { useApi } from '../state/use-api.js';
import { empty } from '../components.js';
import { rangeFrom } from './context.js';
import { filterBar, filterQuery, type FilterKey } from './filters.js';
import { loadFailed } from './load-failed.js';

const KEYS: FilterKey[] = ['ml_app', 'model', 'range'];
const W = 640;
const H = 200;
const PAD = { top: 12, right: 12, bottom: 26, left: 64 };
const INNER_W = W - PAD.left - PAD.right;
const INNER_H = H - PAD.top - PAD.bottom;

export function ChartsView(props: { route: Route }): VNode {
  const { route } = props;
  const query = filterQuery(route, KEYS);
  const facets = useApi('facets', api.facets);
  const loaded = useApi(`stats:${JSON.stringify(query)}:${route.query.range ?? ''}`, () => api.stats({ ...query, from: rangeFrom(route.query.range), buckets: '40' }));
  const stats = loaded.state === 'ready' ? loaded.data : undefined;
  const traces = stats?.buckets.reduce((n, b) => n + b.traces, 0) ?? 0;
  const errors = stats?.buckets.reduce((n, b) => n + b.errors, 0) ?? 0;
  return html`<div class="view view-charts">
    <div class="view-head">
      <h2>Charts</h2>
      <span class="muted">${stats && traces ? `${traces} traces, ${errors} with errors, ${formatDuration(stats.bucket_ms * 1e6)} buckets` : ''}</span>
    </div>
    ${filterBar({ route, facets: facets.state === 'ready' ? facets.data : undefined, keys: KEYS })}
    ${loaded.state === 'failed' ? loadFailed(loaded.error) : !stats ? null : traces === 0 ? empty('Nothing to chart yet') : charts(stats)}
  </div>`;
}

function charts(stats: Stats): VNode {
  return html`<div class="charts">
    <section class="panel chart"><h3 class="panel-title">Trace latency ${legend([['p50', 'series-p50'], ['p95', 'series-p95']])}</h3>${latencyChart(stats)}</section>
    <section class="panel chart"><h3 class="panel-title">Error rate</h3>${errorChart(stats)}</section>
    <section class="panel chart">
      <h3 class="panel-title">Throughput <span class="muted">${`traces per ${formatDuration(stats.bucket_ms * 1e6)}`}</span></h3>
      ${throughputChart(stats)}
    </section>
    <section class="panel chart"><h3 class="panel-title">Estimated cost ${costNote(stats)}</h3>${costChart(stats)}</section>
    ${stats.evaluations.map(
      (rates) => html`<section key=${`eval:${rates.label}`} class="panel chart chart-eval" data-label=${rates.label}>
        <h3 class="panel-title">
          <span class="eval-chart-label">${rates.label}</span> fail rate
          <span class="muted">${`${rates.fail} fail of ${rates.fail + rates.pass} (${percent(rates.fail, rates.fail + rates.pass)})`}</span>
        </h3>
        ${failRateChart(stats, rates)}
      </section>`,
    )}
    <section class="panel chart chart-wide"><h3 class="panel-title">Tokens by model ${legend([['input', 'series-in'], ['output', 'series-out']])}</h3>${tokensChart(stats.tokens_by_model)}</section>
  </div>`;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '—' : `${Math.round((part / whole) * 100)}%`;
}

function legend(items: [string, string][]): VNode {
  return html`<span class="legend">${items.map(([label, cls]) => html`<span class="legend-item"><span class=${`swatch ${cls}`}></span>${label}</span>`)}</span>`;
}

function timeLabel(ms: number, bucketMs: number): string {
  const d = new Date(ms);
  return bucketMs >= 86_400_000 ? d.toLocaleDateString('en-US', { month: 'short', day: 'numeric' }) : d.toLocaleTimeString('en-GB', { hour12: false, hour: '2-digit', minute: '2-digit', second: bucketMs < 60_000 ? '2-digit' : undefined });
}

function frame(stats: Stats, yMax: number, yLabel: (v: number) => string): VNode[] {
  const out: VNode[] = [];
  for (const f of [0, 0.5, 1]) {
    const y = PAD.top + INNER_H * (1 - f);
    out.push(html`<line x1=${PAD.left} x2=${W - PAD.right} y1=${y} y2=${y} class="grid" />`);
    out.push(html`<text x=${PAD.left - 6} y=${y + 4} class="axis-label" text-anchor="end">${yLabel(yMax * f)}</text>`);
  }
  const last = stats.buckets[stats.buckets.length - 1];
  if (stats.buckets[0] && last) {
    out.push(html`<text x=${PAD.left} y=${H - 6} class="axis-label">${timeLabel(stats.buckets[0].t, stats.bucket_ms)}</text>`);
    out.push(html`<text x=${W - PAD.right} y=${H - 6} class="axis-label" text-anchor="end">${timeLabel(last.t + stats.bucket_ms, stats.bucket_ms)}</text>`);
  }
  return out;
}

function chartSvg(label: string, children: VNode[]): VNode {
  return html`<svg viewBox=${`0 0 ${W} ${H}`} class="chart-svg" role="img" aria-label=${label}>${children}</svg>`;
}

function xOf(i: number, n: number): number {
  return PAD.left + (n <= 1 ? INNER_W / 2 : (INNER_W * (i + 0.5)) / n);
}

function barWidth(n: number): number {
  return Math.max(2, (INNER_W / Math.max(n, 1)) * 0.7);
}

function latencyChart(stats: Stats): VNode {
  const n = stats.buckets.length;
  const yMax = Math.max(1, ...stats.buckets.map((b) => b.p95_ns ?? 0)) * 1.1;
  const yOf = (v: number): number => PAD.top + INNER_H * (1 - v / yMax);
  const series = (key: 'p50_ns' | 'p95_ns', cls: string): VNode[] => {
    const points = stats.buckets.map((b, i) => [b, i] as const).filter(([b]) => b[key] !== null);
    // Empty buckets break the line: no latency is not zero latency.
    const d = points.map(([b, i], j) => `${j === 0 || points[j - 1]![1] !== i - 1 ? 'M' : 'L'}${xOf(i, n).toFixed(1)},${yOf(b[key] ?? 0).toFixed(1)}`).join(' ');
    return [
      html`<path d=${d} class=${`line ${cls}`} />`,
      ...points.map(
        ([b, i]) =>
          html`<circle cx=${xOf(i, n)} cy=${yOf(b[key] ?? 0)} r="3" class=${`dot ${cls}`}><title>${`${timeLabel(b.t, stats.bucket_ms)} · ${key.slice(0, 3)} ${formatDuration(b[key] ?? 0)} · ${b.traces} traces`}</title></circle>`,
      ),
    ];
  };
  return chartSvg('Trace latency p50 and p95 over time', [...frame(stats, yMax, (v) => formatDuration(v)), ...series('p95_ns', 'series-p95'), ...series('p50_ns', 'series-p50')]);
}

/** Rates (0..1) per bucket as bars over a light full-height background where the bucket has data. */
function rateChart(stats: Stats, label: string, barClass: string, rate: (i: number) => { part: number; whole: number }, title: (i: number) => string): VNode {
  const n = stats.buckets.length;
  const bw = barWidth(n);
  return chartSvg(label, [
    ...frame(stats, 1, (v) => `${Math.round(v * 100)}%`),
    ...stats.buckets.map((b, i) => {
      const { part, whole } = rate(i);
      const hgt = whole ? (INNER_H * part) / whole : 0;
      return html`<g>
        ${whole > 0 ? html`<rect x=${xOf(i, n) - bw / 2} y=${PAD.top} width=${bw} height=${INNER_H} class="bar-bg" />` : null}
        <rect x=${xOf(i, n) - bw / 2} y=${PAD.top + INNER_H - hgt} width=${bw} height=${Math.max(hgt, part ? 1 : 0)} class=${barClass}><title>${`${timeLabel(b.t, stats.bucket_ms)} · ${title(i)}`}</title></rect>
      </g>`;
    }),
  ]);
}

function errorChart(stats: Stats): VNode {
  const b = (i: number): StatsBucket => stats.buckets[i]!;
  return rateChart(stats, 'Error rate over time', 'bar-error', (i) => ({ part: b(i).errors, whole: b(i).traces }), (i) => `${b(i).errors}/${b(i).traces} traces with errors`);
}

function failRateChart(stats: Stats, rates: EvaluationRates): VNode {
  const b = (i: number): { pass: number; fail: number } => rates.buckets[i] ?? { pass: 0, fail: 0 };
  return rateChart(
    stats,
    `${rates.label} fail rate over time`,
    'bar-error bar-eval-fail',
    (i) => ({ part: b(i).fail, whole: b(i).fail + b(i).pass }),
    (i) => `${rates.label}: ${b(i).fail} fail of ${b(i).fail + b(i).pass} (${percent(b(i).fail, b(i).fail + b(i).pass)})`,
  );
}

/** Bars of one value per bucket, on a 0..max scale. */
function barChart(stats: Stats, value: (b: StatsBucket) => number, yLabel: (v: number) => string, title: (b: StatsBucket) => string, label: string): VNode {
  const n = stats.buckets.length;
  const bw = barWidth(n);
  const yMax = Math.max(...stats.buckets.map(value)) * 1.1 || 1;
  return chartSvg(label, [
    ...frame(stats, yMax, yLabel),
    ...stats.buckets.map((b, i) => {
      const hgt = (INNER_H * value(b)) / yMax;
      return html`<rect x=${xOf(i, n) - bw / 2} y=${PAD.top + INNER_H - hgt} width=${bw} height=${hgt} class="bar-value"><title>${`${timeLabel(b.t, stats.bucket_ms)} · ${title(b)}`}</title></rect>`;
    }),
  ]);
}

function throughputChart(stats: Stats): VNode {
  const perMinute = (b: StatsBucket): string => `${formatCount(Math.round(((b.traces * 60_000) / stats.bucket_ms) * 100) / 100)}/min`;
  return barChart(stats, (b) => b.traces, (v) => formatCount(Math.round(v)), (b) => `${b.traces} traces (${perMinute(b)})`, 'Traces per bucket over time');
}

function costChart(stats: Stats): VNode {
  return barChart(stats, (b) => b.cost_usd, formatUsd, (b) => `${formatUsd(b.cost_usd)}${b.unpriced_calls ? ` + ${b.unpriced_calls} unpriced call(s)` : ''}`, 'Estimated cost over time');
}

function costNote(stats: Stats): VNode {
  const total = stats.buckets.reduce((sum, b) => sum + b.cost_usd, 0);
  const unpriced = stats.buckets.reduce((n, b) => n + b.unpriced_calls, 0);
  return html`<span class="muted">${`${formatUsd(total)} in all${unpriced ? `, ${unpriced} call(s) of models without a price` : ''}`}</span>`;
}

function tokensChart(models: readonly ModelTokens[]): VNode {
  if (models.length === 0) return empty('No llm or embedding spans with token counts');
  const max = Math.max(1, ...models.map((m) => m.input_tokens + m.output_tokens));
  return html`<div class="token-rows" role="img" aria-label="Tokens by model">
    ${models.map(
      (m) => html`<div key=${m.model} class="token-row" data-model=${m.model}>
        <span class="token-model model-label" title=${m.provider ? `${m.provider} / ${m.model}` : m.model}>${m.model}</span>
        <span class="token-bar">
          <span class="series-in" title=${`${m.input_tokens} input tokens`} style=${{ width: `${(m.input_tokens / max) * 100}%` }}></span>
          <span class="series-out" title=${`${m.output_tokens} output tokens`} style=${{ width: `${(m.output_tokens / max) * 100}%` }}></span>
        </span>
        <span class="token-numbers num">${`${formatCount(m.input_tokens)} in · ${formatCount(m.output_tokens)} out · ${m.spans} span${m.spans > 1 ? 's' : ''}`}</span>
      </div>`,
    )}
  </div>`;
}
