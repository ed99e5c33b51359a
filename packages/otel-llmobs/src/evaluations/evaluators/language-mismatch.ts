import type { ResolvedEvaluator } from '../resolve-evaluations-config.js';
import type { LanguageDetection, LanguageDetector } from '../types.js';
import type { Evaluator } from './evaluator.js';
import { isNaturalLanguage } from './natural-language.js';

export type LanguagePairDecision =
  | { ok: true; value: 'match' | 'mismatch'; input: LanguageDetection; output: LanguageDetection }
  | { ok: false; reason: 'not_natural_language' | 'language_undetected' };

/** The pair decision, shared by the evaluator and its accuracy test: both sides natural language and confidently detected. */
export function decideLanguagePair(input: string, output: string, detector: LanguageDetector, groups: readonly (readonly string[])[]): LanguagePairDecision {
  if (!isNaturalLanguage(input) || !isNaturalLanguage(output)) return { ok: false, reason: 'not_natural_language' };
  const floor = detector.confidenceFloor ?? 0;
  const a = detector.detect(input);
  const b = detector.detect(output);
  if (!a || !b || a.confidence < floor || b.confidence < floor) return { ok: false, reason: 'language_undetected' };
  const same = a.lang === b.lang || groups.some((g) => g.includes(a.lang) && g.includes(b.lang));
  return { ok: true, value: same ? 'match' : 'mismatch', input: a, output: b };
}

/** Does the output answer in the user's language? A local detector, no judge call; applies to every span kind. */
export function languageMismatchEvaluator(config: ResolvedEvaluator): Evaluator<{ input: string; output: string }> {
  const groups = config.sameLanguageGroups ?? [];
  return {
    label: 'language_mismatch',
    config,
    needsJudge: false,
    prepare(texts) {
      if (texts.inputText.trim() === '') return { ok: false, reason: 'no_input' };
      if (texts.outputText.trim() === '') return { ok: false, reason: 'no_output' };
      return { ok: true, input: { input: texts.inputText, output: texts.outputText } };
    },
    async run({ input, output }, { languageDetector }) {
      const detector = config.detector ?? (await languageDetector());
      if (!detector) return { kind: 'skip', reason: 'detector_unavailable' };
      const decision = decideLanguagePair(input, output, detector, groups);
      if (!decision.ok) return { kind: 'skip', reason: decision.reason };
      const round = (n: number): number => Math.round(n * 100) / 100;
      return {
        kind: 'result',
        value: decision.value,
        assessment: decision.value === 'mismatch' ? 'fail' : 'pass',
        reasoning: `input ${decision.input.lang} (${round(decision.input.confidence)}), output ${decision.output.lang} (${round(decision.output.confidence)})`,
        metadata: {
          input_language: decision.input.lang,
          output_language: decision.output.lang,
          input_confidence: round(decision.input.confidence),
          output_confidence: round(decision.output.confidence),
        },
        method: 'model',
      };
    },
  };
}
