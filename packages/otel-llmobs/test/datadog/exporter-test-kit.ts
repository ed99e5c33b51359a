import { attachLLMObsSpan } from '../../src/conventions/attached-span.js';
import type { LLMObsSpan } from '../../src/conventions/model.js';
import type { LLMObsExporterOptions } from '../../src/config/resolve-exporter-config.js';
import type { ExportResult } from '../../src/sdk-shapes/export-result.js';
import type { LLMObsExporter } from '../../src/datadog/llmobs-exporter.js';
import { makeSpan } from './span-fixtures.js';

export const API_KEY = '0123456789abcdef0123456789abcdef';

/**
 * Short delays so fault tests take milliseconds, not the production seconds. Timeouts stay long:
 * they only bound a hang (tests of timeouts set their own), and a busy CI machine can take over a
 * second to post a few MiB (a 1 s request timeout once retried such a request and duplicated it).
 */
export const FAST: LLMObsExporterOptions = {
  flushIntervalMillis: 20,
  requestTimeoutMillis: 10_000,
  exportTimeoutMillis: 20_000,
  agentProbeTimeoutMillis: 500,
  retry: { initialBackoffMillis: 10, maxBackoffMillis: 50, multiplier: 2 },
};

/** ReadableSpan-shaped objects carrying an attached model, as the processor hands them over. */
export function readableSpans(count: number, overrides: Partial<LLMObsSpan> = {}, resourceAttributes: Record<string, unknown> = {}): object[] {
  const resource = { attributes: resourceAttributes };
  return Array.from({ length: count }, () => attachLLMObsSpan({ resource }, makeSpan(overrides)));
}

export function exportSpans(exporter: LLMObsExporter, spans: object[]): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(spans, resolve));
}
