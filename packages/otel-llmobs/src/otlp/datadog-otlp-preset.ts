import { checkString, invalidConfig } from '../config/invalid-config.js';
import { readEnv, readFirstEnv } from '../config/env.js';

/**
 * Settings for a stock OTLP exporter that sends straight to Datadog's OTLP intake, where LLM spans
 * are converted to LLM Observability server-side (spec datadog-intake §8):
 * `https://otlp.<site>/v1/traces`, `http/protobuf`, headers `dd-api-key`, `dd-otlp-source: llmobs`
 * and `dd-ml-app`. Pass the result to `@opentelemetry/exporter-trace-otlp-proto`'s
 * `OTLPTraceExporter`; this package does not depend on an OTLP exporter itself.
 *
 * The returned object holds the API key in `headers`: do not log it.
 */
export interface DatadogOtlpOptions {
  /** Default `DD_SITE`, then `datadoghq.com`. */
  site?: string;
  /** Default `DD_API_KEY` / `DATADOG_API_KEY`. */
  apiKey?: string;
  /** Default `DD_LLMOBS_ML_APP`; without one Datadog uses the root span's `service.name`. */
  mlApp?: string;
  /** Overrides the URL entirely (a proxy, or a Collector in front of Datadog). */
  url?: string;
}

/** The URL and headers to give an OTLP/HTTP trace exporter for Datadog's OTLP intake. */
export interface DatadogOtlpExporterConfig {
  url: string;
  headers: Record<string, string>;
}

/**
 * The URL and headers for Datadog's OTLP trace intake (docs/otlp.md), from `options` or the
 * environment (`DD_SITE`, `DD_API_KEY`, `DD_LLMOBS_ML_APP`). Throws a `TypeError` without an API key.
 *
 * @example
 * ```ts
 * import { datadogOtlpExporterConfig, LLMObsSpanProcessor } from 'otel-llmobs';
 *
 * const exporter = new OTLPTraceExporter(datadogOtlpExporterConfig({ mlApp: 'support-bot' }));
 * new NodeTracerProvider({ spanProcessors: [new LLMObsSpanProcessor({ exporter })] }).register();
 * ```
 */
export function datadogOtlpExporterConfig(options: DatadogOtlpOptions = {}): DatadogOtlpExporterConfig {
  const site = (checkString('site', options.site) ?? readEnv('DD_SITE') ?? 'datadoghq.com').toLowerCase();
  const apiKey = checkString('apiKey', options.apiKey, { secret: true }) ?? readFirstEnv(['DD_API_KEY', 'DATADOG_API_KEY'])?.value;
  if (apiKey === undefined) {
    throw invalidConfig('apiKey', 'a Datadog API key (option apiKey or DD_API_KEY)', undefined);
  }
  const mlApp = checkString('mlApp', options.mlApp) ?? readEnv('DD_LLMOBS_ML_APP');
  const url = checkString('url', options.url) ?? `https://otlp.${site}/v1/traces`;
  const headers: Record<string, string> = { 'dd-api-key': apiKey, 'dd-otlp-source': 'llmobs' };
  if (mlApp !== undefined) headers['dd-ml-app'] = mlApp;
  return { url, headers };
}
