/**
 * The processor's metrics stage: one call per exported LLM Observability span, after the user
 * hooks (what is measured is what is exported). Built from the processor's options and the
 * environment; `undefined` when metrics are turned off.
 */
import type { MeterProvider } from '@opentelemetry/api';
import type { LLMObsSpan } from '../conventions/model.js';
import { readBooleanEnv } from '../config/env.js';
import { invalidConfig } from '../config/invalid-config.js';
import type { LLMMetricsOptions, LLMMetricsStats } from './llm-metrics.js';
import { LLMMetricsRecorder } from './llm-metrics.js';

/** Attribute keys that name the model a request asked for, by convention. */
const REQUEST_MODEL_KEYS = ['gen_ai.request.model', 'ai.model.id', 'llm.request.model'];

interface SpanWithAttributes {
  attributes: Readonly<Record<string, unknown>>;
}

export interface MetricsStage {
  record(llmobs: LLMObsSpan, source?: SpanWithAttributes): void;
  readonly stats: LLMMetricsStats;
  readonly recorder: LLMMetricsRecorder;
}

export function createMetricsStage(meterProvider: MeterProvider | undefined, options: LLMMetricsOptions | undefined): MetricsStage | undefined {
  if (options !== undefined && (options === null || typeof options !== 'object')) throw invalidConfig('metrics', 'an object', options);
  if (options?.enabled !== undefined && typeof options.enabled !== 'boolean') throw invalidConfig('metrics.enabled', 'a boolean', options.enabled);
  const enabled = options?.enabled ?? readBooleanEnv(['OTEL_LLMOBS_METRICS_ENABLED']) ?? true;
  if (!enabled) return undefined;
  const recorder = new LLMMetricsRecorder(meterProvider, options);
  return {
    recorder,
    get stats() {
      return recorder.stats;
    },
    record(llmobs, source) {
      recorder.record(llmobs, source && requestModelOf(source.attributes));
    },
  };
}

function requestModelOf(attributes: Readonly<Record<string, unknown>>): string | undefined {
  for (const key of REQUEST_MODEL_KEYS) {
    const value = attributes[key];
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return undefined;
}
