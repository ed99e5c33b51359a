// Small pieces shared by the views: functions from data to markup (no state), and the collapsible
// section, whose open state lives in the open-sections store.
import type { VNode } from 'preact';
import { SPAN_KINDS } from '../shared/wire.js';
import { formatCount, formatDuration } from '../shared/format.js';
import { html, type Children } from './html.js';
import { prettyJson, PRETTY_LIMITS, type Pretty } from './pretty-json.js';
import { splitRedactions } from './redactions.js';
import { useOpen } from './state/open-sections.js';

const KNOWN_KINDS: ReadonlySet<string> = new Set(SPAN_KINDS);

/** `text` with each redaction placeholder in a marked span; still text nodes only. */
export function markRedactions(text: string): Children {
  const parts = splitRedactions(text);
  if (typeof parts === 'string') return parts;
  return parts.map((p) =>
    typeof p === 'string'
      ? p
      : html`<mark class=${p.hashed ? 'redaction redaction-hash' : 'redaction'} title=${`${p.hashed ? 'hashed' : 'redacted'} by the sensitive-data scanner: ${p.entityType}`}>${p.text}</mark>`,
  );
}

export function kindBadge(kind: string): VNode {
  const cls = KNOWN_KINDS.has(kind) ? kind : 'unknown';
  return html`<span class=${`kind kind-${cls}`} title=${`span kind: ${kind}`}>${kind}</span>`;
}

export function statusBadge(status: string, label?: string): VNode {
  return status === 'error' ? html`<span class="badge badge-error">${label ?? 'error'}</span>` : html`<span class="badge badge-ok">${label ?? 'ok'}</span>`;
}

/** A trace's status: "ok", or how many of its spans failed. */
export function traceStatusBadge(trace: { status: string; error_count: number }): VNode {
  return statusBadge(trace.status, trace.status === 'error' ? `${trace.error_count} error${trace.error_count > 1 ? 's' : ''}` : 'ok');
}

/** A validation problem's severity. */
export function severityBadge(severity: 'error' | 'warning'): VNode {
  return html`<span class=${`badge ${severity === 'error' ? 'badge-error' : 'badge-warning'}`}>${severity}</span>`;
}

export function warningBadge(count: number, title = 'validation warnings'): VNode | null {
  if (count <= 0) return null;
  return html`<span class="badge badge-warning" title=${`${count} ${title}`}>⚠ ${count}</span>`;
}

export function duration(ns: number): VNode {
  return html`<span class="num duration" title=${`${Math.round(ns).toLocaleString('en-US')} ns`}>${formatDuration(ns)}</span>`;
}

export function tokens(input: number | null | undefined, output: number | null | undefined, total?: number | null): VNode | null {
  if (input == null && output == null && total == null) return null;
  const sum = total ?? (input ?? 0) + (output ?? 0);
  if (sum === 0 && !input && !output) return null;
  return html`<span class="tokens num" title=${`input ${input ?? 0} · output ${output ?? 0} · total ${sum}`}>
    <span class="tok-in">${formatCount(input ?? 0)}</span>
    <span class="tok-sep">→</span>
    <span class="tok-out">${formatCount(output ?? 0)}</span>
    <span class="tok-unit"> tok</span>
  </span>`;
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

export function empty(title: string, detail?: Children): VNode {
  return html`<div class="empty"><div class="empty-title">${title}</div>${detail !== undefined ? html`<div class="empty-detail">${detail}</div>` : null}</div>`;
}

/** Pretty JSON of any value, as text; bounded in depth and length (a note says when something was left out). */
export function jsonBlock(value: unknown, cls = ''): VNode {
  let pretty: Pretty;
  try {
    pretty = prettyJson(value);
  } catch {
    pretty = { text: String(value).slice(0, PRETTY_LIMITS.maxChars), cut: false };
  }
  const pre = html`<pre class=${`json ${cls}`.trim()}>${markRedactions(pretty.text)}</pre>`;
  if (!pretty.cut) return pre;
  return html`<div class="json-cut">
    ${pre}
    <div class="muted json-cut-note">
      Shown in part: levels past ${PRETTY_LIMITS.maxDepth} are summarized and the text stops at ${PRETTY_LIMITS.maxChars.toLocaleString('en-US')} characters (the API has the whole value).
    </div>
  </div>`;
}

/** A string that may hold JSON: pretty-printed when it does. */
export function textOrJson(text: string): VNode {
  const trimmed = text.trim();
  if ((trimmed.startsWith('{') && trimmed.endsWith('}')) || (trimmed.startsWith('[') && trimmed.endsWith(']'))) {
    try {
      return jsonBlock(JSON.parse(trimmed));
    } catch {
      // not JSON after all
    }
  }
  return html`<div class="text">${markRedactions(text)}</div>`;
}

export function tagChips(tags: readonly string[]): VNode {
  return html`<div class="chips">
    ${tags.map((t) => {
      const i = t.indexOf(':');
      return i < 0
        ? html`<span class="chip">${t}</span>`
        : html`<span class="chip"><span class="chip-key">${t.slice(0, i)}</span><span class="chip-value">${t.slice(i + 1) || '""'}</span></span>`;
    })}
  </div>`;
}

export function section(title: Children, ...children: Children[]): VNode {
  return html`<section class="panel"><h3 class="panel-title">${title}</h3>${children}</section>`;
}

export function kv(rows: [string, Children][]): VNode {
  return html`<dl class="kv">
    ${rows.filter(([, v]) => v !== null && v !== undefined && v !== '').map(([k, v]) => [html`<dt>${k}</dt>`, html`<dd>${v}</dd>`])}
  </dl>`;
}

/**
 * A `<details>` whose open state is kept by `name` in the open-sections store, so it survives
 * re-renders, another span being selected, and new data. Its content is built only while open (a raw
 * event is pretty-printed on each refresh otherwise).
 */
export function Disclosure(props: { name: string; class?: string; summary: Children; content: () => Children }): VNode {
  const [open, setOpen] = useOpen(props.name);
  return html`<details class=${props.class} open=${open} data-section=${props.name} onToggle=${(e: Event) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
    <summary>${props.summary}</summary>
    ${open ? props.content() : null}
  </details>`;
}
