import { vi } from 'vitest';

/** Every environment variable the processor, API and propagator read. */
export const PROCESSOR_ENV_NAMES = [
  'DD_LLMOBS_ENABLED',
  'DD_LLMOBS_ML_APP',
  'DD_LLMOBS_SAMPLE_RATE',
  'DD_SERVICE',
  'DD_SERVICE_NAME',
  'OTEL_SERVICE_NAME',
  'OTEL_LLMOBS_EXPORT_MODE',
  'OTEL_LLMOBS_VENDOR_ATTRIBUTES',
  'AWS_LAMBDA_FUNCTION_NAME',
  'DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH',
  'DD_API_KEY',
  'DATADOG_API_KEY',
  'DD_SITE',
  'DD_ENV',
  'DD_VERSION',
  'DD_TAGS',
  'DD_TRACE_AGENT_URL',
  'DD_LLMOBS_AGENTLESS_ENABLED',
  'OTEL_LLMOBS_INTAKE_URL',
  'DD_TRACE_OTEL_ENABLED',
  'OTEL_LLMOBS_SDS_ENABLED',
  'OTEL_LLMOBS_SDS_HASH_KEY',
] as const;

/** Blank them for the current test (`vi.unstubAllEnvs()` restores). */
export function blankProcessorEnv(): void {
  for (const name of PROCESSOR_ENV_NAMES) vi.stubEnv(name, '');
}
