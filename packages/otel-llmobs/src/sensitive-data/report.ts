import type { LLMObsSpan, TagValue } from '../conventions/model.js';
import type { ScanMatch } from './scanner.js';

/**
 * What the scan of one span found: entity types and counts only, never the matched text (spec §7).
 * `redacted` is true when some action changed the data (`sensitive_data:redacted`), false when
 * every match was report-only (`sensitive_data:detected`).
 */
export interface SensitiveDataReport {
  count: number;
  entities: Set<string>;
  redacted: boolean;
  /** Fields whose text changed (replacements, or replaced whole). */
  redactedFields: number;
  /** Fields replaced whole because they could not be scanned. */
  unscannedFields: number;
}

export function emptyReport(): SensitiveDataReport {
  return { count: 0, entities: new Set(), redacted: false, redactedFields: 0, unscannedFields: 0 };
}

export function noteMatches(report: SensitiveDataReport, matches: readonly ScanMatch[], changed: boolean, unscanned: boolean): void {
  report.count += matches.length;
  for (const m of matches) {
    report.entities.add(m.entityType);
    if (m.action !== 'report') report.redacted = true;
  }
  if (unscanned) {
    report.unscannedFields++;
    report.entities.add('UNSCANNED');
    report.redacted = true;
  }
  if (changed) report.redactedFields++;
}

export function hasFindings(report: SensitiveDataReport): boolean {
  return report.count > 0 || report.unscannedFields > 0;
}

/** `sensitive_data:redacted|detected`, one `sensitive_data.entity:<type>` per type, `sensitive_data.count:<n>` (the LLM Observability tags). */
export function reportTags(report: SensitiveDataReport): Record<string, TagValue> {
  return {
    sensitive_data: report.redacted ? 'redacted' : 'detected',
    'sensitive_data.entity': [...report.entities].map((t) => t.toLowerCase()).sort(),
    'sensitive_data.count': String(report.count + report.unscannedFields),
  };
}

/** The OTLP form: `llmobs.sensitive_data.entities` (string array), `.count` (int), `.action`. */
export function reportAttributes(report: SensitiveDataReport): Record<string, string | number | string[]> {
  return {
    'llmobs.sensitive_data.entities': [...report.entities].sort(),
    'llmobs.sensitive_data.count': report.count + report.unscannedFields,
    'llmobs.sensitive_data.action': report.redacted ? 'redacted' : 'detected',
  };
}

// The report of each scanned model, for the derived span's OTLP attributes (which are written later, from the model).
const reports = new WeakMap<LLMObsSpan, SensitiveDataReport>();

export function rememberReport(span: LLMObsSpan, report: SensitiveDataReport): void {
  reports.set(span, report);
}

export function reportOf(span: LLMObsSpan): SensitiveDataReport | undefined {
  return reports.get(span);
}
