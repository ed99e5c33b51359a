// Sessions: the list, and one session as its traces in order, each turn's input and output as a chat.
import type { SessionTrace } from '../../shared/api.js';
import type { WireIO, WireMessage } from '../../shared/wire.js';
import { h } from '../dom.js';
import { api, ApiError } from '../api.js';
import { href } from '../router.js';
import { ago, clock, duration, empty, kindBadge, section, statusBadge, textOrJson, tokens } from '../components.js';
import type { ViewContext } from './context.js';
import { filterBar, filterQuery, type FilterKey } from './filters.js';
import { evaluationCard } from './span-detail.js';
import { renderDocuments } from './conversation.js';

const KEYS: FilterKey[] = ['ml_app'];

export async function sessionsView(ctx: ViewContext): Promise<HTMLElement> {
  const [facets, sessions] = await Promise.all([ctx.facets(), api.sessions(filterQuery(ctx.route, KEYS))]);
  return h(
    'div',
    { class: 'view view-sessions' },
    h('div', { class: 'view-head' }, h('h2', null, 'Sessions'), h('span', { class: 'muted' }, `${sessions.length} shown`)),
    filterBar(ctx, facets, KEYS),
    sessions.length === 0
      ? empty('No sessions', 'Spans join a session through their session_id (annotate sessionId, gen_ai.conversation.id, session.id …).')
      : h(
          'table',
          { class: 'table' },
          h('thead', null, h('tr', null, h('th', null, 'Session'), h('th', null, 'ml_app'), h('th', { class: 'right' }, 'Traces'), h('th', null, 'First'), h('th', null, 'Last'), h('th', { class: 'right' }, 'Tokens'), h('th', null, 'Errors'))),
          h(
            'tbody',
            null,
            sessions.map((s) => {
              const link = href('session', s.session_id);
              return h(
                'tr',
                { class: 'clickable', dataset: { sessionId: s.session_id }, on: { click: () => ctx.navigate(link) } },
                h('td', null, h('a', { href: link, class: 'session-link' }, s.session_id)),
                h('td', null, s.ml_app ?? '—'),
                h('td', { class: 'right num' }, String(s.trace_count)),
                h('td', { class: 'muted nowrap' }, clock(s.start_ns / 1e6)),
                h('td', { class: 'muted nowrap' }, ago(s.end_ns / 1e6)),
                h('td', { class: 'right num' }, s.total_tokens ? s.total_tokens.toLocaleString('en-US') : '—'),
                h('td', null, s.error_count > 0 ? statusBadge('error', String(s.error_count)) : h('span', { class: 'muted' }, '0')),
              );
            }),
          ),
        ),
  );
}

export async function sessionView(ctx: ViewContext): Promise<HTMLElement> {
  const id = ctx.route.id ?? '';
  let session;
  try {
    session = await api.session(id);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return h('div', { class: 'view' }, h('a', { class: 'back', href: '#/sessions' }, '← Sessions'), empty('Session not found'));
    throw err;
  }
  const feedback = session.evaluations.filter((e) => e.session_id === id && !e.join_span_id);
  return h(
    'div',
    { class: 'view view-session' },
    h('a', { class: 'back', href: '#/sessions' }, '← Sessions'),
    h(
      'div',
      { class: 'trace-head' },
      h('h2', null, h('span', { class: 'muted' }, 'Session '), h('span', { class: 'trace-title' }, id)),
      h('div', { class: 'trace-meta' }, h('span', null, `${session.traces.length} trace${session.traces.length > 1 ? 's' : ''}`), h('a', { href: href('traces', undefined, { session_id: id }) }, 'Show in traces list')),
    ),
    h('ol', { class: 'turns' }, session.traces.map(turn)),
    feedback.length > 0 ? section('Session feedback', h('div', { class: 'evals' }, feedback.map(evaluationCard))) : null,
  );
}

function turn(t: SessionTrace): HTMLElement {
  return h(
    'li',
    { class: ['turn', t.status === 'error' && 'row-error'], dataset: { traceId: t.trace_id } },
    h(
      'div',
      { class: 'turn-head' },
      h('span', { class: 'muted nowrap' }, clock(t.start_ns / 1e6)),
      kindBadge(t.kind),
      h('a', { class: 'trace-name', href: href('trace', t.trace_id) }, t.name),
      duration(t.duration),
      tokens(t.input_tokens, t.output_tokens, t.total_tokens),
      t.status === 'error' ? statusBadge('error') : null,
      h('span', { class: 'muted' }, `${t.span_count} spans`),
    ),
    h('div', { class: 'chat' }, bubble('in', t.input), bubble('out', t.output)),
  );
}

/** One side of a turn: the last user message of an input, all messages of an output, or a value. */
function bubble(side: 'in' | 'out', io: WireIO | null): HTMLElement | null {
  if (!io) return null;
  let messages: WireMessage[] | undefined = io.messages;
  if (messages && side === 'in') {
    const lastUser = [...messages].reverse().find((m) => m.role === 'user');
    messages = lastUser ? [lastUser] : messages.slice(-1);
  }
  const content = messages
    ? messages.map((m) => h('div', { class: 'bubble-text' }, m.content ?? (m.tool_calls ? `→ ${m.tool_calls.map((c) => c.name ?? '').join(', ')}()` : '')))
    : io.value !== undefined
      ? textOrJson(io.value)
      : io.documents
        ? renderDocuments(io.documents)
        : null;
  if (!content || (Array.isArray(content) && content.length === 0)) return null;
  return h('div', { class: ['bubble', side === 'in' ? 'bubble-in' : 'bubble-out'] }, h('div', { class: 'bubble-role' }, side === 'in' ? 'input' : 'output'), content);
}
