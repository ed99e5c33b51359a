// Sessions: the list, and one session as its traces in order, each turn's input and output as a chat.
import { h, type VNode } from 'preact';
import type { SessionSummary, SessionTrace } from '../../shared/api.js';
import type { WireIO, WireMessage } from '../../shared/wire.js';
import { html, type Children } from '../html.js';
import { api, ApiError } from '../api.js';
import { href, type Route } from '../router.js';
import { navigate } from '../state/route.js';
import { useApi } from '../state/use-api.js';
import { ago, clock, duration, empty, kindBadge, markRedactions, section, statusBadge, textOrJson, tokens } from '../components.js';
import { filterBar, filterQuery, type FilterKey } from './filters.js';
import { EvaluationCard } from './span-detail.js';
import { renderDocuments } from './conversation.js';
import { loadFailed } from './load-failed.js';

const KEYS: FilterKey[] = ['ml_app'];

export function SessionsView(props: { route: Route }): VNode {
  const { route } = props;
  const query = filterQuery(route, KEYS);
  const facets = useApi('facets', api.facets);
  const sessions = useApi(`sessions:${JSON.stringify(query)}`, () => api.sessions(query));
  const list = sessions.state === 'ready' ? sessions.data : undefined;
  return html`<div class="view view-sessions">
    <div class="view-head"><h2>Sessions</h2><span class="muted">${list ? `${list.length} shown` : ''}</span></div>
    ${filterBar({ route, facets: facets.state === 'ready' ? facets.data : undefined, keys: KEYS })}
    ${sessions.state === 'failed' ? loadFailed(sessions.error) : list ? sessionsTable(list) : null}
  </div>`;
}

function sessionsTable(sessions: readonly SessionSummary[]): VNode {
  if (sessions.length === 0) return empty('No sessions', 'Spans join a session through their session_id (annotate sessionId, gen_ai.conversation.id, session.id …).');
  return html`<table class="table">
    <thead><tr><th>Session</th><th>ml_app</th><th class="right">Traces</th><th>First</th><th>Last</th><th class="right">Tokens</th><th>Errors</th></tr></thead>
    <tbody>
      ${sessions.map((s) => {
        const link = href('session', s.session_id);
        return html`<tr key=${s.session_id} class="clickable" data-session-id=${s.session_id} onClick=${() => navigate(link)}>
          <td><a href=${link} class="session-link">${s.session_id}</a></td>
          <td>${s.ml_app ?? '—'}</td>
          <td class="right num">${String(s.trace_count)}</td>
          <td class="muted nowrap">${clock(s.start_ns / 1e6)}</td>
          <td class="muted nowrap">${ago(s.end_ns / 1e6)}</td>
          <td class="right num">${s.total_tokens ? s.total_tokens.toLocaleString('en-US') : '—'}</td>
          <td>${s.error_count > 0 ? statusBadge('error', String(s.error_count)) : html`<span class="muted">0</span>`}</td>
        </tr>`;
      })}
    </tbody>
  </table>`;
}

export function SessionView(props: { route: Route }): VNode {
  const id = props.route.id ?? '';
  const loaded = useApi(`session:${id}`, () => api.session(id));
  const back = html`<a class="back" href="#/sessions">← Sessions</a>`;
  if (loaded.state === 'failed') {
    return html`<div class="view">${back}${loaded.error instanceof ApiError && loaded.error.status === 404 ? empty('Session not found') : loadFailed(loaded.error)}</div>`;
  }
  if (loaded.state === 'loading' || loaded.data.session_id !== id) return html`<div class="view view-session">${back}</div>`;
  const session = loaded.data;
  const feedback = session.evaluations.filter((e) => e.session_id === id && !e.join_span_id);
  return html`<div class="view view-session">
    ${back}
    <div class="trace-head">
      <h2><span class="muted">Session </span><span class="trace-title">${id}</span></h2>
      <div class="trace-meta">
        <span>${`${session.traces.length} trace${session.traces.length > 1 ? 's' : ''}`}</span>
        <a href=${href('traces', undefined, { session_id: id })}>Show in traces list</a>
      </div>
    </div>
    <ol class="turns">${session.traces.map(turn)}</ol>
    ${feedback.length > 0 ? section('Session feedback', html`<div class="evals">${feedback.map((e) => h(EvaluationCard, { key: e.id, evaluation: e }))}</div>`) : null}
  </div>`;
}

function turn(t: SessionTrace): VNode {
  return html`<li key=${t.trace_id} class=${t.status === 'error' ? 'turn row-error' : 'turn'} data-trace-id=${t.trace_id}>
    <div class="turn-head">
      <span class="muted nowrap">${clock(t.start_ns / 1e6)}</span>
      ${kindBadge(t.kind)}
      <a class="trace-name" href=${href('trace', t.trace_id)}>${t.name}</a>
      ${duration(t.duration)}
      ${tokens(t.input_tokens, t.output_tokens, t.total_tokens)}
      ${t.status === 'error' ? statusBadge('error') : null}
      <span class="muted">${`${t.span_count} spans`}</span>
    </div>
    <div class="chat">${bubble('in', t.input)}${bubble('out', t.output)}</div>
  </li>`;
}

/** One side of a turn: the last user message of an input, all messages of an output, or a value. */
function bubble(side: 'in' | 'out', io: WireIO | null): VNode | null {
  if (!io) return null;
  let messages: WireMessage[] | undefined = io.messages;
  if (messages && side === 'in') {
    const lastUser = [...messages].reverse().find((m) => m.role === 'user');
    messages = lastUser ? [lastUser] : messages.slice(-1);
  }
  let content: Children;
  if (messages) {
    if (messages.length === 0) return null;
    content = messages.map((m) => html`<div class="bubble-text">${markRedactions(m.content ?? (m.tool_calls ? `→ ${m.tool_calls.map((c) => c.name ?? '').join(', ')}()` : ''))}</div>`);
  } else if (io.value !== undefined) content = textOrJson(io.value);
  else if (io.documents) content = renderDocuments(io.documents);
  else return null;
  return html`<div class=${`bubble ${side === 'in' ? 'bubble-in' : 'bubble-out'}`}>
    <div class="bubble-role">${side === 'in' ? 'input' : 'output'}</div>
    ${content}
  </div>`;
}
