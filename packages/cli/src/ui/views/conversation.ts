// meta.input / meta.output rendered for reading: messages as a conversation (roles, tool calls with
// their arguments, tool results), documents with scores, plain values (pretty JSON when they hold it),
// and the prompt template with its variables.
import type { WireDocument, WireIO, WireMessage, WirePrompt } from '../../shared/wire.js';
import { h, type Child } from '../dom.js';
import { jsonBlock, textOrJson } from '../components.js';

const ROLES = new Set(['system', 'user', 'assistant', 'tool', 'developer', 'function']);

export function renderIO(io: WireIO | null | undefined, side: 'input' | 'output'): HTMLElement {
  if (!io || (io.value === undefined && io.messages === undefined && io.documents === undefined && io.prompt === undefined)) {
    return h('div', { class: 'io-empty' }, `no ${side}`);
  }
  return h(
    'div',
    { class: 'io' },
    io.messages !== undefined ? renderMessages(io.messages) : null,
    io.documents !== undefined ? renderDocuments(io.documents) : null,
    io.value !== undefined ? h('div', { class: 'io-value' }, textOrJson(String(io.value))) : null,
  );
}

export function renderMessages(messages: readonly WireMessage[]): HTMLElement {
  if (messages.length === 0) return h('div', { class: 'io-empty' }, 'no messages');
  return h('div', { class: 'conversation' }, messages.map(renderMessage));
}

function renderMessage(m: WireMessage): HTMLElement {
  const role = typeof m.role === 'string' ? m.role : '';
  const roleClass = ROLES.has(role) ? role : 'other';
  const body: Child[] = [];
  if (typeof m.content === 'string' && (m.content !== '' || (!m.tool_calls && !m.tool_results))) {
    body.push(m.content === '' ? h('div', { class: 'msg-content muted' }, '(empty)') : h('div', { class: 'msg-content' }, m.content));
  }
  for (const call of m.tool_calls ?? []) {
    body.push(
      h(
        'div',
        { class: 'tool-call' },
        h(
          'div',
          { class: 'tool-head' },
          h('span', { class: 'tool-arrow' }, 'call'),
          h('span', { class: 'tool-name' }, call.name ?? '(unnamed)'),
          call.tool_id ? h('span', { class: 'tool-id', title: 'tool_id' }, call.tool_id) : null,
          call.type && call.type !== 'function' ? h('span', { class: 'tool-type' }, call.type) : null,
        ),
        call.arguments !== undefined ? jsonBlock(call.arguments, 'tool-args') : null,
      ),
    );
  }
  for (const result of m.tool_results ?? []) {
    body.push(
      h(
        'div',
        { class: 'tool-result' },
        h(
          'div',
          { class: 'tool-head' },
          h('span', { class: 'tool-arrow' }, 'result'),
          h('span', { class: 'tool-name' }, result.name || '(tool)'),
          result.tool_id ? h('span', { class: 'tool-id', title: 'tool_id' }, result.tool_id) : null,
        ),
        textOrJson(result.result ?? ''),
      ),
    );
  }
  return h(
    'div',
    { class: ['msg', `role-${roleClass}`] },
    h('div', { class: 'msg-role' }, role || 'message', m.tool_id ? h('span', { class: 'tool-id', title: 'tool_id' }, m.tool_id) : null),
    ...body,
  );
}

export function renderDocuments(docs: readonly WireDocument[]): HTMLElement {
  if (docs.length === 0) return h('div', { class: 'io-empty' }, 'no documents');
  const maxScore = Math.max(1, ...docs.map((d) => (typeof d.score === 'number' ? d.score : 0)));
  return h(
    'ol',
    { class: 'documents' },
    docs.map((d, i) =>
      h(
        'li',
        { class: 'document' },
        h(
          'div',
          { class: 'doc-head' },
          h('span', { class: 'doc-index' }, `#${i + 1}`),
          d.name ? h('span', { class: 'doc-name' }, d.name) : null,
          d.id ? h('span', { class: 'doc-id' }, d.id) : null,
          typeof d.score === 'number'
            ? h(
                'span',
                { class: 'doc-score', title: `score ${d.score}` },
                h('span', { class: 'score-bar' }, h('span', { class: 'score-fill', style: { width: `${Math.max(0, Math.min(100, (d.score / maxScore) * 100))}%` } })),
                h('span', { class: 'num' }, d.score.toFixed(2)),
              )
            : null,
        ),
        h('div', { class: 'doc-text' }, d.text ?? ''),
      ),
    ),
  );
}

/** A template with its {{variables}} marked, then the variables, with RAG context/query keys flagged. */
export function renderPrompt(prompt: WirePrompt): HTMLElement {
  const contextKeys = new Set(prompt._dd_context_variable_keys ?? []);
  const queryKeys = new Set(prompt._dd_query_variable_keys ?? []);
  const variables = prompt.variables ?? {};
  const head = h(
    'div',
    { class: 'prompt-head' },
    h('span', { class: 'prompt-id' }, prompt.id ?? '(no id)'),
    prompt.version ? h('span', { class: 'chip' }, `v${prompt.version}`) : null,
    Object.entries(prompt.tags ?? {}).map(([k, v]) => h('span', { class: 'chip' }, h('span', { class: 'chip-key' }, k), h('span', { class: 'chip-value' }, v))),
  );
  const template = typeof prompt.template === 'string'
    ? h('div', { class: 'template' }, markVariables(prompt.template, contextKeys, queryKeys))
    : Array.isArray(prompt.chat_template)
      ? h(
          'div',
          { class: 'conversation template-chat' },
          prompt.chat_template.map((entry) =>
            'role' in entry
              ? h('div', { class: ['msg', `role-${ROLES.has(entry.role) ? entry.role : 'other'}`] }, h('div', { class: 'msg-role' }, entry.role), h('div', { class: 'msg-content' }, markVariables(entry.content, contextKeys, queryKeys)))
              : h('div', { class: 'msg role-other' }, h('div', { class: 'msg-role' }, 'placeholder'), h('div', { class: 'msg-content' }, entry.name)),
          ),
        )
      : null;
  const rows = Object.entries(variables).map(([k, v]) =>
    h(
      'tr',
      null,
      h('td', { class: 'var-name' }, h('code', null, k), contextKeys.has(k) ? h('span', { class: 'rag rag-context', title: 'RAG context variable (_dd_context_variable_keys)' }, 'context') : null, queryKeys.has(k) ? h('span', { class: 'rag rag-query', title: 'RAG query variable (_dd_query_variable_keys)' }, 'query') : null),
      h('td', { class: 'var-value' }, v),
    ),
  );
  return h(
    'div',
    { class: 'prompt' },
    head,
    template,
    rows.length > 0 ? h('table', { class: 'vars' }, h('tbody', null, rows)) : null,
    h('div', { class: 'rag-keys muted' }, `context keys: ${[...contextKeys].join(', ') || '—'} · query keys: ${[...queryKeys].join(', ') || '—'}`),
  );
}

function markVariables(text: string, contextKeys: ReadonlySet<string>, queryKeys: ReadonlySet<string>): Child[] {
  const out: Child[] = [];
  const re = /\{\{\s*([\w.-]+)\s*\}\}/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    const name = m[1] ?? '';
    out.push(h('span', { class: ['var', contextKeys.has(name) && 'var-context', queryKeys.has(name) && 'var-query'], title: `variable ${name}` }, m[0]));
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}
