// Small pieces shared by the views.
import { SPAN_KINDS } from '../shared/wire.js';
import { formatCount, formatDuration } from '../shared/format.js';
import { h, type Child } from './dom.js';
import { prettyJson, PRETTY_LIMITS, type Pretty } from './pretty-json.js';

const KNOWN_KINDS: ReadonlySet<string> = new Set(SPAN_KINDS);

export function kindBadge(kind: string): HTMLElement {
  const cls = KNOWN_KINDS.has(kind) ? kind : 'unknown';
  return h('span', { class: ['kind', `kind-${cls}`], title: `span kind: ${kind}` }, kind);
}

export function statusBadge(status: string, label?: string): HTMLElement {
  return status === 'error' ? h('span', { class: 'badge badge-error' }, label ?? 'error') : h('span', { class: 'badge badge-ok' }, label ?? 'ok');
}

/** A trace's status: "ok", or how many of its spans failed. */
export function traceStatusBadge(trace: { status: string; error_count: number }): HTMLElement {
  return statusBadge(trace.status, trace.status === 'error' ? `${trace.error_count} error${trace.error_count > 1 ? 's' : ''}` : 'ok');
}

/** A validation problem's severity. */
export function severityBadge(severity: 'error' | 'warning'): HTMLElement {
  return h('span', { class: ['badge', severity === 'error' ? 'badge-error' : 'badge-warning'] }, severity);
}

export function warningBadge(count: number, title = 'validation warnings'): HTMLElement | null {
  if (count <= 0) return null;
  return h('span', { class: 'badge badge-warning', title: `${count} ${title}` }, `⚠ ${count}`);
}

export function duration(ns: number): HTMLElement {
  return h('span', { class: 'num duration', title: `${Math.round(ns).toLocaleString('en-US')} ns` }, formatDuration(ns));
}

export function tokens(input: number | null | undefined, output: number | null | undefined, total?: number | null): HTMLElement | null {
  if (input == null && output == null && total == null) return null;
  const sum = total ?? (input ?? 0) + (output ?? 0);
  if (sum === 0 && !input && !output) return null;
  return h(
    'span',
    { class: 'tokens num', title: `input ${input ?? 0} · output ${output ?? 0} · total ${sum}` },
    h('span', { class: 'tok-in' }, formatCount(input ?? 0)),
    h('span', { class: 'tok-sep' }, '→'),
    h('span', { class: 'tok-out' }, formatCount(output ?? 0)),
    h('span', { class: 'tok-unit' }, ' tok'),
  );
}

/** epoch ms → "02:25:09" today, else "Nov 22 02:25:09". */
export function clock(ms: number): string {
  const d = new Date(ms);
  const time = d.toLocaleTimeString('en-GB', { hour12: false });
  const today = new Date();
  if (d.toDateString() === today.toDateString()) return time;
  return `${d.toLocaleDateString('en-US', { month: 'short', day: 'numeric' })} ${time}`;
}

export function ago(ms: number): string {
  const s = Math.round((Date.now() - ms) / 1000);
  if (s < 0) return 'in the future';
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86400)}d ago`;
}

export function empty(title: string, ...detail: Child[]): HTMLElement {
  return h('div', { class: 'empty' }, h('div', { class: 'empty-title' }, title), detail.length > 0 ? h('div', { class: 'empty-detail' }, ...detail) : null);
}

/** Pretty JSON of any value, as text; bounded in depth and length (a note says when something was left out). */
export function jsonBlock(value: unknown, cls = ''): HTMLElement {
  let pretty: Pretty;
  try {
    pretty = prettyJson(value);
  } catch {
    pretty = { text: String(value).slice(0, PRETTY_LIMITS.maxChars), cut: false };
  }
  const pre = h('pre', { class: ['json', cls] }, pretty.text);
  if (!pretty.cut) return pre;
  return h(
    'div',
    { class: 'json-cut' },
    pre,
    h('div', { class: 'muted json-cut-note' }, `Shown in part: levels past ${PRETTY_LIMITS.maxDepth} are summarized and the text stops at ${PRETTY_LIMITS.maxChars.toLocaleString('en-US')} characters (the API has the whole value).`),
  );
}

/** A string that may hold JSON: pretty-printed when it does. */
export function textOrJson(text: string): HTMLElement {
  const trimmed = text.trim();
  if ((trimmed.startsWith('{') && trimmed.endsWith('}')) || (trimmed.startsWith('[') && trimmed.endsWith(']'))) {
    try {
      return jsonBlock(JSON.parse(trimmed));
    } catch {
      // not JSON after all
    }
  }
  return h('div', { class: 'text' }, text);
}

export function tagChips(tags: readonly string[]): HTMLElement {
  return h(
    'div',
    { class: 'chips' },
    tags.map((t) => {
      const i = t.indexOf(':');
      return i < 0
        ? h('span', { class: 'chip' }, t)
        : h('span', { class: 'chip' }, h('span', { class: 'chip-key' }, t.slice(0, i)), h('span', { class: 'chip-value' }, t.slice(i + 1) || '""'));
    }),
  );
}

export function section(title: string, ...children: Child[]): HTMLElement {
  return h('section', { class: 'panel' }, h('h3', { class: 'panel-title' }, title), ...children);
}

export function kv(rows: [string, Child][]): HTMLElement {
  return h(
    'dl',
    { class: 'kv' },
    rows.filter(([, v]) => v !== null && v !== undefined && v !== '').map(([k, v]) => [h('dt', null, k), h('dd', null, v)]),
  );
}
