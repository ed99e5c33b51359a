// LLM metrics from what the dev intake stored: span events and evaluations as they arrived on the
// wire (from dd-trace SDKs, LLMObsExporter, or the OTLP route), so every route is measured once.
import type { LLMMetricsRecorder, MetricSpan, SpanKind } from 'otel-llmobs';
import { SPAN_KINDS } from 'otel-llmobs';
import type { WireEvaluationMetric, WireSpanEvent } from '../shared/wire.js';
import { tagValue } from './store/span-columns.js';

export function recordStored(recorder: LLMMetricsRecorder, stored: { spans: readonly WireSpanEvent[]; evaluations: readonly WireEvaluationMetric[] }): void {
  for (const event of stored.spans) {
    const span = metricSpanOf(event);
    if (span) recorder.record(span);
  }
  for (const e of stored.evaluations) {
    recorder.recordEvaluation({
      label: e.label,
      value: e.categorical_value ?? e.boolean_value ?? e.score_value,
      ...(e.assessment ? { assessment: e.assessment } : {}),
      mlApp: e.ml_app,
    });
  }
}

function metricSpanOf(event: WireSpanEvent): MetricSpan | undefined {
  const kind = event.meta['span.kind'];
  if (!(SPAN_KINDS as readonly string[]).includes(kind)) return undefined;
  const span: MetricSpan = {
    kind: kind as SpanKind,
    status: event.status,
    durationNs: event.duration,
    mlApp: tagValue(event.tags, 'ml_app') ?? 'unknown',
    metrics: event.metrics,
  };
  if (event.meta.model_name) span.modelName = event.meta.model_name;
  if (event.meta.model_provider) span.modelProvider = event.meta.model_provider;
  if (event.meta['error.type'] !== undefined) span.error = { type: event.meta['error.type'] };
  return span;
}
