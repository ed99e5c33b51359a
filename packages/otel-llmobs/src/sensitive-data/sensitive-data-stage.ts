import { diag } from '@opentelemetry/api';
import { resolveSensitiveDataSettings } from '../config/resolve-sensitive-data-config.js';
import type { LLMObsSpan } from '../conventions/model.js';
import type { SensitiveDataOptions } from '../config/sensitive-data-options.js';
import type { SensitiveDataReport } from './report.js';
import { emptyReport, hasFindings, rememberReport, reportTags } from './report.js';
import { scanModel } from './scan-model.js';
import { SensitiveDataScanner } from './scanner.js';
import type { SensitiveDataStats } from './stats.js';

const logger = diag.createComponentLogger({ namespace: 'otel-llmobs/sensitive-data' });

/**
 * The processor's sensitive-data stage: after the user hooks, before queueing. One call takes the
 * model and returns the redacted one (or `undefined`: the span could not be scanned and is dropped,
 * fail closed), so it can move with the rest of the deferred pipeline as a unit.
 */
export class SensitiveDataStage {
  readonly #scanner: SensitiveDataScanner;
  readonly #stats: SensitiveDataStats = { sdsScannedSpans: 0, sdsMatches: 0, sdsRedactedFields: 0, sdsUnscannedFields: 0 };
  #failureLogged = false;

  /** `undefined` when scanning is off (`enabled: false`, `OTEL_LLMOBS_SDS_ENABLED=false`): spans pass through byte for byte. */
  static create(options: SensitiveDataOptions | undefined): SensitiveDataStage | undefined {
    const settings = resolveSensitiveDataSettings(options);
    return settings.enabled ? new SensitiveDataStage(new SensitiveDataScanner(settings)) : undefined;
  }

  private constructor(scanner: SensitiveDataScanner) {
    this.#scanner = scanner;
  }

  scan(span: LLMObsSpan): LLMObsSpan | undefined {
    this.#stats.sdsScannedSpans++;
    const report = emptyReport();
    let out: LLMObsSpan;
    try {
      out = scanModel(span, this.#scanner, report);
    } catch (e) {
      // Only a hostile value (a throwing getter in annotated metadata) gets here: nothing of the span is sent.
      this.#stats.sdsUnscannedFields++;
      if (!this.#failureLogged) {
        this.#failureLogged = true;
        logger.error(`a span could not be scanned for sensitive data and is dropped (fail closed); further failures are only counted: ${e instanceof Error ? e.name : typeof e}`);
      }
      return undefined;
    }
    this.#count(report);
    if (!hasFindings(report)) return out;
    if (out === span) out = { ...span };
    out.tags = { ...out.tags, ...reportTags(report) };
    rememberReport(out, report);
    return out;
  }

  /** The scanner, for the derived spans of a non-Datadog exporter (`processor/sensitive-data-writer.ts`). */
  get scanner(): SensitiveDataScanner {
    return this.#scanner;
  }

  /** Counts findings made outside the model (on a derived span). */
  count(report: SensitiveDataReport): void {
    this.#count(report);
  }

  stats(): SensitiveDataStats {
    return { ...this.#stats };
  }

  #count(report: SensitiveDataReport): void {
    this.#stats.sdsMatches += report.count;
    this.#stats.sdsRedactedFields += report.redactedFields;
    this.#stats.sdsUnscannedFields += report.unscannedFields;
  }
}
