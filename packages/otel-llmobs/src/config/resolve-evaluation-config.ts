import type { DatadogTransportOptions, ResolvedTransportConfig } from './datadog-transport-config.js';
import { resolveTransportConfig } from './datadog-transport-config.js';
import { readBooleanEnv, readEnv } from './env.js';
import { checkBoolean, checkString, invalidConfig } from './invalid-config.js';

/** How an evaluation's join ids are written (see `EvaluationWriterOptions.idFormat`). */
export type EvaluationIdFormat = 'llmobs' | 'otlp';

export interface EvaluationWriterOptions extends DatadogTransportOptions {
  /** Default `ml_app` of evaluations (env `DD_LLMOBS_ML_APP`). Unlike spans, there is no fallback to the service. */
  mlApp?: string;
  /**
   * Add the tag `source:otel` to every evaluation (env `DD_TRACE_OTEL_ENABLED`), which tells the
   * backend to wait for the OTLP→LLM Observability conversion of the span. Only for spans that reach
   * Datadog through OTLP ingestion; spans sent by `LLMObsExporter` do not need it. Default false.
   */
  otelSource?: boolean;
  /**
   * How the joined span's ids are written: `llmobs` (default) as `LLMObsExporter` sends spans
   * (decimal span id, 32-hex trace id); `otlp` both as decimal strings, for spans that reach
   * Datadog through OTLP ingestion (use with `otelSource`).
   */
  idFormat?: EvaluationIdFormat;
}

export interface ResolvedEvaluationConfig {
  transport: ResolvedTransportConfig;
  mlApp: string | undefined;
  otelSource: boolean;
  idFormat: EvaluationIdFormat;
}

export function resolveEvaluationConfig(options: EvaluationWriterOptions = {}): ResolvedEvaluationConfig {
  return {
    transport: resolveTransportConfig(options),
    mlApp: checkString('mlApp', options.mlApp) ?? readEnv('DD_LLMOBS_ML_APP'),
    otelSource: checkBoolean('otelSource', options.otelSource) ?? readBooleanEnv(['DD_TRACE_OTEL_ENABLED']) ?? false,
    idFormat: checkIdFormat(options.idFormat),
  };
}

function checkIdFormat(value: unknown): EvaluationIdFormat {
  if (value === undefined) return 'llmobs';
  if (value !== 'llmobs' && value !== 'otlp') throw invalidConfig('idFormat', "'llmobs' or 'otlp'", value);
  return value;
}
