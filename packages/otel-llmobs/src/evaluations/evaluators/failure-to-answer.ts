import type { ResolvedEvaluator } from '../resolve-evaluations-config.js';
import type { Evaluator, EvaluatorOutcome } from './evaluator.js';
import { judged } from './evaluator.js';

interface FailureInput {
  input: string;
  output: string;
}

/** What an empty-code answer is, exactly (spec §1.4): no phrase heuristics, which misfire. */
const EMPTY_CODE = new Set(['()', '[]', '{}', '""', "''", 'null']);

/** The categories decided by rule, exactly and for free; `undefined` when the judge must decide. */
export function failureByRule(output: string): 'empty_response' | 'empty_code_response' | undefined {
  const trimmed = output.trim();
  if (trimmed === '') return 'empty_response';
  if (EMPTY_CODE.has(trimmed)) return 'empty_code_response';
  return undefined;
}

/** Did the model fail to answer? Empty and empty-code outputs by rule, the other categories by the judge. (output stage) */
export function failureToAnswerEvaluator(config: ResolvedEvaluator): Evaluator<FailureInput> {
  const failing = new Set(config.failingCategories ?? []);
  const result = (value: string, reasoning: string): EvaluatorOutcome => ({
    kind: 'result',
    value,
    assessment: failing.has(value) ? 'fail' : 'pass',
    reasoning,
    metadata: {},
    method: 'rules',
  });
  return {
    label: 'failure_to_answer',
    config,
    needsJudge: true,
    prepare(texts) {
      // A tool call is not a failure to answer; a span that recorded no output says nothing.
      if (texts.toolOnlyOutput) return { ok: false, reason: 'tool_call_output' };
      if (!texts.hasOutput) return { ok: false, reason: 'no_output' };
      return { ok: true, input: { input: texts.inputText, output: texts.outputText } };
    },
    async run({ input, output }, { askJudge }) {
      const rule = failureByRule(output);
      if (rule === 'empty_response') return result(rule, 'The output is empty or whitespace only.');
      if (rule === 'empty_code_response') return result(rule, `The output is an empty value (${output.trim()}).`);
      const verdict = await askJudge({
        rubric: {
          task: "Evaluation: failure_to_answer. Decide whether the output answers the user's input, in whatever language it is written.",
          values: [
            ['no_content_response', 'the output says there is nothing to give ("Not found", "N/A", "no results") instead of answering'],
            ['redirection_response', 'the output sends the user elsewhere or only asks for more details instead of answering'],
            ['refusal_response', 'the output explicitly declines to answer'],
            ['answered', 'the output answers the input, even partly or briefly; a correct "not found" that IS the answer counts as answered'],
          ],
        },
        fields: [
          { name: 'input', text: input },
          { name: 'output', text: output },
        ],
        values: ['no_content_response', 'redirection_response', 'refusal_response', 'answered'],
      });
      if (!verdict) return { kind: 'failed' };
      return judged(verdict.value, failing.has(verdict.value), verdict);
    },
  };
}
