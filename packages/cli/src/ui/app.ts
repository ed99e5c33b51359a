// The otel-llmobs dev viewer: a hash-routed single page over the dev server's JSON API.
import './styles.css';
import type { Facets, Summary } from '../shared/api.js';
import { h, replace } from './dom.js';
import { api } from './api.js';
import { parseHash, type Route } from './router.js';
import type { ViewContext } from './views/context.js';
import { tracesView } from './views/traces.js';
import { traceView } from './views/trace.js';
import { sessionView, sessionsView } from './views/sessions.js';
import { chartsView } from './views/charts.js';
import { problemsView } from './views/problems.js';
import { errorMessage } from 'otel-llmobs/internals';

const POLL_MS = 2_000;
const LIST_VIEWS: ReadonlySet<Route['view']> = new Set(['traces', 'sessions', 'charts', 'problems']);

const NAV: [Route['view'], string, string][] = [
  ['traces', 'Traces', '#/traces'],
  ['sessions', 'Sessions', '#/sessions'],
  ['charts', 'Charts', '#/charts'],
  ['problems', 'Problems', '#/problems'],
];

function start(): void {
  const root = document.getElementById('app');
  if (!root) return;
  const problemsCount = h('span', { class: 'nav-count', aria: { label: 'problems' } });
  const status = h('span', { class: 'status-line' });
  const newData = h('button', { class: 'new-data', type: 'button', on: { click: () => void render() } }, 'New data — refresh');
  newData.hidden = true;
  const navLinks = NAV.map(([view, label, link]) => h('a', { class: 'nav-link', href: link, dataset: { view } }, label, view === 'problems' ? problemsCount : null));
  const main = h('main', { class: 'main' });
  replace(
    root,
    h('header', { class: 'topbar' }, h('a', { class: 'brand', href: '#/traces' }, h('span', { class: 'brand-mark' }, '◆'), 'otel-llmobs', h('span', { class: 'brand-sub' }, 'dev')), h('nav', { class: 'nav' }, navLinks), newData, status),
    main,
  );

  let facetsCache: Promise<Facets> | undefined;
  let lastRevision = -1;
  let rendering = 0;

  const context = (route: Route): ViewContext => ({
    route,
    navigate(hash, replaceEntry = false) {
      if (replaceEntry) {
        history.replaceState(null, '', hash);
        void render();
      } else location.hash = hash;
    },
    facets: () => (facetsCache ??= api.facets()),
  });

  async function render(): Promise<void> {
    const id = ++rendering;
    const route = parseHash(location.hash);
    for (const link of navLinks) {
      const view = link.dataset.view;
      link.classList.toggle('active', view === route.view || (view === 'traces' && route.view === 'trace') || (view === 'sessions' && route.view === 'session'));
    }
    newData.hidden = true;
    facetsCache = undefined;
    const scroll = window.scrollY;
    const sameView = main.dataset.view === `${route.view}:${route.id ?? ''}`;
    try {
      const ctx = context(route);
      const view =
        route.view === 'trace'
          ? await traceView(ctx)
          : route.view === 'sessions'
            ? await sessionsView(ctx)
            : route.view === 'session'
              ? await sessionView(ctx)
              : route.view === 'charts'
                ? await chartsView(ctx)
                : route.view === 'problems'
                  ? await problemsView()
                  : await tracesView(ctx);
      if (id !== rendering) return;
      replace(main, view);
      main.dataset.view = `${route.view}:${route.id ?? ''}`;
      document.title = `otel-llmobs dev · ${route.view}`;
      if (sameView) window.scrollTo(0, scroll);
    } catch (err) {
      if (id !== rendering) return;
      replace(main, h('div', { class: 'empty' }, h('div', { class: 'empty-title' }, 'Could not load this view'), h('pre', null, errorMessage(err))));
    }
  }

  function showSummary(s: Summary): void {
    const count = s.problems.errors + s.problems.warnings;
    problemsCount.textContent = count > 0 ? String(s.problems.errors > 0 ? s.problems.errors : s.problems.warnings) : '';
    problemsCount.className = `nav-count ${s.problems.errors > 0 ? 'count-error' : count > 0 ? 'count-warning' : ''}`;
    status.textContent = `${s.traces.toLocaleString('en-US')} traces · ${s.spans.toLocaleString('en-US')} spans · ${s.evaluations.toLocaleString('en-US')} evals`;
    status.title = `${s.db_path} (${s.driver})`;
  }

  async function poll(): Promise<void> {
    try {
      const s = await api.summary();
      showSummary(s);
      if (lastRevision !== -1 && s.revision !== lastRevision) {
        const route = parseHash(location.hash);
        // Lists refresh themselves; a trace or session being read is not pulled from under the reader.
        if (LIST_VIEWS.has(route.view)) await render();
        else newData.hidden = false;
      }
      lastRevision = s.revision;
    } catch {
      status.textContent = 'dev server unreachable';
    }
  }

  window.addEventListener('hashchange', () => void render());
  void render().then(poll);
  setInterval(() => void poll(), POLL_MS);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
