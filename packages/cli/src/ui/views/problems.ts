// Problems: intake requests whose payloads broke (errors: not stored) or bent (warnings) the contract.
import { h } from '../dom.js';
import { api } from '../api.js';
import { href } from '../router.js';
import { clock, empty, severityBadge } from '../components.js';

export async function problemsView(): Promise<HTMLElement> {
  const groups = await api.problems();
  return h(
    'div',
    { class: 'view view-problems' },
    h('div', { class: 'view-head' }, h('h2', null, 'Problems'), h('span', { class: 'muted' }, 'payloads checked against the LLM Observability intake contract')),
    groups.length === 0
      ? empty('No problems', 'Every payload received so far matches the intake contract.')
      : groups.map((g) =>
          h(
            'section',
            { class: ['panel', 'problem-group', g.errors > 0 || g.status >= 400 ? 'has-errors' : 'has-warnings'], dataset: { requestId: String(g.id) } },
            h(
              'div',
              { class: 'problem-head' },
              h('span', { class: ['badge', g.status >= 400 ? 'badge-error' : 'badge-ok'] }, String(g.status)),
              h('code', null, `${g.method} ${g.path}`),
              h('span', { class: 'muted' }, clock(g.received_at)),
              h('span', null, `${g.accepted} stored`),
              g.rejected > 0 ? h('span', { class: 'badge badge-error' }, `${g.rejected} rejected`) : null,
              g.errors > 0 ? h('span', { class: 'muted' }, `${g.errors} error${g.errors > 1 ? 's' : ''}`) : null,
              g.warnings > 0 ? h('span', { class: 'muted' }, `${g.warnings} warning${g.warnings > 1 ? 's' : ''}`) : null,
            ),
            h(
              'table',
              { class: 'table problems-table' },
              h('thead', null, h('tr', null, h('th', null, 'Severity'), h('th', null, 'Item'), h('th', null, 'Where'), h('th', null, 'Problem'))),
              h(
                'tbody',
                null,
                g.problems.map((p) =>
                  h(
                    'tr',
                    null,
                    h('td', null, severityBadge(p.severity)),
                    h(
                      'td',
                      { class: 'nowrap' },
                      p.stored && p.trace_id && p.span_id && g.kind === 'spans'
                        ? h('a', { href: href('trace', p.trace_id, { span: p.span_id }) }, p.item_name ?? p.span_id)
                        : (p.item_name ?? (p.item_index !== null ? `#${p.item_index}` : 'request')),
                      p.stored ? null : h('span', { class: 'muted' }, ' (not stored)'),
                    ),
                    h('td', null, h('code', { class: 'path' }, p.json_path || '(body)'), h('div', { class: 'muted code' }, p.code)),
                    h('td', { class: 'problem-message' }, p.message),
                  ),
                ),
              ),
            ),
          ),
        ),
  );
}
