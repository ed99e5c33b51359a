import type { ResolvedEvaluator } from '../resolve-evaluations-config.js';
import type { Evaluator } from './evaluator.js';
import { judged } from './evaluator.js';

interface HallucinationInput {
  query: string;
  context: string;
  output: string;
}

const MAX_CLAIMS = 10;
const MAX_CLAIM_CHARS = 300;

/** Does the output contradict (or, optionally, go beyond) the RAG context it was given? (output stage, LLM-judged) */
export function hallucinationEvaluator(config: ResolvedEvaluator): Evaluator<HallucinationInput> {
  const unsupported = config.unsupportedClaims === true;
  const values = unsupported ? ['contradiction', 'unsupported_claim', 'no_hallucination'] : ['contradiction', 'no_hallucination'];
  const claimTypes = unsupported ? ['contradiction', 'unsupported_claim'] : ['contradiction'];
  return {
    label: 'hallucination',
    config,
    needsJudge: true,
    prepare(texts) {
      if (texts.ragContextTooLong) return { ok: false, reason: 'context_too_long' };
      const context = texts.ragContext ?? '';
      // The seed's rule: query, context and output all present.
      if (context.trim() === '') return { ok: false, reason: 'no_context' };
      if (texts.ragQuery.trim() === '') return { ok: false, reason: 'no_input' };
      if (texts.outputText.trim() === '') return { ok: false, reason: 'no_output' };
      return { ok: true, input: { query: texts.ragQuery, context, output: texts.outputText } };
    },
    async run(input, { askJudge }) {
      const rubricValues: Array<[string, string]> = [
        ['contradiction', 'the output states something the context contradicts'],
      ];
      if (unsupported) rubricValues.push(['unsupported_claim', 'the output states something the context does not support (and nothing it contradicts)']);
      rubricValues.push(['no_hallucination', unsupported ? 'every claim of the output is supported by the context' : 'nothing in the output contradicts the context']);
      const verdict = await askJudge({
        rubric: {
          task: 'Evaluation: hallucination. Compare the output with the context it was given to answer the query. Judge only against the context, not your own knowledge.',
          values: rubricValues,
          notes: ['List in "claims" each problematic claim of the output (at most 10), with its type and the evidence from the context; an empty list when there is none. A contradiction wins over an unsupported claim.'],
        },
        fields: [
          { name: 'query', text: input.query },
          { name: 'context', text: input.context },
          { name: 'output', text: input.output },
        ],
        values,
        extraSchema: {
          claims: {
            type: 'array',
            items: {
              type: 'object',
              properties: { claim: { type: 'string' }, type: { type: 'string', enum: claimTypes }, evidence: { type: 'string' } },
              required: ['claim', 'type', 'evidence'],
              additionalProperties: false,
            },
          },
        },
      });
      if (!verdict) return { kind: 'failed' };
      const claims = Array.isArray(verdict.raw.claims)
        ? (verdict.raw.claims as unknown[])
            .filter((c): c is Record<string, unknown> => c !== null && typeof c === 'object' && typeof (c as { claim?: unknown }).claim === 'string')
            .slice(0, MAX_CLAIMS)
            .map((c) => {
              const claim: Record<string, string> = { claim: (c.claim as string).slice(0, MAX_CLAIM_CHARS), type: typeof c.type === 'string' ? c.type : 'contradiction' };
              if (typeof c.evidence === 'string' && c.evidence !== '') claim.evidence = c.evidence.slice(0, MAX_CLAIM_CHARS);
              return claim;
            })
        : [];
      const fail = verdict.value === 'contradiction' || (unsupported && verdict.value === 'unsupported_claim');
      return judged(verdict.value, fail, verdict, { claims });
    },
  };
}
