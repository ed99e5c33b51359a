// `otel-llmobs dev --evaluations`: one evaluation runner for everything the dev intake stores (span
// events from dd-trace SDKs and otel-llmobs, and OTLP traces once mapped), writing its results into
// the same store.
import type { EvaluationsOptions } from 'otel-llmobs';
import { createEvaluationRunner } from 'otel-llmobs';
import type { IngestOutcome } from './ingest.js';
import type { DevStore } from './store/dev-store.js';
import { createDevStoreEvaluationWriter, DEV_EVALUATIONS_PATH } from './evaluation-writer.js';
import { describeEvaluations } from '../evaluations/evaluations-file.js';
import { wireSpanToModel } from './wire-span-model.js';

export interface DevEvaluations {
  readonly description: string;
  /** Offers the spans an ingest stored (evaluations, and our own results, are not evaluated). */
  onIngest(outcome: IngestOutcome): void;
  shutdown(): Promise<void>;
}

export function startDevEvaluations(store: DevStore, options: EvaluationsOptions, onStored: (outcome: IngestOutcome) => void): DevEvaluations {
  const writer = createDevStoreEvaluationWriter(store, onStored);
  const runner = createEvaluationRunner({ ...options, writer });
  return {
    description: describeEvaluations(options),
    onIngest(outcome) {
      if (outcome.kind !== 'spans' || outcome.request.path === DEV_EVALUATIONS_PATH) return;
      for (const event of outcome.stored.spans) {
        const span = wireSpanToModel(event);
        if (span) runner.offer(span);
      }
    },
    shutdown: () => runner.shutdown(),
  };
}
