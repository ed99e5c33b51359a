import { diag } from '@opentelemetry/api';
import type { EvaluationWriterOptions } from '../config/resolve-evaluation-config.js';
import { resolveEvaluationConfig } from '../config/resolve-evaluation-config.js';
import type { EvaluationJoin, EvaluationOptions } from './encode-evaluation.js';
import { encodeEvaluation, encodeEvaluationPayload, validateEvaluation } from './encode-evaluation.js';
import { createIntakeRouter } from './intake-route.js';
import type { IntakeWriterStats } from './intake-writer.js';
import { IntakeWriter } from './intake-writer.js';
import { stringifyAscii } from './json-ascii.js';
import { MAX_PAYLOAD_BYTES } from './span-envelope.js';

/** Batches evaluation metrics to the eval-metric endpoint, like the span exporter does spans. */
export interface EvaluationWriter {
  /**
   * Validate and queue one evaluation. Throws synchronously (dd-trace's messages) when the
   * evaluation is invalid; never throws for delivery problems, which are counted and logged once.
   */
  submit(evaluation: EvaluationOptions, join: EvaluationJoin): void;
  /** Sends everything queued; waits for in-flight requests and retries, up to the export timeout. */
  forceFlush(): Promise<void>;
  /** Flushes, then stops; idempotent. Later submissions are validated, then dropped (`shutdown`). */
  shutdown(): Promise<void>;
  getStats(): IntakeWriterStats;
}

const logger = diag.createComponentLogger({ namespace: 'otel-llmobs/datadog' });

/**
 * All pending metrics go in one request every flush interval (1 s), as dd-trace does, split only
 * if a request would exceed 5 MiB. Same routing, transport, retries and limits as `LLMObsExporter`.
 */
export function createEvaluationWriter(options: EvaluationWriterOptions = {}): EvaluationWriter {
  const config = resolveEvaluationConfig(options);
  const writer = new IntakeWriter({
    what: 'evaluation metrics',
    config: config.transport,
    router: createIntakeRouter(config.transport),
    target: (route) => route.evaluations,
    wrap: encodeEvaluationPayload,
    maxPayloadBytes: MAX_PAYLOAD_BYTES,
    logger,
  });
  const defaults = { mlApp: config.mlApp, otelSource: config.otelSource, idFormat: config.idFormat };
  const emptyPayloadBytes = encodeEvaluationPayload([]).length;

  return {
    submit(evaluation, join) {
      const encoded = stringifyAscii(encodeEvaluation(validateEvaluation(join, evaluation, defaults)));
      if (encoded.length + emptyPayloadBytes > MAX_PAYLOAD_BYTES) {
        throw new Error('evaluation metric is larger than the 5 MB request limit. Evaluation metric data will not be sent');
      }
      writer.enqueue(encoded);
    },
    forceFlush: () => writer.forceFlush(),
    shutdown: () => writer.shutdown(),
    getStats: () => writer.stats(),
  };
}
