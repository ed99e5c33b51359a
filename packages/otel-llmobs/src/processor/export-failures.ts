import type { DiagLogger } from '@opentelemetry/api';

/** Logs the first failure as a warning, the rest at debug level (they are counted in `stats().failed`). */
export class FailureReporter {
  #warned = false;
  constructor(readonly logger: DiagLogger) {}

  report(error: Error): void {
    if (this.#warned) {
      this.logger.debug(`export failed: ${error.message}`);
      return;
    }
    this.#warned = true;
    this.logger.warn(`export failed: ${error.message} (further failures are logged at debug level and counted in processor.stats().failed)`);
  }
}

export function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
