import type { DiagLogger } from '@opentelemetry/api';
import { diag, DiagLogLevel } from '@opentelemetry/api';

export interface CapturedLog {
  level: 'error' | 'warn' | 'info' | 'debug' | 'verbose';
  message: string;
}

/** Installs a diag logger that records every line (all levels) until `restore()`. */
export function captureDiag(): { logs: CapturedLog[]; text: () => string; restore: () => void } {
  const logs: CapturedLog[] = [];
  const record =
    (level: CapturedLog['level']) =>
    (message: string, ...args: unknown[]): void => {
      logs.push({ level, message: [message, ...args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : String(a)))].join(' ') });
    };
  const logger: DiagLogger = {
    error: record('error'),
    warn: record('warn'),
    info: record('info'),
    debug: record('debug'),
    verbose: record('verbose'),
  };
  diag.setLogger(logger, { logLevel: DiagLogLevel.ALL, suppressOverrideMessage: true });
  return {
    logs,
    text: () => logs.map((l) => `${l.level}: ${l.message}`).join('\n'),
    restore: () => diag.disable(),
  };
}

/** Every environment variable the Datadog configuration reads, blanked for a test. */
export const DATADOG_ENV_NAMES = [
  'DD_API_KEY', 'DATADOG_API_KEY', 'DD_SITE', 'DD_LLMOBS_AGENTLESS_ENABLED', 'DD_AGENTLESS_ENABLED', 'DD_TRACE_AGENT_URL', 'DD_TRACE_URL',
  'DD_AGENT_HOST', 'DD_TRACE_AGENT_HOSTNAME', 'DD_TRACE_AGENT_PORT', 'OTEL_LLMOBS_INTAKE_URL', '_DD_LLMOBS_TIMEOUT', '_DD_LLMOBS_FLUSH_INTERVAL',
  'DD_SERVICE', 'DD_SERVICE_NAME', 'OTEL_SERVICE_NAME', 'DD_ENV', 'DD_VERSION', 'DD_TAGS', 'DD_LLMOBS_ML_APP', 'DD_TRACE_OTEL_ENABLED',
] as const;
