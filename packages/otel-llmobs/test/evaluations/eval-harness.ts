import { afterEach, beforeEach, vi } from 'vitest';
import type { EvaluationResult, EvaluationsOptions } from '../../src/evaluations/types.js';
import { LLMObsExporter } from '../../src/datadog/llmobs-exporter.js';
import { blankProcessorEnv } from '../processor/env.js';
import type { Harness } from '../processor/harness.js';
import { createHarness } from '../processor/harness.js';
import { FakeIntake } from '../datadog/fake-intake.js';
import { captureDiag } from '../datadog/diag-capture.js';
import { FakeJudge } from '../fake-judge/server.js';
import { resetRuntime } from '../processor/harness.js';

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

/** What each test of an evaluation file gets: a fresh fake judge, a diag capture, and (if asked) a fake intake. */
export interface EvalTestbed {
  judge: FakeJudge;
  logs: ReturnType<typeof captureDiag>;
  /** Only with `useEvalTestbed({ intake: true })`. */
  intake: FakeIntake;
  /** Something the test started (a runner) to shut down after it, before the servers close. */
  track<T extends { shutdown(): Promise<void> }>(owned: T): T;
  /** `createEvalHarness`, shut down after the test. */
  harness(evaluations: EvaluationsOptions, intake?: FakeIntake): EvalHarness;
}

/**
 * Registers the hooks every evaluation test file needs: a blank environment, a diag capture and
 * the fake servers before each test; after it, what the test tracked is shut down first, then the
 * runtime, the environment and the servers are reset.
 */
export function useEvalTestbed(options: { intake?: boolean } = {}): EvalTestbed {
  let owned: Array<{ shutdown(): Promise<void> }> = [];
  const track = <T extends { shutdown(): Promise<void> }>(o: T): T => {
    owned.push(o);
    return o;
  };
  const testbed = { track, harness: (evaluations, intake) => track(createEvalHarness(evaluations, intake)) } as EvalTestbed;
  beforeEach(async () => {
    blankEvaluationEnv();
    testbed.logs = captureDiag();
    testbed.judge = await FakeJudge.start();
    if (options.intake) testbed.intake = await FakeIntake.start();
  });
  afterEach(async () => {
    for (const o of owned) await o.shutdown();
    owned = [];
    resetRuntime();
    testbed.logs.restore();
    vi.unstubAllEnvs();
    await testbed.judge.close();
    if (options.intake) await testbed.intake.close();
  });
  return testbed;
}
