import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resolveEvaluationsConfig } from '../../src/evaluations/resolve-evaluations-config.js';
import { fnv1a64Fraction, nameMatcher, passesFilter, rateFor, sampledFor } from '../../src/evaluations/sampling.js';
import type { LLMObsSpan } from '../../src/conventions/model.js';
import { LLMObsSpanProcessor } from '../../src/processor/llmobs-span-processor.js';
import { captureDiag } from '../datadog/diag-capture.js';
import { blankEvaluationEnv } from './eval-harness.js';

let logs: ReturnType<typeof captureDiag>;
beforeEach(() => {
  blankEvaluationEnv();
  logs = captureDiag();
});
afterEach(() => {
  logs.restore();
  vi.unstubAllEnvs();
});

const exporter = { export() {}, shutdown: () => Promise.resolve() };
const warnings = (): string[] => logs.logs.filter((l) => l.level === 'warn').map((l) => l.message);

describe('bad configuration in code: a clear TypeError', () => {
  it.each([
    [{ evaluators: { ragas_faithfulness: {} } }, /evaluations\.evaluators is invalid, expected keys among topic_relevancy, .*\(actual: 'ragas_faithfulness'\)/],
    [{ judge: { provider: 'vertex' } }, /evaluations\.judge\.provider is invalid, expected 'openai', 'azure_openai', 'anthropic', 'bedrock'/],
    [{ evaluators: { toxicity: { categories: ['rude'] } } }, /evaluations\.evaluators\.toxicity\.categories is invalid, expected values among discriminatory_content/],
    [{ evaluators: { toxicity: { sampleRate: 2 } } }, /sampleRate is invalid, expected a number between 0 and 1/],
    [{ evaluators: { toxicity: { scope: 'trace' } } }, /scope is invalid, expected 'root' or 'all'/],
    [{ evaluators: { toxicity: { topics: ['x'] } } }, /evaluations\.evaluators\.toxicity\.topics is invalid, expected one of the options/],
    [{ evaluators: { failure_to_answer: { failingCategories: ['answered'] } } }, /failingCategories is invalid, expected values among empty_code_response/],
    [{ judge: { provider: 'anthropic', apiKey: 'k' } }, /evaluations\.judge\.model is invalid/],
    [{ judge: { provider: 'openai', baseURL: 'localhost:11434' } }, /evaluations\.judge\.baseURL is invalid, expected an http\(s\) URL/],
    [{ budget: { maxCallsPerMinute: -1 } }, /maxCallsPerMinute is invalid/],
    [{ labelPrefix: 'a b' }, /labelPrefix is invalid/],
  ])('%j', (evaluations, message) => {
    expect(() => new LLMObsSpanProcessor({ exporter, evaluations: evaluations as never })).toThrow(TypeError);
    expect(() => new LLMObsSpanProcessor({ exporter, evaluations: evaluations as never })).toThrow(message);
  });

  it('an API key never appears in a config error', () => {
    expect(() => new LLMObsSpanProcessor({ exporter, evaluations: { judge: { provider: 'openai', apiKey: '   ' } } })).toThrow(/<redacted>/);
  });

  it('topic_relevancy without topics is disabled with one warning', () => {
    const config = resolveEvaluationsConfig({ judge: { provider: 'openai', apiKey: 'k' }, evaluators: { topic_relevancy: {}, sentiment: {} } })!;
    expect(config.evaluators.map((e) => e.label)).toEqual(['sentiment']);
    expect(warnings().filter((w) => w.includes('topic_relevancy needs `topics`'))).toHaveLength(1);
  });

  it('sensitive_data: {} is accepted (inert until the scanner exists)', () => {
    const config = resolveEvaluationsConfig({ evaluators: { sensitive_data: {} } })!;
    expect(config.evaluators.map((e) => e.label)).toEqual(['sensitive_data']);
  });
});

describe('environment', () => {
  it('off without the option and without DD_LLMOBS_EVALUATORS', () => {
    expect(resolveEvaluationsConfig(undefined)).toBeUndefined();
  });

  it('DD_LLMOBS_EVALUATORS turns evaluators on; unknown labels (a Python service’s) warn once and are ignored', () => {
    vi.stubEnv('DD_LLMOBS_EVALUATORS', 'toxicity, ragas_faithfulness,language_mismatch,also_unknown');
    vi.stubEnv('OPENAI_API_KEY', 'sk-env');
    const config = resolveEvaluationsConfig(undefined)!;
    expect(config.evaluators.map((e) => e.label)).toEqual(['toxicity', 'language_mismatch']);
    expect(config.judge).toMatchObject({ kind: 'provider', judge: { provider: 'openai', model: 'gpt-4o-mini', apiKey: 'sk-env', baseURL: 'https://api.openai.com/v1', compatible: false } });
    const w = warnings().filter((m) => m.includes('DD_LLMOBS_EVALUATORS'));
    expect(w).toHaveLength(1);
    expect(w[0]).toContain('ragas_faithfulness, also_unknown');
  });

  it('OTEL_LLMOBS_JUDGE_PROVIDER / _MODEL, OPENAI_BASE_URL (a local compatible server needs no key)', () => {
    vi.stubEnv('OTEL_LLMOBS_JUDGE_PROVIDER', 'openai');
    vi.stubEnv('OTEL_LLMOBS_JUDGE_MODEL', 'llama3.1:8b');
    vi.stubEnv('OPENAI_BASE_URL', 'http://localhost:11434/v1/');
    const config = resolveEvaluationsConfig({ evaluators: { sentiment: {} } })!;
    expect(config.judge).toMatchObject({ kind: 'provider', judge: { provider: 'openai', model: 'llama3.1:8b', apiKey: undefined, baseURL: 'http://localhost:11434/v1', compatible: true } });
  });

  it('a bad OTEL_LLMOBS_JUDGE_PROVIDER warns once and is ignored', () => {
    vi.stubEnv('OTEL_LLMOBS_JUDGE_PROVIDER', 'vertex');
    const config = resolveEvaluationsConfig({ evaluators: { sentiment: {} } })!;
    expect(config.judge.kind).toBe('none');
    expect(warnings().filter((w) => w.includes('OTEL_LLMOBS_JUDGE_PROVIDER is invalid'))).toHaveLength(1);
  });

  it('Azure and Bedrock from their usual variables', () => {
    vi.stubEnv('AZURE_OPENAI_API_KEY', 'az');
    vi.stubEnv('AZURE_OPENAI_ENDPOINT', 'https://res.openai.azure.com');
    vi.stubEnv('AZURE_OPENAI_DEPLOYMENT', 'judge');
    const azure = resolveEvaluationsConfig({ judge: { provider: 'azure_openai' }, evaluators: { sentiment: {} } })!;
    expect(azure.judge).toMatchObject({ judge: { url: 'https://res.openai.azure.com/openai/deployments/judge/chat/completions?api-version=2024-10-21', model: 'judge' } });
    vi.stubEnv('AWS_REGION', 'eu-west-3');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKID');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    const bedrock = resolveEvaluationsConfig({ judge: { provider: 'bedrock', model: 'anthropic.claude-3-haiku-20240307-v1:0' }, evaluators: { sentiment: {} } })!;
    expect(bedrock.judge).toMatchObject({ judge: { baseURL: 'https://bedrock-runtime.eu-west-3.amazonaws.com', region: 'eu-west-3' } });
  });

  it('DD_LLMOBS_EVALUATOR_SAMPLING_RULES: first matching rule wins, no match means evaluate; code sampleRate wins over it', () => {
    vi.stubEnv('DD_LLMOBS_EVALUATOR_SAMPLING_RULES', JSON.stringify([{ sample_rate: 0, evaluator_label: 'toxicity', span_name: 'noisy' }, { sample_rate: 0.5, evaluator_label: 'toxicity' }, { oops: true }]));
    const config = resolveEvaluationsConfig({ judge: { provider: 'openai', apiKey: 'k' }, evaluators: { toxicity: {}, sentiment: { sampleRate: 0.25 } } })!;
    const [toxicity, sentiment] = config.evaluators;
    expect(rateFor(toxicity!.filter, config.samplingRules, 'toxicity', 'noisy')).toBe(0);
    expect(rateFor(toxicity!.filter, config.samplingRules, 'toxicity', 'chat')).toBe(0.5);
    expect(rateFor(sentiment!.filter, config.samplingRules, 'sentiment', 'chat')).toBe(0.25);
    expect(warnings().filter((w) => w.includes('DD_LLMOBS_EVALUATOR_SAMPLING_RULES'))).toHaveLength(1);
  });

  it('a sampling-rules value that is not JSON warns and is ignored', () => {
    vi.stubEnv('DD_LLMOBS_EVALUATOR_SAMPLING_RULES', 'sample_rate=0.5');
    expect(resolveEvaluationsConfig({ evaluators: { language_mismatch: {} } })!.samplingRules).toEqual([]);
    expect(warnings()).toHaveLength(1);
  });
});

describe('sampling and filters', () => {
  it('fnv1a64 matches a BigInt reference', () => {
    const reference = (text: string): number => {
      let h = 0xcbf29ce484222325n;
      for (const c of Buffer.from(text, 'utf8')) h = ((h ^ BigInt(c)) * 0x100000001b3n) & 0xffffffffffffffffn;
      return Number(h) / 2 ** 64;
    };
    for (const text of ['', 'a', 'foobar', '0af7651916cd43dd8448eb211c80319cb7ad6b7169203331toxicity']) {
      expect(fnv1a64Fraction(text)).toBeCloseTo(reference(text), 12);
    }
  });

  it('deterministic per (trace, span, label), independent per evaluator, near the rate', () => {
    let kept = 0;
    let both = 0;
    for (let i = 0; i < 4000; i++) {
      const trace = i.toString(16).padStart(32, '0');
      const a = sampledFor(trace, 'a'.repeat(16), 'toxicity', 0.3);
      const b = sampledFor(trace, 'a'.repeat(16), 'sentiment', 0.3);
      expect(sampledFor(trace, 'a'.repeat(16), 'toxicity', 0.3)).toBe(a);
      if (a) kept++;
      if (a && b) both++;
    }
    expect(kept / 4000).toBeGreaterThan(0.25);
    expect(kept / 4000).toBeLessThan(0.35);
    // Independent: about 0.3 × 0.3 of the spans are sampled by both.
    expect(both / 4000).toBeGreaterThan(0.06);
    expect(both / 4000).toBeLessThan(0.12);
  });

  it('scope, kinds, names (globs), ml_apps, tags', () => {
    const config = resolveEvaluationsConfig({
      evaluators: {
        language_mismatch: { spanNames: ['chat*', 'exact'], mlApps: ['shop'], tags: ['env:prod', 'team:*'] },
        hallucination: {},
      },
    })!;
    const [lm, hall] = config.evaluators;
    const span = { kind: 'llm', name: 'chat.completions', mlApp: 'shop', tags: { env: 'prod', team: 'a' } } as unknown as LLMObsSpan;
    expect(passesFilter(lm!.filter, span)).toBe(true);
    expect(passesFilter(lm!.filter, { ...span, parentId: 'abc' })).toBe(false); // root scope by default
    expect(passesFilter(lm!.filter, { ...span, name: 'embed' })).toBe(false);
    expect(passesFilter(lm!.filter, { ...span, mlApp: 'other' })).toBe(false);
    expect(passesFilter(lm!.filter, { ...span, tags: { env: 'dev', team: 'a' } })).toBe(false);
    expect(passesFilter(lm!.filter, { ...span, tags: { env: ['prod', 'eu'], team: 'b' } })).toBe(true);
    // hallucination: all llm spans by default, not only roots.
    expect(passesFilter(hall!.filter, { ...span, parentId: 'abc' })).toBe(true);
    expect(passesFilter(hall!.filter, { ...span, kind: 'workflow' })).toBe(false);
    expect(nameMatcher('a*c')('abbbc')).toBe(true);
    expect(nameMatcher('a.c')('abc')).toBe(false);
  });

  it('samplePercent mirrors Datadog; sampleRate wins', () => {
    const config = resolveEvaluationsConfig({ evaluators: { language_mismatch: { samplePercent: 20 }, sentiment: { samplePercent: 20, sampleRate: 0.5 } } })!;
    expect(config.evaluators.map((e) => e.filter.sampleRate)).toEqual([0.2, 0.5]);
  });
});
