import { describe, expect, it } from 'vitest';
import type { JudgeOptions } from '../../src/evaluations/types.js';
import type { Fault } from '../fake-judge/server.js';
import { FAKE_KEYS, FAKE_REASONING } from '../fake-judge/server.js';
import type { EvalHarness } from './eval-harness.js';
import { emitChat, useEvalTestbed } from './eval-harness.js';

const t = useEvalTestbed();
let h: EvalHarness | undefined;

const BEDROCK_MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';

function judges(): Record<string, JudgeOptions> {
  return {
    openai: { provider: 'openai', apiKey: FAKE_KEYS.openai, baseURL: `${t.judge.url}/v1` },
    azure_openai: { provider: 'azure_openai', apiKey: FAKE_KEYS.azure, endpoint: t.judge.url, deployment: 'judge-4o-mini' },
    anthropic: { provider: 'anthropic', apiKey: FAKE_KEYS.anthropic, baseURL: t.judge.url, model: 'claude-3-5-haiku-latest' },
    bedrock: { provider: 'bedrock', baseURL: t.judge.url, model: BEDROCK_MODEL, region: FAKE_KEYS.aws.region, credentials: { accessKeyId: FAKE_KEYS.aws.accessKeyId, secretAccessKey: FAKE_KEYS.aws.secretAccessKey } },
  };
}

async function judgeOnce(judgeOptions: JudgeOptions, input = 'You idiot [[judge:toxicity=harassment]]', output = 'I will not respond to that.'): Promise<EvalHarness> {
  h = t.harness({ judge: { maxRetries: 2, timeoutMillis: 2000, ...judgeOptions }, evaluators: { toxicity: {} } });
  emitChat(h, input, output);
  await h.processor.forceFlush();
  return h;
}

describe('the four wire shapes, each with its auth', () => {
  it.each(['openai', 'azure_openai', 'anthropic', 'bedrock'])('%s: a verdict from the fake judge, tokens counted exactly', async (provider) => {
    const harness = await judgeOnce(judges()[provider]!);
    expect(t.judge.requests).toHaveLength(1);
    const request = t.judge.requests[0]!;
    expect(request.answer?.status).toBe(200);
    expect(harness.results).toHaveLength(1);
    const result = harness.results[0]!;
    expect(result).toMatchObject({ label: 'toxicity', value: 'harassment', assessment: 'fail', reasoning: FAKE_REASONING, method: 'llm' });
    expect(result.metadata).toMatchObject({ input_tokens: request.answer!.usage!.input, output_tokens: request.answer!.usage!.output });
    expect(harness.processor.stats().evaluations.tokens.total).toBe(request.answer!.usage!.input + request.answer!.usage!.output);
    switch (provider) {
      case 'openai':
        expect(request.path).toBe('/v1/chat/completions');
        expect(request.headers.authorization).toBe(`Bearer ${FAKE_KEYS.openai}`);
        break;
      case 'azure_openai':
        expect(request.path).toBe('/openai/deployments/judge-4o-mini/chat/completions?api-version=2024-10-21');
        expect(request.headers['api-key']).toBe(FAKE_KEYS.azure);
        expect(request.body.response_format.type).toBe('json_schema');
        break;
      case 'anthropic':
        expect(request.headers['anthropic-version']).toBe('2023-06-01');
        expect(request.body.tool_choice).toEqual({ type: 'tool', name: 'submit_evaluation' });
        expect(typeof request.body.system).toBe('string');
        expect(result.metadata.judge_model).toBe('claude-3-5-haiku-latest');
        break;
      case 'bedrock':
        // The model id's ':' is encoded once in the path; the signature (re-computed by the fake) covers it encoded twice.
        expect(request.path).toBe('/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse');
        expect(request.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDFAKEJUDGE\/\d{8}\/us-east-1\/bedrock\/aws4_request/);
        expect(request.body.toolConfig.toolChoice).toEqual({ tool: { name: 'submit_evaluation' } });
        expect(result.metadata.judge_provider).toBe('bedrock');
        break;
    }
  });

  it.each([
    ['openai', { provider: 'openai', apiKey: 'sk-wrong', baseURL: '' }],
    ['azure_openai', { provider: 'azure_openai', apiKey: 'wrong', endpoint: '', deployment: 'd' }],
    ['anthropic', { provider: 'anthropic', apiKey: 'wrong', baseURL: '', model: 'claude-haiku' }],
    ['bedrock', { provider: 'bedrock', baseURL: '', model: BEDROCK_MODEL, region: 'us-east-1', credentials: { accessKeyId: FAKE_KEYS.aws.accessKeyId, secretAccessKey: 'not-the-secret' } }],
  ] as const)('%s: refused credentials are a judge error, nothing submitted, no retry, and the key is not logged', async (_name, options) => {
    const url = _name === 'openai' ? `${t.judge.url}/v1` : t.judge.url;
    const judgeOptions = { ...options, ...('endpoint' in options ? { endpoint: url } : { baseURL: url }) } as JudgeOptions;
    const harness = await judgeOnce(judgeOptions);
    expect(t.judge.requests).toHaveLength(1);
    expect(harness.results).toHaveLength(0);
    expect(harness.processor.stats().evaluations).toMatchObject({ submitted: 0, judge_errors: { auth: 1 } });
    expect(t.logs.text()).toContain('judge call failed (auth');
    expect(t.logs.text()).not.toMatch(/sk-wrong|not-the-secret|Bearer/);
  });

  it('a custom judge: complete() gets the request, its usage is counted', async () => {
    const seen: string[] = [];
    const harness = await judgeOnce({
      model: 'my-judge',
      complete: (request) => {
        seen.push(request.system);
        return Promise.resolve({ text: JSON.stringify({ reasoning: 'ok', value: 'not_toxic', input_categories: [], output_categories: [] }), usage: { inputTokens: 10, outputTokens: 5 } });
      },
    });
    expect(seen).toHaveLength(1);
    expect(harness.results[0]).toMatchObject({ value: 'not_toxic', assessment: 'pass', tags: { judge_model: 'my-judge' } });
    expect(harness.processor.stats().evaluations.tokens).toEqual({ input: 10, output: 5, total: 15 });
  });
});

describe('bad judge answers and faults', () => {
  const cases: Array<[Fault[], Record<string, unknown>, number]> = [
    // [scripted faults, expected counters, results submitted]
    [['rate_limit'], { judged: 1, submitted: 1 }, 1],
    [['server_error'], { judged: 1, submitted: 1 }, 1],
    [['reset'], { judged: 1, submitted: 1 }, 1],
    [['fenced'], { judged: 1, submitted: 1, parse_errors: 0 }, 1],
    [['prose'], { judged: 1, submitted: 1, parse_errors: 0 }, 1],
    [['no_usage'], { judged: 1, submitted: 1, tokens: { input: 0, output: 0, total: 0 } }, 1],
    [['malformed'], { judged: 1, submitted: 0, parse_errors: 1 }, 0],
    [['bad_value'], { judged: 1, submitted: 0, parse_errors: 1 }, 0],
    [['length'], { judged: 1, submitted: 0, judge_errors: { truncated: 1 } }, 0],
    [['server_error', 'server_error', 'server_error'], { judged: 0, submitted: 0, judge_errors: { server_error: 1 } }, 0],
  ];
  it.each(cases)('%j → %j', async (faults, expected, submitted) => {
    t.judge.script.push(...faults);
    const harness = await judgeOnce(judges().openai!);
    expect(harness.processor.stats().evaluations).toMatchObject(expected);
    expect(harness.results).toHaveLength(submitted);
    if (submitted > 0) expect(harness.results[0]!.value).toBe('harassment');
  });

  it('429 honours Retry-After (1 s) before the retry', async () => {
    t.judge.script.push('rate_limit');
    const started = Date.now();
    await judgeOnce(judges().openai!);
    expect(t.judge.requests).toHaveLength(2);
    // Generous: at least the second the server asked for.
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('a tool call with the wrong name (Anthropic, Bedrock) is a parse error, not a verdict', async () => {
    t.judge.script.push('wrong_tool');
    const harness = await judgeOnce(judges().anthropic!);
    expect(harness.processor.stats().evaluations).toMatchObject({ submitted: 0, parse_errors: 1 });
    expect(t.logs.text()).toContain('did not parse');
  });

  it('an answer that never comes is a timeout after the retries; nothing is submitted', async () => {
    t.judge.script.push('hang', 'hang');
    const harness = await judgeOnce({ ...judges().openai!, maxRetries: 1, timeoutMillis: 300 });
    expect(t.judge.requests).toHaveLength(2);
    expect(harness.processor.stats().evaluations).toMatchObject({ submitted: 0, judge_errors: { timeout: 1 } });
  });

  it('a server that refuses json_schema gets json_object, then the prompt alone', async () => {
    t.judge.script.push('refuse_schema', 'refuse_schema');
    const harness = await judgeOnce(judges().openai!);
    expect(t.judge.requests.map((r) => r.body.response_format?.type ?? 'none')).toEqual(['json_schema', 'json_object', 'none']);
    expect(harness.results[0]?.value).toBe('harassment');
  });
});
