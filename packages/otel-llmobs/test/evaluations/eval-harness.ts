import { vi } from 'vitest';
import type { EvaluationResult, EvaluationsOptions } from '../../src/evaluations/types.js';
import { LLMObsExporter } from '../../src/datadog/llmobs-exporter.js';
import { blankProcessorEnv } from '../processor/env.js';
import type { Harness } from '../processor/harness.js';
import { createHarness } from '../processor/harness.js';
import type { FakeIntake } from '../datadog/fake-intake.js';

/** Every environment variable the evaluations read, blanked for a test. */
export const EVALUATION_ENV_NAMES = [
  'DD_LLMOBS_EVALUATORS',
  'DD_LLMOBS_EVALUATOR_SAMPLING_RULES',
  'OTEL_LLMOBS_JUDGE_PROVIDER',
  'OTEL_LLMOBS_JUDGE_MODEL',
  'OPENAI_API_KEY',
  'OPENAI_BASE_URL',
  'AZURE_OPENAI_API_KEY',
  'AZURE_OPENAI_ENDPOINT',
  'AZURE_OPENAI_DEPLOYMENT',
  'AZURE_OPENAI_API_VERSION',
  'ANTHROPIC_API_KEY',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_BEARER_TOKEN_BEDROCK',
] as const;

export function blankEvaluationEnv(): void {
  blankProcessorEnv();
  for (const name of EVALUATION_ENV_NAMES) vi.stubEnv(name, '');
}

export const INTAKE_API_KEY = 'dd-fake-api-key-0123456789';

export interface EvalHarness extends Harness {
  results: EvaluationResult[];
}

/**
 * A real tracer provider with our processor. With `intake`, spans go through `LLMObsExporter` to
 * the fake intake (agentless), and evaluations take the same route; without, to an in-memory
 * exporter and evaluations only reach `onEvaluation` unless `writer` says otherwise.
 */
export function createEvalHarness(evaluations: EvaluationsOptions, intake?: FakeIntake): EvalHarness {
  const results: EvaluationResult[] = [];
  const userOnEvaluation = evaluations.onEvaluation;
  const opts: EvaluationsOptions = {
    ...evaluations,
    onEvaluation: (r) => {
      results.push(r);
      userOnEvaluation?.(r);
    },
  };
  if (!intake && evaluations.writer === undefined) opts.writer = false;
  const exporter = intake ? new LLMObsExporter({ intakeUrl: intake.url, agentless: true, apiKey: INTAKE_API_KEY, flushIntervalMillis: 20 }) : undefined;
  const harness = createHarness({ processor: { evaluations: opts, ...(exporter ? { exporter } : {}) } });
  return Object.assign(harness, { results });
}

/** One llm span with the given user question and answer (and optional RAG prompt). */
export function emitChat(
  h: Harness,
  input: string,
  output: string,
  extra: { name?: string; prompt?: { variables: Record<string, string> }; system?: string; parent?: boolean } = {},
): void {
  const body = (): void => {
    h.llmobs.trace({ kind: 'llm', name: extra.name ?? 'chat', modelName: 'gpt-4o-mini', modelProvider: 'openai' }, () => {
      const messages = extra.system ? [{ role: 'system', content: extra.system }, { role: 'user', content: input }] : [{ role: 'user', content: input }];
      h.llmobs.annotate({
        inputData: messages,
        outputData: [{ role: 'assistant', content: output }],
        ...(extra.prompt ? { prompt: { template: 'Answer {question} from {context}', variables: extra.prompt.variables } } : {}),
      });
    });
  };
  if (extra.parent) h.llmobs.trace({ kind: 'workflow', name: 'wf' }, body);
  else body();
}
