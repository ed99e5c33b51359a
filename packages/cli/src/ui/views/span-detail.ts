// The selected span: what it is, its input and output as a conversation, prompt, tools, evaluations,
// what the sensitive-data scanner found, metrics, metadata, tags, validation problems, and the raw event.
import { h, type VNode } from 'preact';
import type { EvaluationRecord, ProblemRecord, SpanRecord } from '../../shared/api.js';
import type { WireSpanEvent } from '../../shared/wire.js';
import { formatCount } from '../../shared/format.js';
import { html, type Children } from '../html.js';
import { href } from '../router.js';
import { clock, Disclosure, duration, jsonBlock, kindBadge, kv, markRedactions, section, severityBadge, statusBadge, tagChips, tokens } from '../components.js';
import { countPlaceholders, sensitiveDataTags } from '../redactions.js';
import { renderIO, renderPrompt } from './conversation.js';

export function SpanDetail(props: { span: SpanRecord; evaluations: readonly EvaluationRecord[]; problems: readonly ProblemRecord[] }): VNode {
  const { span, evaluations, problems } = props;
  const { event } = span;
  const meta = event.meta;
  const errorType = meta['error.type'];
  const errorMessage = meta['error.message'];
  const errorStack = meta['error.stack'];
  const metrics = Object.entries(event.metrics ?? {});
  const metadata = meta.metadata;
  const prompt = meta.input?.prompt;
  const apm = event._dd?.apm_trace_id;
  const apmTraceId = typeof apm === 'string' || typeof apm === 'number' ? String(apm) : undefined;

  return html`<div class="span-detail" data-span-id=${span.span_id}>
    <div class="span-head">
      <h3 class="span-title">${kindBadge(span.kind)}<span>${span.name}</span></h3>
      <div class="span-meta">
        ${statusBadge(span.status)}
        ${duration(span.duration)}
        ${tokens(span.input_tokens, span.output_tokens, span.total_tokens)}
        ${span.model_name ? html`<span class="model" title="model_provider / model_name">${span.model_provider ? `${span.model_provider} / ` : ''}<strong>${span.model_name}</strong></span>` : null}
      </div>
    </div>
    ${errorType || errorMessage || errorStack
      ? html`<div class="error-box">
          <div class="error-title">${markRedactions([errorType, errorMessage].filter(Boolean).join(': ') || 'error')}</div>
          ${errorStack ? h(Disclosure, { name: 'span.stack', summary: 'Stack', content: () => html`<pre class="stack">${markRedactions(errorStack)}</pre>` }) : null}
        </div>`
      : null}
    ${problems.length > 0
      ? section(
          `Validation (${problems.length})`,
          html`<ul class="problem-list">
            ${problems.map((p) => html`<li key=${p.id}>${severityBadge(p.severity)}<code class="path">${p.json_path}</code> ${p.message}</li>`)}
          </ul>`,
        )
      : null}
    <div class="io-grid">
      ${section('Input', renderIO(meta.input ? { ...meta.input, prompt: undefined } : undefined, 'input'))}
      ${section('Output', renderIO(meta.output, 'output'))}
    </div>
    ${prompt ? section('Prompt', renderPrompt(prompt)) : null}
    ${meta.tool_definitions && meta.tool_definitions.length > 0
      ? section(
          `Tool definitions (${meta.tool_definitions.length})`,
          html`<div class="tool-defs">
            ${meta.tool_definitions.map((d, i) =>
              h(Disclosure, {
                key: `${i}:${d.name}`,
                name: `tool-def:${d.name}`,
                class: 'tool-def',
                summary: [html`<span class="tool-name">${d.name}</span>`, d.version ? html`<span class="chip">v${d.version}</span>` : null, d.description ? html`<span class="muted">${d.description}</span>` : null],
                content: () => (d.schema !== undefined ? jsonBlock(d.schema) : html`<div class="muted">no schema</div>`),
              }),
            )}
          </div>`,
        )
      : null}
    ${sensitiveDataSection(event)}
    ${[true, false].map((managed) => {
      // Managed evaluations (computed by otel-llmobs' runner) apart from the app's own.
      const group = evaluations.filter((e) => isManagedEvaluation(e) === managed);
      if (group.length === 0) return null;
      return section(`${managed ? 'Managed evaluations' : 'Evaluations'} (${group.length})`, html`<div class="evals">${group.map((e) => h(EvaluationCard, { key: e.id, evaluation: e }))}</div>`);
    })}
    ${metrics.length > 0
      ? section(
          'Metrics',
          html`<table class="metrics"><tbody>
            ${metrics.map(([k, v]) => html`<tr key=${k}><td>${k}</td><td class="num right">${k.endsWith('tokens') ? formatCount(v) : String(v)}</td></tr>`)}
          </tbody></table>`,
        )
      : null}
    ${metadata && Object.keys(metadata).length > 0 ? section('Metadata', jsonBlock(metadata)) : null}
    ${section(
      'Span',
      kv([
        ['span_id', html`<code>${span.span_id}</code>`],
        ['parent_id', html`<code>${span.parent_id}</code>`],
        ['trace_id', html`<code>${span.trace_id}</code>`],
        ['apm trace', apmTraceId !== undefined ? html`<code>${apmTraceId}</code>` : null],
        ['ml_app', span.ml_app],
        ['session', span.session_id ? html`<a href=${href('session', span.session_id)}>${span.session_id}</a>` : null],
        ['start', clock(span.start_ns / 1e6)],
        ['agent', meta.agent_attribution ? `${meta.agent_attribution.pagent_name ?? '?'} (${meta.agent_attribution.pagent_span_id})` : null],
        ['collection errors', event.collection_errors?.join(', ')],
      ]),
    )}
    ${event.tags.length > 0 ? section('Tags', tagChips(event.tags)) : null}
    ${h(Disclosure, { name: 'span.raw', class: 'raw', summary: 'Raw span event (as received)', content: () => jsonBlock(event) })}
  </div>`;
}

/**
 * The scanner's report on this span: the action, the entity types and the match count from its tags,
 * and how many placeholders of each type the span's text holds. Never any matched text (there is
 * none on the wire).
 */
function sensitiveDataSection(event: WireSpanEvent): VNode | null {
  const report = sensitiveDataTags(event.tags);
  if (!report) return null;
  let placeholders = new Map<string, number>();
  try {
    placeholders = countPlaceholders(JSON.stringify(event.meta));
  } catch {
    // An event that cannot be serialized again shows its tags only.
  }
  const types = new Set([...report.entities.map((e) => e.toUpperCase()), ...placeholders.keys()]);
  return html`<section class="panel sensitive-data" data-action=${report.action}>
    <h3 class="panel-title">
      Sensitive data
      <span class=${report.action === 'redacted' ? 'badge badge-sensitive' : 'badge badge-warning'}>${report.action}</span>
      ${report.count !== undefined ? html`<span class="muted">${`${report.count} match${report.count === 1 ? '' : 'es'}`}</span>` : null}
    </h3>
    <table class="metrics sensitive-entities">
      <thead><tr><th>Entity type</th><th class="right">Placeholders in this span</th></tr></thead>
      <tbody>
        ${[...types].sort().map(
          (type) => html`<tr key=${type} data-entity=${type.toLowerCase()}><td><code>${type}</code></td><td class="num right">${String(placeholders.get(type) ?? 0)}</td></tr>`,
        )}
      </tbody>
    </table>
    <div class="muted sensitive-note">
      ${report.action === 'redacted'
        ? 'The scanner replaced the matches before the span was exported (placeholders are marked in the text above). Partially masked values, such as cards with their last four digits kept, and report-only matches leave no placeholder.'
        : 'The matches were only reported (the report action): the text was exported unchanged.'}
    </div>
  </section>`;
}

export function EvaluationCard(props: { evaluation: EvaluationRecord }): VNode {
  const e = props.evaluation;
  const value: Children =
    e.metric_type === 'boolean'
      ? html`<span class=${`eval-bool ${e.value === true ? 'is-true' : 'is-false'}`}>${String(e.value)}</span>`
      : e.metric_type === 'score'
        ? html`<span class="num eval-score">${String(e.value)}</span>`
        : e.metric_type === 'json'
          ? jsonBlock(e.value)
          : html`<span class="eval-text">${String(e.value)}</span>`;
  const metric = e.metric;
  const cls = ['eval', e.assessment === 'fail' && 'eval-fail', e.assessment === 'pass' && 'eval-pass'].filter(Boolean).join(' ');
  return html`<div class=${cls} data-label=${e.label}>
    <div class="eval-head">
      <span class="eval-label">${e.label}</span>
      <span class="chip">${e.event_kind === 'feedback' ? `feedback · ${e.metric_type}` : e.metric_type}</span>
      ${e.assessment ? html`<span class=${`badge ${e.assessment === 'pass' ? 'badge-ok' : 'badge-error'}`}>${e.assessment}</span>` : null}
      ${e.ml_app ? html`<span class="muted">${e.ml_app}</span>` : null}
    </div>
    <div class="eval-value">${value}</div>
    ${metric.reasoning ? html`<div class="eval-reasoning">${markRedactions(metric.reasoning)}</div>` : null}
    ${isManagedEvaluation(e) ? html`<div class="muted eval-judge">${judgeLine(metric.metadata, metric.tags)}</div>` : null}
    ${metric.submitter ? html`<div class="muted">${`by ${metric.submitter.id}${metric.submitter.type ? ` (${metric.submitter.type})` : ''}`}</div>` : null}
    ${metric.metadata ? jsonBlock(metric.metadata, 'eval-metadata') : null}
    ${metric.tags && metric.tags.length > 0 ? tagChips(metric.tags) : null}
  </div>`;
}

/** Evaluations the otel-llmobs runner submitted (tag `evaluator:otel-llmobs`). */
function isManagedEvaluation(e: EvaluationRecord): boolean {
  return e.metric.tags?.includes('evaluator:otel-llmobs') === true;
}

/** How a managed evaluation was decided: the judge model, its tokens and latency, or the local method. */
function judgeLine(metadata: Record<string, unknown> | undefined, tags: readonly string[] | undefined): string {
  const method = tags?.find((t) => t.startsWith('evaluation_method:'))?.slice('evaluation_method:'.length);
  const m = metadata ?? {};
  if (method !== 'llm' || typeof m.judge_model !== 'string') return method === 'model' ? 'decided by a local model (no judge call)' : 'decided by rule (no judge call)';
  const parts = [`judged by ${m.judge_model}${typeof m.judge_provider === 'string' ? ` (${m.judge_provider})` : ''}`];
  if (typeof m.input_tokens === 'number' && typeof m.output_tokens === 'number') parts.push(`${formatCount(m.input_tokens)}→${formatCount(m.output_tokens)} tok`);
  if (typeof m.latency_ms === 'number') parts.push(`${Math.round(m.latency_ms)} ms`);
  if (m.truncated === true) parts.push('input truncated');
  return parts.join(' · ');
}
