// The selected span: what it is, its input and output as a conversation, prompt, tools, evaluations,
// metrics, metadata, tags, validation problems, and the raw event.
import type { EvaluationRecord, ProblemRecord, SpanRecord } from '../../shared/api.js';
import { formatCount } from '../../shared/format.js';
import { h, type Child } from '../dom.js';
import { href } from '../router.js';
import { clock, duration, jsonBlock, kindBadge, kv, section, severityBadge, statusBadge, tagChips, tokens } from '../components.js';
import { renderIO, renderPrompt } from './conversation.js';

export function spanDetail(span: SpanRecord, evaluations: readonly EvaluationRecord[], problems: readonly ProblemRecord[]): HTMLElement {
  const { event } = span;
  const meta = event.meta;
  const errorType = meta['error.type'];
  const errorMessage = meta['error.message'];
  const errorStack = meta['error.stack'];
  const metrics = Object.entries(event.metrics ?? {});
  const metadata = meta.metadata;
  const prompt = meta.input?.prompt;

  return h(
    'div',
    { class: 'span-detail', dataset: { spanId: span.span_id } },
    h(
      'div',
      { class: 'span-head' },
      h('h3', { class: 'span-title' }, kindBadge(span.kind), h('span', null, span.name)),
      h(
        'div',
        { class: 'span-meta' },
        statusBadge(span.status),
        duration(span.duration),
        tokens(span.input_tokens, span.output_tokens, span.total_tokens),
        span.model_name ? h('span', { class: 'model', title: 'model_provider / model_name' }, span.model_provider ? `${span.model_provider} / ` : '', h('strong', null, span.model_name)) : null,
      ),
    ),
    errorType || errorMessage || errorStack
      ? h(
          'div',
          { class: 'error-box' },
          h('div', { class: 'error-title' }, [errorType, errorMessage].filter(Boolean).join(': ') || 'error'),
          errorStack ? h('details', null, h('summary', null, 'Stack'), h('pre', { class: 'stack' }, errorStack)) : null,
        )
      : null,
    problems.length > 0
      ? section(
          `Validation (${problems.length})`,
          h(
            'ul',
            { class: 'problem-list' },
            problems.map((p) => h('li', null, severityBadge(p.severity), h('code', { class: 'path' }, p.json_path), ' ', p.message)),
          ),
        )
      : null,
    h(
      'div',
      { class: 'io-grid' },
      section('Input', renderIO(meta.input ? { ...meta.input, prompt: undefined } : undefined, 'input')),
      section('Output', renderIO(meta.output, 'output')),
    ),
    prompt ? section('Prompt', renderPrompt(prompt)) : null,
    meta.tool_definitions && meta.tool_definitions.length > 0
      ? section(
          `Tool definitions (${meta.tool_definitions.length})`,
          h(
            'div',
            { class: 'tool-defs' },
            meta.tool_definitions.map((d) =>
              h(
                'details',
                { class: 'tool-def' },
                h('summary', null, h('span', { class: 'tool-name' }, d.name), d.version ? h('span', { class: 'chip' }, `v${d.version}`) : null, d.description ? h('span', { class: 'muted' }, d.description) : null),
                d.schema !== undefined ? jsonBlock(d.schema) : h('div', { class: 'muted' }, 'no schema'),
              ),
            ),
          ),
        )
      : null,
    // Managed evaluations (computed by otel-llmobs' runner) apart from the app's own.
    ...[true, false].map((managed) => {
      const group = evaluations.filter((e) => isManagedEvaluation(e) === managed);
      if (group.length === 0) return null;
      return section(`${managed ? 'Managed evaluations' : 'Evaluations'} (${group.length})`, h('div', { class: 'evals' }, group.map(evaluationCard)));
    }),
    metrics.length > 0
      ? section('Metrics', h('table', { class: 'metrics' }, h('tbody', null, metrics.map(([k, v]) => h('tr', null, h('td', null, k), h('td', { class: 'num right' }, k.endsWith('tokens') ? formatCount(v) : String(v)))))))
      : null,
    metadata && Object.keys(metadata).length > 0 ? section('Metadata', jsonBlock(metadata)) : null,
    section(
      'Span',
      kv([
        ['span_id', h('code', null, span.span_id)],
        ['parent_id', h('code', null, span.parent_id)],
        ['trace_id', h('code', null, span.trace_id)],
        ['apm trace', event._dd?.apm_trace_id ? h('code', null, String(event._dd.apm_trace_id as string)) : null],
        ['ml_app', span.ml_app],
        ['session', span.session_id ? h('a', { href: href('session', span.session_id) }, span.session_id) : null],
        ['start', clock(span.start_ns / 1e6)],
        ['agent', meta.agent_attribution ? `${meta.agent_attribution.pagent_name ?? '?'} (${meta.agent_attribution.pagent_span_id})` : null],
        ['collection errors', event.collection_errors?.join(', ')],
      ]),
    ),
    event.tags.length > 0 ? section('Tags', tagChips(event.tags)) : null,
    h('details', { class: 'raw' }, h('summary', null, 'Raw span event (as received)'), jsonBlock(event)),
  );
}

export function evaluationCard(e: EvaluationRecord): HTMLElement {
  const value: Child =
    e.metric_type === 'boolean'
      ? h('span', { class: ['eval-bool', e.value === true ? 'is-true' : 'is-false'] }, String(e.value))
      : e.metric_type === 'score'
        ? h('span', { class: 'num eval-score' }, String(e.value))
        : e.metric_type === 'json'
          ? jsonBlock(e.value)
          : h('span', { class: 'eval-text' }, String(e.value));
  const metric = e.metric;
  return h(
    'div',
    { class: ['eval', e.assessment === 'fail' && 'eval-fail', e.assessment === 'pass' && 'eval-pass'], dataset: { label: e.label } },
    h(
      'div',
      { class: 'eval-head' },
      h('span', { class: 'eval-label' }, e.label),
      h('span', { class: 'chip' }, e.event_kind === 'feedback' ? `feedback · ${e.metric_type}` : e.metric_type),
      e.assessment ? h('span', { class: ['badge', e.assessment === 'pass' ? 'badge-ok' : 'badge-error'] }, e.assessment) : null,
      e.ml_app ? h('span', { class: 'muted' }, e.ml_app) : null,
    ),
    h('div', { class: 'eval-value' }, value),
    metric.reasoning ? h('div', { class: 'eval-reasoning' }, metric.reasoning) : null,
    isManagedEvaluation(e) ? h('div', { class: 'muted eval-judge' }, judgeLine(metric.metadata, metric.tags)) : null,
    metric.submitter ? h('div', { class: 'muted' }, `by ${metric.submitter.id}${metric.submitter.type ? ` (${metric.submitter.type})` : ''}`) : null,
    metric.metadata ? jsonBlock(metric.metadata, 'eval-metadata') : null,
    metric.tags && metric.tags.length > 0 ? tagChips(metric.tags) : null,
  );
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
