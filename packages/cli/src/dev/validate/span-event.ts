// One span event (spec/datadog-intake.md §2.2, §2.3, §2.5–§2.7).
import { SPAN_KINDS } from '../../shared/wire.js';
import { childPath, type ViolationList } from './violations.js';
import { describeType, isFiniteNumber, isRecord } from './json-types.js';
import { isDecimalSpanId, isHexTraceId, ROOT_PARENT_ID } from './ids.js';
import { validateIO, validateToolDefinitions } from './span-io.js';

const KINDS: ReadonlySet<string> = new Set(SPAN_KINDS);

const SPAN_KEYS: ReadonlySet<string> = new Set([
  'trace_id',
  'span_id',
  'parent_id',
  'name',
  'tags',
  'start_ns',
  'duration',
  'status',
  'meta',
  'metrics',
  '_dd',
  'session_id',
  'collection_errors',
  'span_links',
]);

const META_KEYS: ReadonlySet<string> = new Set([
  'span.kind',
  'input',
  'output',
  'model_name',
  'model_provider',
  'metadata',
  'tool_definitions',
  'agent_attribution',
  'error.message',
  'error.type',
  'error.stack',
]);

/** camelCase metric names the SDK accepts at annotate() time but never sends (spec §2.5). */
const METRIC_ALIASES: Record<string, string> = {
  inputTokens: 'input_tokens',
  outputTokens: 'output_tokens',
  totalTokens: 'total_tokens',
  cacheReadTokens: 'cache_read_input_tokens',
  cacheWriteTokens: 'cache_write_input_tokens',
  reasoningOutputTokens: 'reasoning_output_tokens',
  prompt_tokens: 'input_tokens',
  completion_tokens: 'output_tokens',
};

/** Nanosecond timestamps after 2001-09-09 are > 1e18; anything under 1e15 ns is 1970-01-12. */
const PLAUSIBLE_START_NS = 1e15;

export function validateSpanEvent(span: unknown, path: string, out: ViolationList): void {
  if (!isRecord(span)) {
    out.error(path, 'span.type', `A span event must be an object, got ${describeType(span)}.`);
    return;
  }
  const at = (key: string): string => childPath(path, key);

  // Ids.
  if (typeof span.trace_id !== 'string' || !isHexTraceId(span.trace_id)) {
    out.error(at('trace_id'), 'span.trace_id', `trace_id must be 32 lowercase hex digits, got ${describeType(span.trace_id)}.`);
  }
  if (typeof span.span_id !== 'string' || !isDecimalSpanId(span.span_id)) {
    out.error(at('span_id'), 'span.span_id', `span_id must be a non-zero unsigned 64-bit decimal string, got ${describeType(span.span_id)}.`);
  }
  const parent = span.parent_id;
  if (typeof parent !== 'string' || (parent !== ROOT_PARENT_ID && !isDecimalSpanId(parent))) {
    out.error(
      at('parent_id'),
      'span.parent_id',
      `parent_id must be a decimal span id, or the string "undefined" for a root, got ${describeType(parent)}.`,
    );
  } else if (parent === span.span_id) {
    out.error(at('parent_id'), 'span.parent_id', 'parent_id equals span_id: a span cannot be its own parent.');
  }

  // Name, status, times.
  if (typeof span.name !== 'string') out.error(at('name'), 'span.name', `name must be a string, got ${describeType(span.name)}.`);
  else if (span.name === '') out.warn(at('name'), 'span.name_empty', 'name is empty; dd-trace falls back to the span kind.');
  if (span.status !== 'ok' && span.status !== 'error') {
    out.error(at('status'), 'span.status', `status must be "ok" or "error", got ${describeType(span.status)}.`);
  }
  if (!isFiniteNumber(span.start_ns) || span.start_ns < 0) {
    out.error(at('start_ns'), 'span.start_ns', `start_ns must be a non-negative number of nanoseconds since the epoch, got ${describeType(span.start_ns)}.`);
  } else if (span.start_ns < PLAUSIBLE_START_NS) {
    out.warn(at('start_ns'), 'span.start_ns_unit', `start_ns ${span.start_ns} is before 1970-01-12 in nanoseconds: milliseconds or seconds sent by mistake?`);
  }
  if (!isFiniteNumber(span.duration) || span.duration < 0) {
    out.error(at('duration'), 'span.duration', `duration must be a non-negative number of nanoseconds, got ${describeType(span.duration)}.`);
  }

  const tags = validateTags(span.tags, at('tags'), out);
  validateMeta(span.meta, at('meta'), out);
  validateMetrics(span.metrics, at('metrics'), out);
  validateDd(span._dd, span.span_id, at('_dd'), out);

  if (span.session_id !== undefined && typeof span.session_id !== 'string') {
    out.error(at('session_id'), 'span.session_id', `session_id must be a string, got ${describeType(span.session_id)}.`);
  }
  if (span.collection_errors !== undefined && (!Array.isArray(span.collection_errors) || span.collection_errors.some((e) => typeof e !== 'string'))) {
    out.error(at('collection_errors'), 'span.collection_errors', 'collection_errors must be an array of strings.');
  }
  if (span.span_links !== undefined) validateSpanLinks(span.span_links, at('span_links'), out);
  for (const key of Object.keys(span)) {
    if (!SPAN_KEYS.has(key)) out.warn(at(key), 'span.unknown_key', `Unknown span field "${key}"; the intake ignores it.`);
  }

  // Cross-field consistency, only on values that passed their own checks.
  if (tags) crossCheckTags(span, tags, path, out);
}

function validateTags(tags: unknown, path: string, out: ViolationList): string[] | undefined {
  if (!Array.isArray(tags)) {
    out.error(path, 'span.tags', `tags must be an array of "key:value" strings, got ${describeType(tags)}.`);
    return undefined;
  }
  const good: string[] = [];
  tags.forEach((tag, i) => {
    if (typeof tag !== 'string') {
      out.error(childPath(path, i), 'span.tag', `A tag must be a "key:value" string, got ${describeType(tag)}.`);
    } else {
      if (!tag.includes(':')) out.warn(childPath(path, i), 'span.tag_format', `Tag ${JSON.stringify(tag)} is not "key:value".`);
      good.push(tag);
    }
  });
  return good;
}

function crossCheckTags(
  span: Record<string, unknown>,
  tags: readonly string[],
  path: string,
  out: ViolationList,
): void {
  const values = (key: string): string[] => tags.filter((t) => t.startsWith(`${key}:`)).map((t) => t.slice(key.length + 1));
  const mlApps = values('ml_app');
  if (mlApps.length === 0 || mlApps.every((v) => v === '')) {
    out.warn(childPath(path, 'tags'), 'span.ml_app', 'No ml_app:<name> tag: LLM Observability files spans by ml_app (dd-trace always sends one).');
  }
  const errorTag = values('error')[0];
  if (errorTag !== undefined && (span.status === 'error') !== (errorTag === '1')) {
    out.warn(childPath(path, 'tags'), 'span.error_tag', `Tag error:${errorTag} disagrees with status ${JSON.stringify(span.status)}.`);
  }
  if (typeof span.session_id === 'string') {
    const sessionTags = values('session_id');
    if (sessionTags.length > 0 && !sessionTags.includes(span.session_id)) {
      out.warn(childPath(path, 'session_id'), 'span.session_tag', `session_id ${JSON.stringify(span.session_id)} disagrees with tag session_id:${sessionTags[0] ?? ''}.`);
    }
  }
}

function validateMeta(meta: unknown, path: string, out: ViolationList): void {
  if (!isRecord(meta)) {
    out.error(path, 'meta.type', `meta must be an object, got ${describeType(meta)}.`);
    return;
  }
  const at = (key: string): string => childPath(path, key);
  let kind: string | undefined;
  const rawKind = meta['span.kind'];
  if (typeof rawKind !== 'string' || !KINDS.has(rawKind)) {
    const hint = meta.kind !== undefined ? ' (meta.kind is the public HTTP API spelling; the SDK wire key is "span.kind")' : '';
    out.error(at('span.kind'), 'meta.span_kind', `meta["span.kind"] must be one of ${SPAN_KINDS.join(', ')}, got ${describeType(rawKind)}${hint}.`);
  } else {
    kind = rawKind;
  }

  validateIO(meta.input, 'input', kind, at('input'), out);
  validateIO(meta.output, 'output', kind, at('output'), out);

  const modelKind = kind === 'llm' || kind === 'embedding';
  for (const key of ['model_name', 'model_provider'] as const) {
    const value = meta[key];
    if (value === undefined) {
      if (modelKind) out.warn(at(key), 'meta.model_missing', `${kind ?? ''} span without ${key}; dd-trace sends "custom" when unknown.`);
    } else if (typeof value !== 'string') {
      out.error(at(key), 'meta.model', `${key} must be a string, got ${describeType(value)}.`);
    } else if (kind !== undefined && !modelKind) {
      out.warn(at(key), 'meta.model_kind', `${key} is only kept on llm and embedding spans, not ${kind}.`);
    } else if (key === 'model_provider' && value !== value.toLowerCase()) {
      out.warn(at(key), 'meta.model_provider_case', `model_provider ${JSON.stringify(value)} is not lower-case; dd-trace lower-cases it.`);
    }
  }

  if (meta.metadata !== undefined) {
    if (!isRecord(meta.metadata)) {
      out.error(at('metadata'), 'meta.metadata', `metadata must be an object, got ${describeType(meta.metadata)}.`);
    } else if (isRecord(meta.metadata._dd) && meta.metadata._dd.cost_tags !== undefined) {
      const costTags = meta.metadata._dd.cost_tags;
      if (!Array.isArray(costTags) || costTags.some((t) => typeof t !== 'string')) {
        out.error(childPath(at('metadata'), '_dd'), 'meta.metadata.cost_tags', 'metadata._dd.cost_tags must be an array of strings.');
      }
    }
  }
  if (meta.tool_definitions !== undefined) validateToolDefinitions(meta.tool_definitions, at('tool_definitions'), out);
  if (meta.agent_attribution !== undefined) validateAgentAttribution(meta.agent_attribution, at('agent_attribution'), out);

  for (const key of ['error.message', 'error.type', 'error.stack'] as const) {
    if (meta[key] !== undefined && typeof meta[key] !== 'string') {
      out.error(at(key), 'meta.error', `meta["${key}"] must be a string, got ${describeType(meta[key])}.`);
    }
  }
  if (meta.error !== undefined) {
    out.warn(at('error'), 'meta.error_nested', 'meta.error is the public HTTP API shape; the SDK wire format uses flat keys meta["error.message"|"error.type"|"error.stack"].');
  }
  for (const key of Object.keys(meta)) {
    if (!META_KEYS.has(key) && key !== 'error' && key !== 'kind') {
      out.warn(at(key), 'meta.unknown_key', `Unknown meta key "${key}"; the intake ignores it.`);
    }
  }
}

function validateAgentAttribution(value: unknown, path: string, out: ViolationList): void {
  if (
    !isRecord(value) ||
    (value.pagent_name !== null && typeof value.pagent_name !== 'string') ||
    typeof value.pagent_span_id !== 'string' ||
    !isDecimalSpanId(value.pagent_span_id)
  ) {
    out.error(path, 'meta.agent_attribution', 'agent_attribution must be {pagent_name: string | null, pagent_span_id: decimal span id}.');
  }
}

function validateMetrics(metrics: unknown, path: string, out: ViolationList): void {
  if (!isRecord(metrics)) {
    out.error(path, 'span.metrics', `metrics must be an object of numbers (possibly {}), got ${describeType(metrics)}.`);
    return;
  }
  for (const [key, value] of Object.entries(metrics)) {
    const at = childPath(path, key);
    if (!isFiniteNumber(value)) {
      out.error(at, 'metric.value', `Metric "${key}" must be a finite number, got ${describeType(value)}.`);
      continue;
    }
    const alias = METRIC_ALIASES[key];
    if (alias !== undefined) out.warn(at, 'metric.alias', `Metric "${key}" is not a wire name; send "${alias}".`);
    if (key.endsWith('_tokens') && value < 0) out.warn(at, 'metric.negative', `Token count "${key}" is negative.`);
  }
}

function validateDd(dd: unknown, spanId: unknown, path: string, out: ViolationList): void {
  if (dd === undefined) {
    out.warn(path, 'span.dd_missing', 'No _dd block {span_id, trace_id, apm_trace_id, …}: the span cannot be linked to its APM trace.');
    return;
  }
  if (!isRecord(dd)) {
    out.error(path, 'span.dd', `_dd must be an object, got ${describeType(dd)}.`);
    return;
  }
  const at = (key: string): string => childPath(path, key);
  if (dd.span_id !== undefined && dd.span_id !== spanId) {
    out.warn(at('span_id'), 'span.dd_span_id', '_dd.span_id differs from span_id (dd-trace sends the same APM span id in both).');
  }
  for (const key of ['trace_id', 'apm_trace_id'] as const) {
    const value = dd[key];
    if (value !== undefined && (typeof value !== 'string' || !isHexTraceId(value))) {
      out.error(at(key), 'span.dd_trace_id', `_dd.${key} must be the APM trace id as 32 lowercase hex digits, got ${describeType(value)}.`);
    }
  }
  if (dd.sample_rate !== undefined && (typeof dd.sample_rate !== 'string' || !Number.isFinite(Number(dd.sample_rate)))) {
    out.error(at('sample_rate'), 'span.dd_sample_rate', `_dd.sample_rate must be a numeric string like "1", got ${describeType(dd.sample_rate)}.`);
  }
  if (dd.sampling_decision !== undefined && dd.sampling_decision !== '0' && dd.sampling_decision !== '1') {
    out.error(at('sampling_decision'), 'span.dd_sampling_decision', `_dd.sampling_decision must be "0" or "1", got ${describeType(dd.sampling_decision)}.`);
  }
}

function validateSpanLinks(links: unknown, path: string, out: ViolationList): void {
  if (!Array.isArray(links)) {
    out.error(path, 'span.span_links', `span_links must be an array, got ${describeType(links)}.`);
    return;
  }
  links.forEach((link, i) => {
    if (!isRecord(link) || typeof link.trace_id !== 'string' || typeof link.span_id !== 'string') {
      out.error(childPath(path, i), 'span.span_link', 'A span link must be {trace_id, span_id, attributes?}.');
    }
  });
}
