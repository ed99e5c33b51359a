import type { ResolvedEvaluator } from '../resolve-evaluations-config.js';
import { SENTIMENT_VALUES } from '../labels.js';
import type { BothSides, Evaluator } from './evaluator.js';
import { bothSidesFields, judged, prepareBothSides } from './evaluator.js';

/** The exchange's overall sentiment, weighted to the user's side (mood, satisfaction). One call sees both sides. */
export function sentimentEvaluator(config: ResolvedEvaluator): Evaluator<BothSides> {
  return {
    label: 'sentiment',
    config,
    needsJudge: true,
    prepare: prepareBothSides,
    async run(sides, { askJudge }) {
      const side = { type: 'string', enum: [...SENTIMENT_VALUES] };
      const fields = bothSidesFields(sides);
      const verdict = await askJudge({
        rubric: {
          task: "Evaluation: sentiment. Judge the sentiment of the user's input and of the output, then the exchange's overall sentiment, weighted to the user's side (their mood and satisfaction). A missing side is neutral.",
          values: [
            ['positive', 'pleased, grateful, enthusiastic'],
            ['neutral', 'factual or mixed, no clear feeling'],
            ['negative', 'frustrated, angry, sad, dissatisfied'],
          ],
        },
        fields,
        values: SENTIMENT_VALUES,
        extraSchema: { input_sentiment: side, output_sentiment: side },
      });
      if (!verdict) return { kind: 'failed' };
      const metadata: Record<string, unknown> = {};
      if (typeof verdict.raw.input_sentiment === 'string' && (SENTIMENT_VALUES as readonly string[]).includes(verdict.raw.input_sentiment)) metadata.input_sentiment = verdict.raw.input_sentiment;
      if (typeof verdict.raw.output_sentiment === 'string' && (SENTIMENT_VALUES as readonly string[]).includes(verdict.raw.output_sentiment)) metadata.output_sentiment = verdict.raw.output_sentiment;
      return judged(verdict.value, verdict.value === 'negative', verdict, metadata);
    },
  };
}
