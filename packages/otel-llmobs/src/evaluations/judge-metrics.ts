import type { MeterProviderLike } from './types.js';

/** Tag keys as Datadog's judge-usage metrics (spec §0), on our own metric names (we do not write `ml_obs.estimated_usage.*`). */
export interface JudgeMetricTags {
  ml_app: string;
  model_server: string;
  model_provider: string;
  model_name: string;
  evaluation_name: string;
}

export interface JudgeMetrics {
  recordCall(tags: JudgeMetricTags, inputTokens: number, outputTokens: number, durationMs: number): void;
  recordSubmitted(tags: { ml_app: string; evaluation_name: string }): void;
  recordDropped(reason: string): void;
}

const NOOP: JudgeMetrics = { recordCall() {}, recordSubmitted() {}, recordDropped() {} };

export function createJudgeMetrics(provider: MeterProviderLike | undefined, version: string): JudgeMetrics {
  if (!provider) return NOOP;
  const meter = provider.getMeter('otel-llmobs', version);
  const input = meter.createCounter('otel_llmobs.evaluations.llm.input.tokens', { description: 'Judge input tokens', unit: '{token}' });
  const output = meter.createCounter('otel_llmobs.evaluations.llm.output.tokens', { description: 'Judge output tokens', unit: '{token}' });
  const total = meter.createCounter('otel_llmobs.evaluations.llm.total.tokens', { description: 'Judge tokens', unit: '{token}' });
  const submitted = meter.createCounter('otel_llmobs.evaluations.submitted', { description: 'Evaluations submitted' });
  const dropped = meter.createCounter('otel_llmobs.evaluations.dropped', { description: 'Evaluation work dropped' });
  const duration = meter.createHistogram('otel_llmobs.evaluations.judge.duration', { description: 'Judge call duration, retries included', unit: 'ms' });
  return {
    recordCall(tags, inputTokens, outputTokens, durationMs) {
      const attributes = { ...tags };
      input.add(inputTokens, attributes);
      output.add(outputTokens, attributes);
      total.add(inputTokens + outputTokens, attributes);
      duration.record(durationMs, attributes);
    },
    recordSubmitted(tags) {
      submitted.add(1, { ...tags });
    },
    recordDropped(reason) {
      dropped.add(1, { reason });
    },
  };
}
