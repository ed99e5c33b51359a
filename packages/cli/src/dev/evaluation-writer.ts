// Evaluations computed by `otel-llmobs dev --evaluations` go straight into the dev store, validated
// like any evaluation an app sends (the same `ingestEvaluations`), and are printed the same way.
import type { EvaluationJoin, EvaluationOptions, EvaluationWriter, IntakeWriterStats } from 'otel-llmobs';
import { encodeEvaluation, encodeEvaluationPayload, validateEvaluation } from 'otel-llmobs';
import type { IngestOutcome } from './ingest.js';
import { ingestEvaluations } from './ingest.js';
import type { DevStore } from './store/dev-store.js';

export const DEV_EVALUATIONS_PATH = '(otel-llmobs dev --evaluations)';

export function createDevStoreEvaluationWriter(store: DevStore, onIngest?: (outcome: IngestOutcome) => void): EvaluationWriter {
  let sent = 0;
  let closed = false;
  return {
    submit(evaluation: EvaluationOptions, join: EvaluationJoin): void {
      if (closed) return;
      const metric = encodeEvaluation(validateEvaluation(join, evaluation));
      const outcome = ingestEvaluations(store, { method: 'POST', path: DEV_EVALUATIONS_PATH, body: encodeEvaluationPayload([metric]) });
      sent += outcome.stored.evaluations.length;
      onIngest?.(outcome);
    },
    forceFlush: () => Promise.resolve(),
    shutdown() {
      closed = true;
      return Promise.resolve();
    },
    getStats: (): IntakeWriterStats => ({ sent, dropped: {}, retries: 0, requests: sent, bytesSent: 0, queued: 0, queuedBytes: 0, inFlight: 0, route: 'agent' }), // the dev intake plays the Agent
  };
}
