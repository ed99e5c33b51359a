// Problems: intake requests whose payloads broke (errors: not stored) or bent (warnings) the contract.
import type { VNode } from 'preact';
import type { ProblemGroup } from '../../shared/api.js';
import { html } from '../html.js';
import { api } from '../api.js';
import { href } from '../router.js';
import { useApi } from '../state/use-api.js';
import { clock, empty, severityBadge } from '../components.js';
import { loadFailed } from './load-failed.js';

export function ProblemsView(): VNode {
  const groups = useApi('problems', api.problems);
  return html`<div class="view view-problems">
    <div class="view-head"><h2>Problems</h2><span class="muted">payloads checked against the LLM Observability intake contract</span></div>
    ${groups.state === 'failed'
      ? loadFailed(groups.error)
      : groups.state === 'ready'
        ? groups.data.length === 0
          ? empty('No problems', 'Every payload received so far matches the intake contract.')
          : groups.data.map(problemGroup)
        : null}
  </div>`;
}

function problemGroup(g: ProblemGroup): VNode {
  const cls = `panel problem-group ${g.errors > 0 || g.status >= 400 ? 'has-errors' : 'has-warnings'}`;
  return html`<section key=${g.id} class=${cls} data-request-id=${String(g.id)}>
    <div class="problem-head">
      <span class=${`badge ${g.status >= 400 ? 'badge-error' : 'badge-ok'}`}>${String(g.status)}</span>
      <code>${`${g.method} ${g.path}`}</code>
      <span class="muted">${clock(g.received_at)}</span>
      <span>${`${g.accepted} stored`}</span>
      ${g.rejected > 0 ? html`<span class="badge badge-error">${`${g.rejected} rejected`}</span>` : null}
      ${g.errors > 0 ? html`<span class="muted">${`${g.errors} error${g.errors > 1 ? 's' : ''}`}</span>` : null}
      ${g.warnings > 0 ? html`<span class="muted">${`${g.warnings} warning${g.warnings > 1 ? 's' : ''}`}</span>` : null}
    </div>
    <table class="table problems-table">
      <thead><tr><th>Severity</th><th>Item</th><th>Where</th><th>Problem</th></tr></thead>
      <tbody>
        ${g.problems.map(
          (p) => html`<tr key=${p.id}>
            <td>${severityBadge(p.severity)}</td>
            <td class="nowrap">
              ${p.stored && p.trace_id && p.span_id && g.kind === 'spans'
                ? html`<a href=${href('trace', p.trace_id, { span: p.span_id })}>${p.item_name ?? p.span_id}</a>`
                : (p.item_name ?? (p.item_index !== null ? `#${p.item_index}` : 'request'))}
              ${p.stored ? null : html`<span class="muted"> (not stored)</span>`}
            </td>
            <td><code class="path">${p.json_path || '(body)'}</code><div class="muted code">${p.code}</div></td>
            <td class="problem-message">${p.message}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}
