// The otel-llmobs dev viewer: a hash-routed single page over the dev server's JSON API, rendered with
// Preact. The route, the open sections and the polled summary live in small stores (state/); each view
// loads its data and merges what polls bring, so nothing the user is doing is lost when data arrives.
import './styles.css';
import { h, render, type ComponentChild, type VNode } from 'preact';
import { useEffect } from 'preact/hooks';
import type { Summary } from '../shared/api.js';
import { html } from './html.js';
import type { Route } from './router.js';
import { startPolling, useLive } from './state/live.js';
import { useRoute } from './state/route.js';
import { TracesView } from './views/traces.js';
import { TraceView } from './views/trace.js';
import { SessionsView, SessionView } from './views/sessions.js';
import { ChartsView } from './views/charts.js';
import { ProblemsView } from './views/problems.js';

const NAV: [Route['view'], string, string][] = [
  ['traces', 'Traces', '#/traces'],
  ['sessions', 'Sessions', '#/sessions'],
  ['charts', 'Charts', '#/charts'],
  ['problems', 'Problems', '#/problems'],
];

function App(): VNode {
  const route = useRoute();
  const live = useLive();
  useEffect(() => {
    document.title = `otel-llmobs dev · ${route.view}`;
  }, [route.view]);
  const active = (view: Route['view']): boolean => view === route.view || (view === 'traces' && route.view === 'trace') || (view === 'sessions' && route.view === 'session');
  return html`<div class="app">
    <header class="topbar">
      <a class="brand" href="#/traces"><span class="brand-mark">◆</span>otel-llmobs<span class="brand-sub">dev</span></a>
      <nav class="nav">
        ${NAV.map(
          ([view, label, link]) => html`<a key=${view} class=${active(view) ? 'nav-link active' : 'nav-link'} href=${link} data-view=${view}>
            ${label}${view === 'problems' ? problemsCount(live.summary) : null}
          </a>`,
        )}
      </nav>
      ${statusLine(live.summary, live.unreachable)}
    </header>
    <main class="main" data-view=${`${route.view}:${route.id ?? ''}`}>${currentView(route)}</main>
  </div>`;
}

/** Keyed by view (and id), so going elsewhere starts that view afresh, and staying keeps its state. */
function currentView(route: Route): ComponentChild {
  const key = `${route.view}:${route.id ?? ''}`;
  switch (route.view) {
    case 'trace':
      return h(TraceView, { key, route });
    case 'sessions':
      return h(SessionsView, { key, route });
    case 'session':
      return h(SessionView, { key, route });
    case 'charts':
      return h(ChartsView, { key, route });
    case 'problems':
      return h(ProblemsView, { key });
    case 'traces':
      return h(TracesView, { key, route });
  }
}

function problemsCount(s: Summary | undefined): VNode {
  const count = s ? s.problems.errors + s.problems.warnings : 0;
  const cls = s && s.problems.errors > 0 ? 'nav-count count-error' : count > 0 ? 'nav-count count-warning' : 'nav-count';
  return html`<span class=${cls} aria-label="problems">${s && count > 0 ? String(s.problems.errors > 0 ? s.problems.errors : s.problems.warnings) : ''}</span>`;
}

function statusLine(s: Summary | undefined, unreachable: boolean): VNode {
  if (unreachable) return html`<span class="status-line">dev server unreachable</span>`;
  if (!s) return html`<span class="status-line"></span>`;
  return html`<span class="status-line" title=${`${s.db_path} (${s.driver})`}>
    ${`${s.traces.toLocaleString('en-US')} traces · ${s.spans.toLocaleString('en-US')} spans · ${s.evaluations.toLocaleString('en-US')} evals`}
  </span>`;
}

function start(): void {
  const root = document.getElementById('app');
  if (!root) return;
  // The server's "Loading…" placeholder goes; Preact owns the element from here.
  root.replaceChildren();
  render(h(App, null), root);
  startPolling();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
