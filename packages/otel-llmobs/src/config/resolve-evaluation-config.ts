import type { DatadogTransportOptions, ResolvedTransportConfig } from './datadog-transport-config.js';
import { resolveTransportConfig } from './datadog-transport-config.js';
import { readBooleanEnv, readEnv } from './env.js';
import { checkBoolean, checkString } from './invalid-config.js';

/** Options of `createEvaluationWriter()`: the transport's (site, API key, agent, retries) and the default `ml_app`. */
export interface EvaluationWriterOptions extends DatadogTransportOptions {
  /** Default `ml_app` of evaluations (env `DD_LLMOBS_ML_APP`). Unlike spans, there is no fallback to the service. */
  mlApp?: string;
  /**
   * Add the tag `source:otel` to every evaluation (env `DD_TRACE_OTEL_ENABLED`), which tells the
   * backend to wait for the OTLP→LLM Observability conversion of the span. Only for spans that reach
   * Datadog through OTLP ingestion; spans sent by `LLMObsExporter` do not need it. Default false.
   */
  otelSource?: boolean;
}

export interface ResolvedEvaluationConfig {
  transport: ResolvedTransportConfig;
  mlApp: string | undefined;
  otelSource: boolean;
}

export function resolveEvaluationConfig(options: EvaluationWriterOptions = {}): ResolvedEvaluationConfig {
  return {
    transport: resolveTransportConfig(options),
    mlApp: checkString('mlApp', options.mlApp) ?? readEnv('DD_LLMOBS_ML_APP'),
    otelSource: checkBoolean('otelSource', options.otelSource) ?? readBooleanEnv(['DD_TRACE_OTEL_ENABLED']) ?? false,
  };
}
