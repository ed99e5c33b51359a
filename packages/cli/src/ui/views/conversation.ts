// meta.input / meta.output rendered for reading: messages as a conversation (roles, tool calls with
// their arguments, tool results), documents with scores, plain values (pretty JSON when they hold it),
// and the prompt template with its variables. Redaction placeholders are marked wherever text shows.
import type { VNode } from 'preact';
import type { WireDocument, WireIO, WireMessage, WirePrompt } from '../../shared/wire.js';
import { html, type Children } from '../html.js';
import { jsonBlock, markRedactions, textOrJson } from '../components.js';

const ROLES = new Set(['system', 'user', 'assistant', 'tool', 'developer', 'function']);

export function renderIO(io: WireIO | null | undefined, side: 'input' | 'output'): VNode {
  if (!io || (io.value === undefined && io.messages === undefined && io.documents === undefined && io.prompt === undefined)) {
    return html`<div class="io-empty">${`no ${side}`}</div>`;
  }
  return html`<div class="io">
    ${io.messages !== undefined ? renderMessages(io.messages) : null}
    ${io.documents !== undefined ? renderDocuments(io.documents) : null}
    ${io.value !== undefined ? html`<div class="io-value">${textOrJson(String(io.value))}</div>` : null}
  </div>`;
}

export function renderMessages(messages: readonly WireMessage[]): VNode {
  if (messages.length === 0) return html`<div class="io-empty">no messages</div>`;
  return html`<div class="conversation">${messages.map(renderMessage)}</div>`;
}

function renderMessage(m: WireMessage): VNode {
  const role = typeof m.role === 'string' ? m.role : '';
  const roleClass = ROLES.has(role) ? role : 'other';
  const body: Children[] = [];
  if (typeof m.content === 'string' && (m.content !== '' || (!m.tool_calls && !m.tool_results))) {
    body.push(m.content === '' ? html`<div class="msg-content muted">(empty)</div>` : html`<div class="msg-content">${markRedactions(m.content)}</div>`);
  }
  for (const call of m.tool_calls ?? []) {
    body.push(html`<div class="tool-call">
      <div class="tool-head">
        <span class="tool-arrow">call</span>
        <span class="tool-name">${call.name ?? '(unnamed)'}</span>
        ${call.tool_id ? html`<span class="tool-id" title="tool_id">${call.tool_id}</span>` : null}
        ${call.type && call.type !== 'function' ? html`<span class="tool-type">${call.type}</span>` : null}
      </div>
      ${call.arguments !== undefined ? jsonBlock(call.arguments, 'tool-args') : null}
    </div>`);
  }
  for (const result of m.tool_results ?? []) {
    body.push(html`<div class="tool-result">
      <div class="tool-head">
        <span class="tool-arrow">result</span>
        <span class="tool-name">${result.name || '(tool)'}</span>
        ${result.tool_id ? html`<span class="tool-id" title="tool_id">${result.tool_id}</span>` : null}
      </div>
      ${textOrJson(result.result ?? '')}
    </div>`);
  }
  return html`<div class=${`msg role-${roleClass}`}>
    <div class="msg-role">${role || 'message'}${m.tool_id ? html`<span class="tool-id" title="tool_id">${m.tool_id}</span>` : null}</div>
    ${body}
  </div>`;
}

export function renderDocuments(docs: readonly WireDocument[]): VNode {
  if (docs.length === 0) return html`<div class="io-empty">no documents</div>`;
  const maxScore = Math.max(1, ...docs.map((d) => (typeof d.score === 'number' ? d.score : 0)));
  return html`<ol class="documents">
    ${docs.map(
      (d, i) => html`<li class="document">
        <div class="doc-head">
          <span class="doc-index">#${i + 1}</span>
          ${d.name ? html`<span class="doc-name">${d.name}</span>` : null}
          ${d.id ? html`<span class="doc-id">${d.id}</span>` : null}
          ${typeof d.score === 'number'
            ? html`<span class="doc-score" title=${`score ${d.score}`}>
                <span class="score-bar"><span class="score-fill" style=${{ width: `${Math.max(0, Math.min(100, (d.score / maxScore) * 100))}%` }}></span></span>
                <span class="num">${d.score.toFixed(2)}</span>
              </span>`
            : null}
        </div>
        <div class="doc-text">${markRedactions(d.text ?? '')}</div>
      </li>`,
    )}
  </ol>`;
}

/** A template with its {{variables}} marked, then the variables, with RAG context/query keys flagged. */
export function renderPrompt(prompt: WirePrompt): VNode {
  const contextKeys = new Set(prompt._dd_context_variable_keys ?? []);
  const queryKeys = new Set(prompt._dd_query_variable_keys ?? []);
  const variables = prompt.variables ?? {};
  const template =
    typeof prompt.template === 'string'
      ? html`<div class="template">${markVariables(prompt.template, contextKeys, queryKeys)}</div>`
      : Array.isArray(prompt.chat_template)
        ? html`<div class="conversation template-chat">
            ${prompt.chat_template.map((entry) =>
              'role' in entry
                ? html`<div class=${`msg role-${ROLES.has(entry.role) ? entry.role : 'other'}`}>
                    <div class="msg-role">${entry.role}</div>
                    <div class="msg-content">${markVariables(entry.content, contextKeys, queryKeys)}</div>
                  </div>`
                : html`<div class="msg role-other"><div class="msg-role">placeholder</div><div class="msg-content">${entry.name}</div></div>`,
            )}
          </div>`
        : null;
  const rows = Object.entries(variables).map(
    ([k, v]) => html`<tr key=${k}>
      <td class="var-name">
        <code>${k}</code>
        ${contextKeys.has(k) ? html`<span class="rag rag-context" title="RAG context variable (_dd_context_variable_keys)">context</span>` : null}
        ${queryKeys.has(k) ? html`<span class="rag rag-query" title="RAG query variable (_dd_query_variable_keys)">query</span>` : null}
      </td>
      <td class="var-value">${markRedactions(v)}</td>
    </tr>`,
  );
  return html`<div class="prompt">
    <div class="prompt-head">
      <span class="prompt-id">${prompt.id ?? '(no id)'}</span>
      ${prompt.version ? html`<span class="chip">v${prompt.version}</span>` : null}
      ${Object.entries(prompt.tags ?? {}).map(([k, v]) => html`<span class="chip"><span class="chip-key">${k}</span><span class="chip-value">${v}</span></span>`)}
    </div>
    ${template}
    ${rows.length > 0 ? html`<table class="vars"><tbody>${rows}</tbody></table>` : null}
    <div class="rag-keys muted">${`context keys: ${[...contextKeys].join(', ') || '—'} · query keys: ${[...queryKeys].join(', ') || '—'}`}</div>
  </div>`;
}

function markVariables(text: string, contextKeys: ReadonlySet<string>, queryKeys: ReadonlySet<string>): Children[] {
  const out: Children[] = [];
  const re = /\{\{\s*([\w.-]+)\s*\}\}/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) out.push(markRedactions(text.slice(last, m.index)));
    const name = m[1] ?? '';
    const cls = ['var', contextKeys.has(name) && 'var-context', queryKeys.has(name) && 'var-query'].filter(Boolean).join(' ');
    out.push(html`<span class=${cls} title=${`variable ${name}`}>${m[0]}</span>`);
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(markRedactions(text.slice(last)));
  return out;
}
