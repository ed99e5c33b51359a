// The filter bar shared by the traces, sessions and charts views; its state lives in the URL hash.
import type { Facets, FacetValue } from '../../shared/api.js';
import { h } from '../dom.js';
import { href, type Route } from '../router.js';
import { RANGES, type ViewContext } from './context.js';

export type FilterKey = 'ml_app' | 'kind' | 'model' | 'error' | 'range' | 'session_id' | 'q';

export function filterBar(ctx: ViewContext, facets: Facets, keys: readonly FilterKey[]): HTMLElement {
  const { route } = ctx;
  const set = (key: FilterKey, value: string): void => {
    const query = { ...route.query, [key]: value };
    ctx.navigate(href(route.view, route.id, query), true);
  };
  const select = (key: FilterKey, label: string, options: [string, string][]): HTMLElement => {
    const current = route.query[key] ?? '';
    const el = h(
      'select',
      { name: key, aria: { label }, on: { change: (e) => set(key, (e.target as HTMLSelectElement).value) } },
      options.map(([value, text]) => h('option', { value, selected: value === current }, text)),
    );
    // An ml_app or model in the URL but not (or no longer) in the data still shows as selected.
    if (current && !options.some(([v]) => v === current)) el.appendChild(h('option', { value: current, selected: true }, current));
    return h('label', { class: 'filter' }, h('span', { class: 'filter-label' }, label), el);
  };
  const facetOptions = (all: string, values: FacetValue[]): [string, string][] => [['', all], ...values.map((f): [string, string] => [f.value, `${f.value} (${f.count})`])];
  const controls: HTMLElement[] = [];
  for (const key of keys) {
    switch (key) {
      case 'ml_app':
        controls.push(select('ml_app', 'ml_app', facetOptions('All apps', facets.ml_apps)));
        break;
      case 'kind':
        controls.push(select('kind', 'Span kind', facetOptions('Any kind', facets.kinds)));
        break;
      case 'model':
        controls.push(select('model', 'Model', facetOptions('Any model', facets.models)));
        break;
      case 'session_id':
        controls.push(select('session_id', 'Session', facetOptions('Any session', facets.sessions)));
        break;
      case 'error':
        controls.push(select('error', 'Status', [['', 'Any status'], ['1', 'Errors'], ['0', 'OK']]));
        break;
      case 'range':
        controls.push(select('range', 'Time', RANGES.map(([k, label]): [string, string] => [k, label])));
        break;
      case 'q': {
        const input = h('input', {
          type: 'search',
          name: 'q',
          placeholder: 'Search names…',
          value: route.query.q ?? '',
          aria: { label: 'Search trace names' },
          on: {
            change: (e) => set('q', (e.target as HTMLInputElement).value),
          },
        });
        controls.push(h('label', { class: 'filter filter-search' }, h('span', { class: 'filter-label' }, 'Name'), input));
        break;
      }
    }
  }
  const active = keys.some((k) => route.query[k]);
  return h(
    'div',
    { class: 'filters' },
    controls,
    active ? h('a', { class: 'clear-filters', href: href(route.view, route.id) }, 'Clear') : null,
  );
}

export function filterQuery(route: Route, keys: readonly FilterKey[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const k of keys) if (k !== 'range') out[k] = route.query[k];
  return out;
}
