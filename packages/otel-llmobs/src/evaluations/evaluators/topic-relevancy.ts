import type { ResolvedEvaluator } from '../resolve-evaluations-config.js';
import { TOPIC_RELEVANCY_VALUES } from '../labels.js';
import type { Evaluator } from './evaluator.js';
import { judged } from './evaluator.js';

/** Is the user's input about what the application is for? (input stage, LLM-judged) */
export function topicRelevancyEvaluator(config: ResolvedEvaluator): Evaluator<{ input: string }> {
  const topics = (config.topics ?? []).map((t) => `- ${t}`).join('\n');
  return {
    label: 'topic_relevancy',
    config,
    needsJudge: true,
    prepare(texts) {
      return texts.inputText.trim() === '' ? { ok: false, reason: 'no_input' } : { ok: true, input: { input: texts.inputText } };
    },
    async run({ input }, { askJudge }) {
      const verdict = await askJudge({
        rubric: {
          task: `Evaluation: topic_relevancy. Decide whether the user's input is within the application's intended topics:\n${topics}`,
          values: [
            ['on_topic', "the input concerns one of the intended topics (greetings and follow-ups within the conversation's topic count as on topic)"],
            ['off_topic', 'the input asks about something outside every intended topic'],
          ],
        },
        fields: [{ name: 'input', text: input }],
        values: TOPIC_RELEVANCY_VALUES,
      });
      if (!verdict) return { kind: 'failed' };
      return judged(verdict.value, verdict.value === 'off_topic', verdict);
    },
  };
}
