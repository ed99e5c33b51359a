// The filter bar shared by the traces, sessions and charts views; its state lives in the URL hash.
import { h, type VNode } from 'preact';
import type { Facets, FacetValue } from '../../shared/api.js';
import { html } from '../html.js';
import { href, parseHash, type Route } from '../router.js';
import { navigate } from '../state/route.js';
import { RANGES } from './context.js';
import { SearchBox } from './search-box.js';

export type FilterKey = 'ml_app' | 'kind' | 'model' | 'error' | 'range' | 'session_id' | 'q' | 'sensitive' | 'eval';

/** The URL keys each filter control sets (the evaluation filter has three). */
const QUERY_KEYS: Record<FilterKey, readonly string[]> = {
  ml_app: ['ml_app'],
  kind: ['kind'],
  model: ['model'],
  error: ['error'],
  range: ['range'],
  session_id: ['session_id'],
  q: ['q'],
  sensitive: ['sensitive'],
  eval: ['eval', 'eval_value', 'assessment'],
};

export function filterBar(props: { route: Route; facets: Facets | undefined; keys: readonly FilterKey[] }): VNode {
  const { route, keys } = props;
  const facets = props.facets ?? { ml_apps: [], kinds: [], models: [], sessions: [], sensitive_entities: [], evaluations: [] };
  // From the route at the time of the change, not of this render: the search applies after a pause,
  // and another filter may have changed in between.
  const set = (changes: Record<string, string>): void => {
    const now = parseHash(location.hash);
    navigate(href(now.view, now.id, { ...now.query, ...changes }), true);
  };
  const select = (key: string, label: string, options: [string, string][], onChange?: (value: string) => void): VNode => {
    const current = route.query[key] ?? '';
    // A value in the URL but not (or no longer) in the data still shows as selected.
    const all = current && !options.some(([v]) => v === current) ? [...options, [current, current] as [string, string]] : options;
    return html`<label class="filter" key=${key}>
      <span class="filter-label">${label}</span>
      <select name=${key} aria-label=${label} value=${current} onChange=${(e: Event) => {
        const value = (e.currentTarget as HTMLSelectElement).value;
        if (onChange) onChange(value);
        else set({ [key]: value });
      }}>
        ${all.map(([value, text]) => html`<option key=${value} value=${value}>${text}</option>`)}
      </select>
    </label>`;
  };
  const facetOptions = (any: string, values: readonly FacetValue[]): [string, string][] => [['', any], ...values.map((f): [string, string] => [f.value, `${f.value} (${f.count})`])];

  const controls: VNode[] = [];
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
      case 'sensitive':
        // "1": any finding; "0": none; an entity type: findings of that type.
        controls.push(
          select('sensitive', 'Sensitive data', [
            ['', 'Any'],
            ['1', 'With findings'],
            ['0', 'Without findings'],
            ...facets.sensitive_entities.map((f): [string, string] => [f.value, `${f.value} (${f.count})`]),
          ]),
        );
        break;
      case 'eval': {
        const label = route.query.eval ?? '';
        const facet = facets.evaluations.find((f) => f.label === label);
        controls.push(
          select(
            'eval',
            'Evaluation',
            [['', 'Any evaluation'], ...facets.evaluations.map((f): [string, string] => [f.label, `${f.label} (${f.count})`])],
            // Another label's values mean nothing for this one.
            (value) => set({ eval: value, eval_value: '' }),
          ),
        );
        controls.push(select('assessment', 'Assessment', [['', 'Any'], ['fail', 'fail'], ['pass', 'pass']]));
        if (label) controls.push(select('eval_value', 'Value', facetOptions('Any value', facet?.values ?? [])));
        break;
      }
      case 'q':
        controls.push(html`<label class="filter filter-search" key="q">
          <span class="filter-label">Name</span>
          ${h(SearchBox, { name: 'q', label: 'Search trace names', placeholder: 'Search names…', value: route.query.q ?? '', onApply: (q) => set({ q }) })}
        </label>`);
        break;
    }
  }
  const active = keys.some((k) => QUERY_KEYS[k].some((q) => route.query[q]));
  return html`<div class="filters">
    ${controls}
    ${active ? html`<a class="clear-filters" href=${href(route.view, route.id)}>Clear</a>` : null}
  </div>`;
}

/** The API's query for the filters in the route (the sensitive-data control maps to two parameters). */
export function filterQuery(route: Route, keys: readonly FilterKey[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const k of keys) {
    if (k === 'range') continue;
    if (k === 'sensitive') {
      const v = route.query.sensitive;
      if (v === '1' || v === '0') out.sensitive = v;
      else if (v) out.sensitive_entity = v;
      continue;
    }
    for (const q of QUERY_KEYS[k]) out[q] = route.query[q];
  }
  return out;
}
