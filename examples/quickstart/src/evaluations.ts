// Datadog's managed evaluations, computed in the app by otel-llmobs and submitted beside the spans
// (docs/evaluations.md). The judge is the fake OpenAI server (deterministic, no key), or the real
// OpenAI when OPENAI_API_KEY is set.
import type { EvaluationsOptions } from 'otel-llmobs';

export function quickstartEvaluations(fakeOpenAIUrl: string, env: NodeJS.ProcessEnv): { options: EvaluationsOptions; judge: string } {
  const realJudge = typeof env.OPENAI_API_KEY === 'string' && env.OPENAI_API_KEY.trim() !== '';
  return {
    judge: realJudge ? 'OpenAI gpt-4o-mini (OPENAI_API_KEY)' : 'the fake OpenAI server (deterministic)',
    options: {
      // The real OpenAI reads OPENAI_API_KEY itself; the fake needs its URL (and any key).
      judge: realJudge ? { provider: 'openai', model: 'gpt-4o-mini', baseURL: 'https://api.openai.com/v1' } : { provider: 'openai', apiKey: 'sk-quickstart-fake', baseURL: `${fakeOpenAIUrl}/v1` },
      evaluators: {
        topic_relevancy: { topics: ['travel in France: cities, sights, transport, food and weather'] },
        failure_to_answer: {},
        language_mismatch: {},
        sentiment: {},
        toxicity: {},
        hallucination: { unsupportedClaims: true },
        prompt_injection: {},
      },
    },
  };
}
