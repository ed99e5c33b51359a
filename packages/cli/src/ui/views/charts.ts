// Charts over the stored traces: latency p50/p95, error rate, throughput and estimated cost over time,
// tokens by model. Plain SVG.
import type { ModelTokens, Stats, StatsBucket } from '../../shared/api.js';
import { formatCount, formatDuration, formatUsd } from '../../shared/format.js';
import { h, svg } from '../dom.js';
import { api } from '../api.js';
import { empty } from '../components.js';
import { rangeFrom, type ViewContext } from './context.js';
import { filterBar, filterQuery, type FilterKey } from './filters.js';

const KEYS: FilterKey[] = ['ml_app', 'model', 'range'];
const W = 640;
const H = 200;
const PAD = { top: 12, right: 12, bottom: 26, left: 64 };

export async function chartsView(ctx: ViewContext): Promise<HTMLElement> {
  const [facets, stats] = await Promise.all([ctx.facets(), api.stats({ ...filterQuery(ctx.route, KEYS), from: rangeFrom(ctx.route.query.range), buckets: '40' })]);
  const traces = stats.buckets.reduce((n, b) => n + b.traces, 0);
  const errors = stats.buckets.reduce((n, b) => n + b.errors, 0);
  return h(
    'div',
    { class: 'view view-charts' },
    h('div', { class: 'view-head' }, h('h2', null, 'Charts'), h('span', { class: 'muted' }, traces ? `${traces} traces, ${errors} with errors, ${formatDuration(stats.bucket_ms * 1e6)} buckets` : '')),
    filterBar(ctx, facets, KEYS),
    traces === 0
      ? empty('Nothing to chart yet')
      : h(
          'div',
          { class: 'charts' },
          h('section', { class: 'panel chart' }, h('h3', { class: 'panel-title' }, 'Trace latency', legend([['p50', 'series-p50'], ['p95', 'series-p95']])), latencyChart(stats)),
          h('section', { class: 'panel chart' }, h('h3', { class: 'panel-title' }, 'Error rate'), errorChart(stats)),
          h('section', { class: 'panel chart' }, h('h3', { class: 'panel-title' }, 'Throughput', h('span', { class: 'muted' }, `traces per ${formatDuration(stats.bucket_ms * 1e6)}`)), throughputChart(stats)),
          h('section', { class: 'panel chart' }, h('h3', { class: 'panel-title' }, 'Estimated cost', costNote(stats)), costChart(stats)),
          h('section', { class: 'panel chart chart-wide' }, h('h3', { class: 'panel-title' }, 'Tokens by model', legend([['input', 'series-in'], ['output', 'series-out']])), tokensChart(stats.tokens_by_model)),
        ),
  );
}

function legend(items: [string, string][]): HTMLElement {
  return h('span', { class: 'legend' }, items.map(([label, cls]) => h('span', { class: 'legend-item' }, h('span', { class: ['swatch', cls] }), label)));
}

function timeLabel(ms: number, bucketMs: number): string {
  const d = new Date(ms);
  return bucketMs >= 86_400_000 ? d.toLocaleDateString('en-US', { month: 'short', day: 'numeric' }) : d.toLocaleTimeString('en-GB', { hour12: false, hour: '2-digit', minute: '2-digit', second: bucketMs < 60_000 ? '2-digit' : undefined });
}

function frame(stats: Stats, yMax: number, yLabel: (v: number) => string): SVGElement[] {
  const innerH = H - PAD.top - PAD.bottom;
  const out: SVGElement[] = [];
  for (const f of [0, 0.5, 1]) {
    const y = PAD.top + innerH * (1 - f);
    out.push(svg('line', { x1: PAD.left, x2: W - PAD.right, y1: y, y2: y, class: 'grid' }));
    out.push(svg('text', { x: PAD.left - 6, y: y + 4, class: 'axis-label', 'text-anchor': 'end' }, yLabel(yMax * f)));
  }
  const last = stats.buckets[stats.buckets.length - 1];
  if (stats.buckets[0] && last) {
    out.push(svg('text', { x: PAD.left, y: H - 6, class: 'axis-label' }, timeLabel(stats.buckets[0].t, stats.bucket_ms)));
    out.push(svg('text', { x: W - PAD.right, y: H - 6, class: 'axis-label', 'text-anchor': 'end' }, timeLabel(last.t + stats.bucket_ms, stats.bucket_ms)));
  }
  return out;
}

function xOf(i: number, n: number): number {
  const innerW = W - PAD.left - PAD.right;
  return PAD.left + (n <= 1 ? innerW / 2 : (innerW * (i + 0.5)) / n);
}

function latencyChart(stats: Stats): SVGElement {
  const n = stats.buckets.length;
  const yMax = Math.max(1, ...stats.buckets.map((b) => b.p95_ns ?? 0)) * 1.1;
  const innerH = H - PAD.top - PAD.bottom;
  const yOf = (v: number): number => PAD.top + innerH * (1 - v / yMax);
  const series = (key: 'p50_ns' | 'p95_ns', cls: string): SVGElement[] => {
    const points = stats.buckets.map((b, i) => [b, i] as const).filter(([b]) => b[key] !== null);
    // Empty buckets break the line: no latency is not zero latency.
    const d = points.map(([b, i], j) => `${j === 0 || points[j - 1]![1] !== i - 1 ? 'M' : 'L'}${xOf(i, n).toFixed(1)},${yOf(b[key] ?? 0).toFixed(1)}`).join(' ');
    return [
      svg('path', { d, class: ['line', cls].join(' ') }),
      ...points.map(([b, i]) => svg('circle', { cx: xOf(i, n), cy: yOf(b[key] ?? 0), r: 3, class: ['dot', cls].join(' ') }, svg('title', {}, `${timeLabel(b.t, stats.bucket_ms)} · ${key.slice(0, 3)} ${formatDuration(b[key] ?? 0)} · ${b.traces} traces`))),
    ];
  };
  return svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart-svg', role: 'img', 'aria-label': 'Trace latency p50 and p95 over time' }, ...frame(stats, yMax, (v) => formatDuration(v)), ...series('p95_ns', 'series-p95'), ...series('p50_ns', 'series-p50'));
}

function errorChart(stats: Stats): SVGElement {
  const n = stats.buckets.length;
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const bw = Math.max(2, (innerW / Math.max(n, 1)) * 0.7);
  const rate = (b: StatsBucket): number => (b.traces ? b.errors / b.traces : 0);
  return svg(
    'svg',
    { viewBox: `0 0 ${W} ${H}`, class: 'chart-svg', role: 'img', 'aria-label': 'Error rate over time' },
    ...frame(stats, 1, (v) => `${Math.round(v * 100)}%`),
    ...stats.buckets.map((b, i) => {
      const hgt = innerH * rate(b);
      return svg(
        'g',
        {},
        b.traces > 0 ? svg('rect', { x: xOf(i, n) - bw / 2, y: PAD.top, width: bw, height: innerH, class: 'bar-bg' }) : svg('g'),
        svg('rect', { x: xOf(i, n) - bw / 2, y: PAD.top + innerH - hgt, width: bw, height: Math.max(hgt, b.errors ? 1 : 0), class: 'bar-error' }, svg('title', {}, `${timeLabel(b.t, stats.bucket_ms)} · ${b.errors}/${b.traces} traces with errors`)),
      );
    }),
  );
}

/** Bars of one value per bucket, on a 0..max scale. */
function barChart(stats: Stats, value: (b: StatsBucket) => number, yLabel: (v: number) => string, title: (b: StatsBucket) => string, label: string): SVGElement {
  const n = stats.buckets.length;
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const bw = Math.max(2, (innerW / Math.max(n, 1)) * 0.7);
  const yMax = Math.max(...stats.buckets.map(value)) * 1.1 || 1;
  return svg(
    'svg',
    { viewBox: `0 0 ${W} ${H}`, class: 'chart-svg', role: 'img', 'aria-label': label },
    ...frame(stats, yMax, yLabel),
    ...stats.buckets.map((b, i) => {
      const hgt = (innerH * value(b)) / yMax;
      return svg('rect', { x: xOf(i, n) - bw / 2, y: PAD.top + innerH - hgt, width: bw, height: hgt, class: 'bar-value' }, svg('title', {}, `${timeLabel(b.t, stats.bucket_ms)} · ${title(b)}`));
    }),
  );
}

function throughputChart(stats: Stats): SVGElement {
  const perMinute = (b: StatsBucket): string => `${formatCount(Math.round(((b.traces * 60_000) / stats.bucket_ms) * 100) / 100)}/min`;
  return barChart(stats, (b) => b.traces, (v) => formatCount(Math.round(v)), (b) => `${b.traces} traces (${perMinute(b)})`, 'Traces per bucket over time');
}

function costChart(stats: Stats): SVGElement {
  return barChart(stats, (b) => b.cost_usd, formatUsd, (b) => `${formatUsd(b.cost_usd)}${b.unpriced_calls ? ` + ${b.unpriced_calls} unpriced call(s)` : ''}`, 'Estimated cost over time');
}

function costNote(stats: Stats): HTMLElement {
  const total = stats.buckets.reduce((sum, b) => sum + b.cost_usd, 0);
  const unpriced = stats.buckets.reduce((n, b) => n + b.unpriced_calls, 0);
  return h('span', { class: 'muted' }, `${formatUsd(total)} in all${unpriced ? `, ${unpriced} call(s) of models without a price` : ''}`);
}

function tokensChart(models: readonly ModelTokens[]): HTMLElement {
  if (models.length === 0) return empty('No llm or embedding spans with token counts');
  const max = Math.max(1, ...models.map((m) => m.input_tokens + m.output_tokens));
  return h(
    'div',
    { class: 'token-rows', role: 'img', aria: { label: 'Tokens by model' } },
    models.map((m) =>
      h(
        'div',
        { class: 'token-row', dataset: { model: m.model } },
        h('span', { class: 'token-model model-label', title: m.provider ? `${m.provider} / ${m.model}` : m.model }, m.model),
        h(
          'span',
          { class: 'token-bar' },
          h('span', { class: 'series-in', title: `${m.input_tokens} input tokens`, style: { width: `${(m.input_tokens / max) * 100}%` } }),
          h('span', { class: 'series-out', title: `${m.output_tokens} output tokens`, style: { width: `${(m.output_tokens / max) * 100}%` } }),
        ),
        h('span', { class: 'token-numbers num' }, `${formatCount(m.input_tokens)} in · ${formatCount(m.output_tokens)} out · ${m.spans} span${m.spans > 1 ? 's' : ''}`),
      ),
    ),
  );
}
