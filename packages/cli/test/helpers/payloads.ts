/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies and golden files are untyped JSON */
// Hand-made wire payloads for tests.
import { randomBytes } from 'node:crypto';

export function hexTraceId(): string {
  return randomBytes(16).toString('hex');
}

let nextSpanId = 1000n;
export function decimalSpanId(): string {
  nextSpanId += 1n + BigInt(Math.floor(Math.random() * 1000));
  return nextSpanId.toString();
}

export interface SpanOptions {
  trace_id?: string;
  span_id?: string;
  parent_id?: string;
  name?: string;
  kind?: string;
  ml_app?: string;
  session_id?: string;
  status?: 'ok' | 'error';
  start_ns?: number;
  duration?: number;
  input?: unknown;
  output?: unknown;
  metrics?: Record<string, unknown>;
  extraMeta?: Record<string, unknown>;
}

/** A valid span event, as dd-trace would send it. */
export function spanEvent(o: SpanOptions = {}): Record<string, any> {
  const kind = o.kind ?? 'task';
  const span_id = o.span_id ?? decimalSpanId();
  const tags = ['version:1.0.0', 'env:test', 'service:test', 'source:integration', `ml_app:${o.ml_app ?? 'test-app'}`, `error:${o.status === 'error' ? 1 : 0}`, 'language:javascript'];
  if (o.session_id) tags.push(`session_id:${o.session_id}`);
  const event: Record<string, any> = {
    trace_id: o.trace_id ?? hexTraceId(),
    span_id,
    parent_id: o.parent_id ?? 'undefined',
    name: o.name ?? `${kind}-span`,
    tags,
    start_ns: o.start_ns ?? Date.now() * 1e6,
    duration: o.duration ?? 1_500_000,
    status: o.status ?? 'ok',
    meta: {
      'span.kind': kind,
      input: o.input ?? (kind === 'llm' ? { messages: [{ role: 'user', content: 'hi' }] } : { value: 'in' }),
      output: o.output ?? (kind === 'llm' ? { messages: [{ role: 'assistant', content: 'hello' }] } : { value: 'out' }),
      ...(kind === 'llm' || kind === 'embedding' ? { model_name: 'gpt-4o', model_provider: 'openai' } : {}),
      ...o.extraMeta,
    },
    metrics: o.metrics ?? {},
    _dd: { span_id, trace_id: hexTraceId(), sample_rate: '1', sampling_decision: '1', apm_trace_id: hexTraceId() },
  };
  if (o.session_id) event.session_id = o.session_id;
  return event;
}

export function envelope(span: unknown): Record<string, unknown> {
  return { '_dd.stage': 'raw', '_dd.tracer_version': '6.21.0', event_type: 'span', spans: [span] };
}

export function spanPayload(...spans: unknown[]): string {
  return JSON.stringify(spans.map(envelope));
}

export function evalMetric(o: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event_kind: 'evaluation',
    join_on: { span: { span_id: '1234', trace_id: hexTraceId() } },
    label: 'quality',
    metric_type: 'score',
    ml_app: 'test-app',
    score_value: 0.5,
    timestamp_ms: Date.now(),
    tags: ['ml_app:test-app'],
    ...o,
  };
}

export function evalPayload(...metrics: unknown[]): string {
  return JSON.stringify({ data: { type: 'evaluation_metric', attributes: { metrics } } });
}
