import type { LLMObsSpan } from '../../conventions/model.js';
import type { ResolvedEvaluator } from '../resolve-evaluations-config.js';
import type { Verdict } from '../judge/parse-verdict.js';
import type { Rubric } from '../judge/prompt.js';
import type { EvaluationMethod, EvaluatorLabel } from '../labels.js';
import type { EvaluationTexts } from '../subject.js';
import type { LanguageDetector } from '../types.js';

/** What an evaluator asks the judge: the rubric, the data blocks, and the answer's shape. */
export interface JudgeQuestion {
  rubric: Rubric;
  fields: ReadonlyArray<{ name: string; text: string }>;
  values: readonly string[];
  /** Extra schema properties (categories per side, claims …). */
  extraSchema?: Record<string, Record<string, unknown>>;
  /** Values accepted in a `categories` array. */
  categoryValues?: readonly string[];
}

/** The judge's verdict, or `undefined` when the call failed or the answer did not parse (already counted and logged). */
export type AskJudge = (question: JudgeQuestion) => Promise<Verdict | undefined>;

export interface EvaluatorTools {
  askJudge: AskJudge;
  /** The language detector, loaded on first use; `undefined` when unavailable (warned once). */
  languageDetector: () => Promise<LanguageDetector | undefined>;
}

export type EvaluatorOutcome =
  | { kind: 'result'; value: string; assessment: 'pass' | 'fail'; reasoning: string; metadata: Record<string, unknown>; method: EvaluationMethod }
  | { kind: 'skip'; reason: string }
  /** The judge failed or answered garbage: nothing is submitted (already counted). */
  | { kind: 'failed' };

export type Prepared<I> = { ok: true; input: I } | { ok: false; reason: string };

/**
 * One evaluator: `prepare` runs in `offer()` (synchronously, on the app's thread: only copies the
 * texts it needs, or says why the span is skipped); `run` runs later in a worker.
 */
export interface Evaluator<I = unknown> {
  readonly label: EvaluatorLabel;
  readonly config: ResolvedEvaluator;
  /** Needs a judge for at least some spans (LLM-judged evaluators are off without one). */
  readonly needsJudge: boolean;
  prepare(texts: EvaluationTexts, span: LLMObsSpan): Prepared<I>;
  run(input: I, tools: EvaluatorTools): Promise<EvaluatorOutcome>;
}

export function judged(value: string, fail: boolean, verdict: Verdict, metadata: Record<string, unknown> = {}): EvaluatorOutcome {
  return { kind: 'result', value, assessment: fail ? 'fail' : 'pass', reasoning: verdict.reasoning, metadata, method: 'llm' };
}

/** A string array property of a verdict, restricted to `allowed`. */
export function verdictList(verdict: Verdict, key: string, allowed: readonly string[]): string[] {
  const raw = verdict.raw[key];
  return Array.isArray(raw) ? [...new Set(raw.filter((v): v is string => typeof v === 'string' && allowed.includes(v)))] : [];
}

/** Both sides of the exchange, for evaluators that judge the input and the output together. */
export interface BothSides {
  input: string;
  output: string;
}

/** Copies both sides; skipped (`no_text`) when both are blank. */
export function prepareBothSides(texts: EvaluationTexts): Prepared<BothSides> {
  if (texts.inputText.trim() === '' && texts.outputText.trim() === '') return { ok: false, reason: 'no_text' };
  return { ok: true, input: { input: texts.inputText, output: texts.outputText } };
}

/** The judge's fields for the sides that have text. */
export function bothSidesFields({ input, output }: BothSides): Array<{ name: string; text: string }> {
  const fields: Array<{ name: string; text: string }> = [];
  if (input.trim() !== '') fields.push({ name: 'input', text: input });
  if (output.trim() !== '') fields.push({ name: 'output', text: output });
  return fields;
}
