/**
 * Golden payloads captured from dd-trace-js 6.21.0 (`../shared/golden/ddtrace-js`), and the
 * structural comparison every contract test uses: ids, timestamps and version strings differ
 * between runs (and between dd-trace and us), everything else — values *and key order* — must not.
 *
 * Reused by the API engineer's end-to-end scenario tests: build a payload however you like, then
 * `expectSamePayload(actualBody, goldenBody)` (or the `normalize*` functions for custom asserts).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Document, LLMObsSpan, Message, Prompt, SpanKind, TagValue, ToolDefinition } from '../../src/conventions/model.js';
import type { SpanEventContext } from '../../src/datadog/span-event-context.js';

export const GOLDEN_DIR: string =
  process.env.OTEL_LLMOBS_GOLDEN_DIR ?? fileURLToPath(new URL('../../../../../shared/golden/ddtrace-js/', import.meta.url));

/* eslint-disable @typescript-eslint/no-explicit-any -- golden files are untyped JSON */
export interface GoldenRequest {
  method: string;
  path: string;
  host: string;
  headers: Record<string, string>;
  body?: any;
  body_raw?: string;
  body_raw_elided?: boolean;
}

export interface GoldenFile {
  scenario: string;
  description: string;
  captured_with: { dd_trace_version: string; mode: string; env: Record<string, string> };
  notes: any;
  sdk_log: string | null;
  requests: GoldenRequest[];
}

export function listGoldenFiles(): string[] {
  return readdirSync(GOLDEN_DIR)
    .filter((f) => f.endsWith('.json') && f !== 'index.json')
    .sort();
}

export function loadGolden(file: string): GoldenFile {
  const name = file.endsWith('.json') ? file : `${file}.json`;
  return JSON.parse(readFileSync(`${GOLDEN_DIR}/${name}`, 'utf8')) as GoldenFile;
}

export const isSpanRequest = (r: GoldenRequest): boolean => r.method === 'POST' && r.path.endsWith('/api/v2/llmobs');
export const isEvaluationRequest = (r: GoldenRequest): boolean => r.method === 'POST' && r.path.endsWith('/api/intake/llm-obs/v2/eval-metric');

/** Every span event of a golden file, in the order sent. */
export function goldenSpanEvents(golden: GoldenFile): any[] {
  return golden.requests.filter(isSpanRequest).flatMap((r) => (r.body as any[]).flatMap((envelope) => envelope.spans as any[]));
}

// ---------------------------------------------------------------------------------------------
// Normalization

/** Replaces each distinct value with `<label:n>`, in order of first appearance. */
class Placeholders {
  #seen = new Map<string, string>();
  constructor(readonly label: string) {}
  of(value: string): string {
    let p = this.#seen.get(value);
    if (p === undefined) {
      p = `<${this.label}:${this.#seen.size + 1}>`;
      this.#seen.set(value, p);
    }
    return p;
  }
}

export interface Normalizer {
  spans: Placeholders;
  traces: Placeholders;
  apmTraces: Placeholders;
  /** Replace `timestamp_ms` of evaluations too (default false: tests usually pass them explicitly). */
  evaluationTimestamps: boolean;
}

export function createNormalizer(options: { evaluationTimestamps?: boolean } = {}): Normalizer {
  return {
    spans: new Placeholders('span'),
    traces: new Placeholders('trace'),
    apmTraces: new Placeholders('apm_trace'),
    evaluationTimestamps: options.evaluationTimestamps ?? false,
  };
}

/**
 * A span request body (array of envelopes) with ids, timestamps and versions replaced, and the
 * `ddtrace.version:` tag removed (we deliberately do not send it). Keeps key order.
 *
 * One deliberate difference is also normalized: dd-trace writes a *plain-string* message as
 * `{content, role: ""}` (content first) and every other message as `{role, content}`. Our model
 * cannot tell the two apart, so we always send `{role, content}`; JSON key order means nothing to
 * the intake.
 */
export function normalizeSpanPayload(body: unknown, n: Normalizer = createNormalizer()): unknown {
  return (body as any[]).map((envelope) => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(envelope as Record<string, unknown>)) {
      if (key === '_dd.tracer_version') out[key] = '<tracer_version>';
      else if (key === 'spans') out[key] = (value as any[]).map((e) => normalizeSpanEvent(e, n));
      else out[key] = value;
    }
    return out;
  });
}

export function normalizeSpanEvent(event: any, n: Normalizer = createNormalizer()): unknown {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event as Record<string, unknown>)) {
    switch (key) {
      case 'trace_id':
        out[key] = n.traces.of(value as string);
        break;
      case 'span_id':
        out[key] = n.spans.of(value as string);
        break;
      case 'parent_id':
        out[key] = value === 'undefined' ? value : n.spans.of(value as string);
        break;
      case 'start_ns':
      case 'duration':
        out[key] = '<ns>';
        break;
      case 'tags':
        out[key] = (value as string[]).filter((t) => !t.startsWith('ddtrace.version:'));
        break;
      case 'meta':
        out[key] = normalizeMeta(value as Record<string, unknown>, n);
        break;
      case '_dd': {
        const dd = value as Record<string, string>;
        const ddOut: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(dd)) {
          if (k === 'span_id') ddOut[k] = n.spans.of(v);
          else if (k === 'trace_id' || k === 'apm_trace_id') ddOut[k] = n.apmTraces.of(v);
          else ddOut[k] = v;
        }
        out[key] = ddOut;
        break;
      }
      default:
        out[key] = value;
    }
  }
  return out;
}

function normalizeMeta(meta: Record<string, unknown>, n: Normalizer): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(meta)) {
    if ((key === 'input' || key === 'output') && value && typeof value === 'object') {
      const io = { ...(value as Record<string, unknown>) };
      if (Array.isArray(io.messages)) io.messages = io.messages.map(normalizeMessageOrder);
      out[key] = io;
    } else if (key === 'agent_attribution' && value && typeof value === 'object') {
      const a = value as { pagent_name: unknown; pagent_span_id: string };
      out[key] = { ...a, pagent_span_id: n.spans.of(a.pagent_span_id) };
    } else {
      out[key] = value;
    }
  }
  return out;
}

function normalizeMessageOrder(message: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(message);
  if (keys.length === 2 && keys[0] === 'content' && keys[1] === 'role' && message.role === '') {
    return { role: '', content: message.content };
  }
  return message;
}

/** An eval-metric request body with ids (and optionally timestamps) replaced, without `ddtrace.version`. */
export function normalizeEvaluationPayload(body: any, n: Normalizer = createNormalizer()): unknown {
  const metrics = (body.data.attributes.metrics as any[]).map((m) => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(m as Record<string, unknown>)) {
      if (key === 'join_on' && (value as any).span) {
        const s = (value as any).span;
        out[key] = { span: { span_id: n.spans.of(s.span_id), trace_id: n.traces.of(s.trace_id) } };
      } else if (key === 'timestamp_ms' && n.evaluationTimestamps) out[key] = '<ms>';
      else if (key === 'tags') out[key] = (value as string[]).filter((t) => !t.startsWith('ddtrace.version:'));
      else out[key] = value;
    }
    return out;
  });
  return { data: { type: body.data.type, attributes: { metrics } } };
}

/**
 * Shape checks the normalization hides: ids have the wire formats (decimal uint64 span ids, 32-hex
 * trace ids), `_dd.span_id` equals `span_id`, `_dd.trace_id` equals `_dd.apm_trace_id`, timestamps are
 * non-negative numbers, and every `parent_id` names a span of the same trace in the payload (or is
 * `"undefined"`). Returns the problems found (empty: fine).
 */
export function checkSpanPayloadShape(body: unknown, options: { parentsInPayload?: boolean } = {}): string[] {
  const problems: string[] = [];
  const events = (body as any[]).flatMap((e) => e.spans as any[]);
  const byId = new Map<string, any>(events.map((e) => [e.span_id as string, e]));
  for (const e of events) {
    const where = `span ${String(e.name)}`;
    if (!isDecimalU64(e.span_id)) problems.push(`${where}: span_id ${String(e.span_id)} is not a decimal uint64`);
    if (e.parent_id !== 'undefined' && !isDecimalU64(e.parent_id)) problems.push(`${where}: parent_id ${String(e.parent_id)} is not a decimal uint64`);
    if (!/^[0-9a-f]{32}$/.test(e.trace_id)) problems.push(`${where}: trace_id ${String(e.trace_id)} is not 32 lowercase hex`);
    if (e._dd?.span_id !== e.span_id) problems.push(`${where}: _dd.span_id differs from span_id`);
    if (!/^[0-9a-f]{32}$/.test(e._dd?.trace_id) || e._dd?.trace_id !== e._dd?.apm_trace_id) problems.push(`${where}: _dd trace ids malformed`);
    if (typeof e.start_ns !== 'number' || e.start_ns < 0 || !Number.isInteger(e.start_ns)) problems.push(`${where}: start_ns not an integer`);
    if (typeof e.duration !== 'number' || e.duration < 0 || !Number.isInteger(e.duration)) problems.push(`${where}: duration not an integer`);
    const attribution = e.meta?.agent_attribution;
    if (attribution && !isDecimalU64(attribution.pagent_span_id)) problems.push(`${where}: pagent_span_id not decimal`);
    if (options.parentsInPayload !== false && e.parent_id !== 'undefined') {
      const parent = byId.get(e.parent_id);
      if (!parent) problems.push(`${where}: parent ${String(e.parent_id)} not in payload`);
      else if (parent.trace_id !== e.trace_id) problems.push(`${where}: parent is in another trace`);
    }
  }
  return problems;
}

function isDecimalU64(value: unknown): boolean {
  return typeof value === 'string' && /^(0|[1-9][0-9]{0,19})$/.test(value) && BigInt(value) < 2n ** 64n;
}

/**
 * Asserts structural equality *including key order* (compared as re-serialized JSON after
 * normalization), with a readable `toEqual` diff first when values differ.
 */
export function expectSamePayload(actual: unknown, golden: unknown, kind: 'spans' | 'evaluations' = 'spans'): void {
  const normalize = kind === 'spans' ? normalizeSpanPayload : normalizeEvaluationPayload;
  const a = normalize(actual);
  const g = normalize(golden);
  expect(a).toEqual(g);
  expect(JSON.stringify(a)).toBe(JSON.stringify(g));
}

// ---------------------------------------------------------------------------------------------
// Golden span event → canonical model (round trip), so the encoder can be contract-tested alone.

export const decimalToHex16 = (decimal: string): string => BigInt(decimal).toString(16).padStart(16, '0');

const PROMPT_TAG = 'prompt_tracking_instrumentation_method:annotated';

/**
 * The `LLMObsSpan` (and service identity) that should encode to this golden event. Defaults the
 * encoder fills in (`custom` model name/provider, empty `env:`) are left unset here, so the round
 * trip exercises them.
 */
export function goldenEventToSpan(event: any): { span: LLMObsSpan; ctx: SpanEventContext } {
  const tags = event.tags as string[];
  const versionAt = tags.findIndex((t) => t.startsWith('version:'));
  const languageAt = tags.indexOf('language:javascript');
  const tagValue = (key: string): string | undefined => {
    const t = tags.find((x) => x.startsWith(`${key}:`));
    return t === undefined ? undefined : t.slice(key.length + 1);
  };
  const ctx: SpanEventContext = {
    ddTags: tags.slice(0, versionAt).map((t) => splitTag(t)),
    version: tagValue('version'),
    env: tagValue('env') || undefined,
    service: tagValue('service'),
  };

  const meta = event.meta as Record<string, any>;
  const kind = meta['span.kind'] as SpanKind;
  const userTags: Record<string, TagValue> = {};
  for (const t of tags.slice(languageAt + 1)) {
    if (t.startsWith('error_type:') || t.startsWith('session_id:')) continue;
    if (t === PROMPT_TAG && meta.input?.prompt) continue;
    const [key, value] = splitTag(t);
    const existing = userTags[key];
    if (existing === undefined) userTags[key] = value;
    else userTags[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }

  const start = event.start_ns as number;
  const seconds = Math.floor(start / 1e9);
  const span: LLMObsSpan = {
    kind,
    name: event.name,
    status: event.status,
    input: ioFromWire(meta.input, kind, 'input'),
    output: ioFromWire(meta.output, kind, 'output'),
    metadata: meta.metadata ?? {},
    metrics: event.metrics,
    tags: userTags,
    sources: [],
    collectionErrors: (event.collection_errors ?? []).filter((e: string) => e !== 'dropped_io'),
    traceId: event.trace_id,
    apmTraceId: event._dd.apm_trace_id === event.trace_id ? undefined : event._dd.apm_trace_id,
    spanId: decimalToHex16(event.span_id),
    startTime: [seconds, Math.round(start - seconds * 1e9)],
    durationNs: event.duration,
    mlApp: tagValue('ml_app') ?? '',
    sampling: { rate: Number(event._dd.sample_rate), decision: event._dd.sampling_decision === '1' },
  };
  if (event.parent_id !== 'undefined') span.parentId = decimalToHex16(event.parent_id);
  if (event.session_id) span.sessionId = event.session_id;
  if (meta.model_name && meta.model_name !== 'custom') span.modelName = meta.model_name;
  if (meta.model_provider && meta.model_provider !== 'custom') span.modelProvider = meta.model_provider;
  if (meta.tool_definitions) span.toolDefinitions = meta.tool_definitions as ToolDefinition[];
  if (meta.agent_attribution) {
    span.agentAttribution = { spanId: decimalToHex16(meta.agent_attribution.pagent_span_id) };
    if (meta.agent_attribution.pagent_name != null) span.agentAttribution.name = meta.agent_attribution.pagent_name;
  }
  if (event.status === 'error' || meta['error.message'] !== undefined) {
    span.error = {};
    if (meta['error.message'] !== undefined) span.error.message = meta['error.message'];
    if (meta['error.type'] !== undefined) span.error.type = meta['error.type'];
    if (meta['error.stack'] !== undefined) span.error.stack = meta['error.stack'];
  }
  return { span, ctx };
}

function splitTag(tag: string): [string, string] {
  const colon = tag.indexOf(':');
  return colon === -1 ? [tag, ''] : [tag.slice(0, colon), tag.slice(colon + 1)];
}

function ioFromWire(io: any, kind: SpanKind, side: 'input' | 'output'): LLMObsSpan['input'] {
  const out: LLMObsSpan['input'] = {};
  if (!io) return out;
  if (io.value !== undefined) out.value = io.value;
  if (io.documents) out.documents = (io.documents as any[]).map((d) => ({ ...d }) as Document);
  if (io.messages) out.messages = (io.messages as any[]).map(messageFromWire);
  if (io.prompt && side === 'input' && kind === 'llm') out.prompt = promptFromWire(io.prompt);
  return out;
}

function messageFromWire(m: any): Message {
  const msg: Message = { role: m.role };
  if (m.content !== undefined) msg.content = m.content;
  if (m.tool_calls) {
    msg.toolCalls = (m.tool_calls as any[]).map((c) => ({ name: c.name, arguments: c.arguments, toolId: c.tool_id, type: c.type }));
  }
  if (m.tool_results) {
    msg.toolResults = (m.tool_results as any[]).map((r) => ({ result: r.result, toolId: r.tool_id, name: r.name, type: r.type }));
  }
  if (m.tool_id !== undefined) msg.toolId = m.tool_id;
  const media = (parts: any[]) => parts.map((p) => ({ mimeType: p.mime_type, content: p.content, attachmentKey: p.attachment_key }));
  if (m.image_parts) msg.imageParts = media(m.image_parts);
  if (m.audio_parts) msg.audioParts = media(m.audio_parts);
  return msg;
}

function promptFromWire(p: any): Prompt {
  const prompt: Prompt = {};
  // The default id is `<ml_app>_unnamed-prompt`: leave it unset so the encoder's default is tested.
  if (p.id !== undefined && !String(p.id).endsWith('_unnamed-prompt')) prompt.id = p.id;
  if (p.version !== undefined) prompt.version = p.version;
  if (p.prompt_uuid !== undefined) prompt.promptUuid = p.prompt_uuid;
  if (p.prompt_version_uuid !== undefined) prompt.promptVersionUuid = p.prompt_version_uuid;
  if (p.variables !== undefined) prompt.variables = p.variables;
  if (p.template !== undefined) prompt.template = p.template;
  if (p.chat_template !== undefined) prompt.chatTemplate = p.chat_template;
  if (p.tags !== undefined) prompt.tags = p.tags;
  const isDefault = (keys: unknown, dflt: string): boolean => Array.isArray(keys) && keys.length === 1 && keys[0] === dflt;
  if (!isDefault(p._dd_context_variable_keys, 'context')) prompt.contextVariableKeys = p._dd_context_variable_keys;
  if (!isDefault(p._dd_query_variable_keys, 'question')) prompt.queryVariableKeys = p._dd_query_variable_keys;
  return prompt;
}

/** Golden evaluation metric → our `submit` arguments (join by span, explicit timestamp). */
export function goldenMetricToEvaluation(metric: any, defaultMlApp: string): { join: { traceId: string; spanId: string }; options: Record<string, unknown> } {
  const tags: Record<string, string> = {};
  for (const t of (metric.tags as string[]).filter((x) => !x.startsWith('ddtrace.version:') && !x.startsWith('ml_app:'))) {
    const [key, value] = splitTag(t);
    tags[key] = value;
  }
  const options: Record<string, unknown> = {
    label: metric.label,
    metricType: metric.metric_type,
    value: metric[`${String(metric.metric_type)}_value`],
    timestampMs: metric.timestamp_ms,
  };
  if (Object.keys(tags).length > 0) options.tags = tags;
  if (metric.ml_app !== defaultMlApp) options.mlApp = metric.ml_app;
  for (const key of ['reasoning', 'metadata', 'assessment']) if (metric[key] !== undefined) options[key] = metric[key];
  return { join: { traceId: metric.join_on.span.trace_id, spanId: metric.join_on.span.span_id }, options };
}
/* eslint-enable @typescript-eslint/no-explicit-any */
