import type { ResolvedEvaluator } from '../resolve-evaluations-config.js';
import type { Evaluator } from './evaluator.js';
import { failureToAnswerEvaluator } from './failure-to-answer.js';
import { hallucinationEvaluator } from './hallucination.js';
import { languageMismatchEvaluator } from './language-mismatch.js';
import { promptInjectionEvaluator } from './prompt-injection.js';
import type { FindingsReader } from './sensitive-data.js';
import { sensitiveDataEvaluator } from './sensitive-data.js';
import { sentimentEvaluator } from './sentiment.js';
import { topicRelevancyEvaluator } from './topic-relevancy.js';
import { toxicityEvaluator } from './toxicity.js';

export function createEvaluator(config: ResolvedEvaluator, readFindings?: FindingsReader): Evaluator {
  switch (config.label) {
    case 'topic_relevancy':
      return topicRelevancyEvaluator(config);
    case 'hallucination':
      return hallucinationEvaluator(config);
    case 'failure_to_answer':
      return failureToAnswerEvaluator(config);
    case 'language_mismatch':
      return languageMismatchEvaluator(config);
    case 'sentiment':
      return sentimentEvaluator(config);
    case 'toxicity':
      return toxicityEvaluator(config);
    case 'prompt_injection':
      return promptInjectionEvaluator(config);
    case 'sensitive_data':
      return sensitiveDataEvaluator(config, readFindings);
  }
}
