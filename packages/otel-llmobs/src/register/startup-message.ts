import type { ResolvedTransportConfig } from '../config/datadog-transport-config.js';
import type { EsmHookOutcome } from './esm-hook.js';
import type { EnabledInstrumentation, InstrumentationOutcome } from './instrumentations.js';
import type { LogRecordsOutcome } from './start-log-records.js';

/** Where the exporter will send, in words, from the same resolved configuration it uses. */
export function describeDestination(config: ResolvedTransportConfig): string {
  const agentlessTo = config.intakeUrl ?? `https://llmobs-intake.${config.site}`;
  const noKey = config.intakeUrl === undefined && config.apiKey === undefined;
  if (config.agentless === true) return noKey ? 'nowhere (agentless without DD_API_KEY: nothing will be sent)' : `${agentlessTo} (agentless)`;
  if (config.agentless === false) return `the Agent at ${config.agentUrl}`;
  if (config.intakeUrl !== undefined && !config.agentUrlExplicit) return `${agentlessTo} (agentless)`;
  return `the Agent at ${config.agentUrl}${noKey ? '' : ` (else ${agentlessTo}, agentless)`}`;
}

export interface StartupSummary {
  mlApp: string | undefined;
  destination: string;
  sdk: string;
  instrumentations: InstrumentationOutcome;
  esm: EsmHookOutcome;
  /** What became of log records (undefined: nothing worth a word). */
  logRecords: string | undefined;
}

/** The one line the zero-code start prints to stderr: what it enabled, and where the spans go. */
export function startupLine(summary: StartupSummary): string {
  const { enabled, skipped, failed } = summary.instrumentations;
  const parts = [
    `ml_app ${summary.mlApp ?? '(the service name)'}`,
    `→ ${summary.destination}`,
    `instrumented: ${enabled.length === 0 ? 'none installed' : enabled.map((i) => `${i.library} (${i.pkg})`).join(', ')}`,
  ];
  if (skipped.length > 0) parts.push(`skipped: ${skipped.map((s) => `${s.pkg} (${s.reason})`).join(', ')}`);
  if (failed.length > 0) parts.push(`failed: ${failed.map((f) => `${f.pkg} (${f.error})`).join(', ')}`);
  if (!summary.esm.ok) parts.push(summary.esm.reason);
  if (summary.logRecords !== undefined) parts.push(summary.logRecords);
  parts.push(summary.sdk);
  return `otel-llmobs: LLM Observability on · ${parts.join(' · ')}`;
}

/** The startup line's word on log records: said when they are joined, and when content would be missed. */
export function describeLogRecords(outcome: LogRecordsOutcome, enabled: ReadonlyArray<Pick<EnabledInstrumentation, 'pkg' | 'contentInLogRecords'>>): string | undefined {
  if (outcome.kind === 'started') return `log records joined (${outcome.label})`;
  if (outcome.kind === 'off') return outcome.reason;
  const inRecords = enabled.filter((i) => i.contentInLogRecords).map((i) => i.pkg);
  if (inRecords.length === 0) return undefined;
  return `log records not joined: ${inRecords.join(', ')} puts prompts and completions in log records; install @opentelemetry/sdk-logs in the application`;
}
