/**
 * The eight evaluators, their labels and their categorical values (spec evaluations.md §1.3). These
 * strings are public: dashboards and monitors key on them, and golden tests freeze them.
 */

export const EVALUATOR_LABELS = [
  'topic_relevancy',
  'hallucination',
  'failure_to_answer',
  'language_mismatch',
  'sentiment',
  'toxicity',
  'prompt_injection',
  'sensitive_data',
] as const;

export type EvaluatorLabel = (typeof EVALUATOR_LABELS)[number];

export function isEvaluatorLabel(value: unknown): value is EvaluatorLabel {
  return typeof value === 'string' && (EVALUATOR_LABELS as readonly string[]).includes(value);
}

/** How a value is decided: the `evaluation_method` tag. */
export type EvaluationMethod = 'llm' | 'model' | 'rules';

export const TOPIC_RELEVANCY_VALUES = ['on_topic', 'off_topic'] as const;
export const HALLUCINATION_VALUES = ['contradiction', 'unsupported_claim', 'no_hallucination'] as const;
/** Datadog's five categories in table order, then the passing value. */
export const FAILURE_TO_ANSWER_CATEGORIES = [
  'empty_code_response',
  'empty_response',
  'no_content_response',
  'redirection_response',
  'refusal_response',
] as const;
export type FailureToAnswerCategory = (typeof FAILURE_TO_ANSWER_CATEGORIES)[number];
export const FAILURE_TO_ANSWER_VALUES = [...FAILURE_TO_ANSWER_CATEGORIES, 'answered'] as const;
export const DEFAULT_FAILING_CATEGORIES: readonly FailureToAnswerCategory[] = ['empty_response', 'refusal_response'];
export const LANGUAGE_MISMATCH_VALUES = ['match', 'mismatch'] as const;
export const SENTIMENT_VALUES = ['positive', 'neutral', 'negative'] as const;
/** Table order: the first detected enabled category is the value. */
export const TOXICITY_CATEGORIES = [
  'discriminatory_content',
  'harassment',
  'hate',
  'illicit',
  'self_harm',
  'sexual',
  'violence',
  'profanity',
  'user_dissatisfaction',
] as const;
export type ToxicityCategory = (typeof TOXICITY_CATEGORIES)[number];
export const NOT_TOXIC = 'not_toxic';
export const PROMPT_INJECTION_CATEGORIES = [
  'simple_instruction_attack',
  'code_injection_attack',
  'context_switching_attack',
  'jailbreak_attack',
] as const;
export type PromptInjectionCategory = (typeof PROMPT_INJECTION_CATEGORIES)[number];
export const NO_INJECTION = 'no_injection';
export const NO_SENSITIVE_DATA = 'none';

/** Datadog's label rules (external-evaluations page): a letter first, then ASCII letters, digits and `_`; ≤ 200 chars. */
export const LABEL_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,199}$/;
