import { beforeAll, describe, expect, test } from 'vitest';
import type { ExampleRun } from './support/run-example.js';
import { EXAMPLE_TIMEOUT_MS, kindOf, runExample, spanNamed, spansNamed, treeOf } from './support/run-example.js';

// NodeSDK + @opentelemetry/instrumentation-openai (content in log records) + LLMObsLogRecordProcessor,
// openai 6.x, our llmobs API for the workflow, agent and tool. The same app on both SDK lines:
// examples/opentelemetry-openai (SDK 2.x, instrumentation 0.21, API 1.9) and
// examples/opentelemetry-openai-sdk3 (SDK 3.x, instrumentation 0.22, API 1.10: Node >= 22.15 only).
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
const nodeRunsSdk3 = major > 22 || (major === 22 && minor >= 15);

describe.each([
  { example: 'opentelemetry-openai', skip: false },
  { example: 'opentelemetry-openai-sdk3', skip: !nodeRunsSdk3 },
])('live: @opentelemetry/instrumentation-openai with LLMObsLogRecordProcessor (examples/$example)', ({ example, skip }) => {
  let run: ExampleRun;
  beforeAll(async () => {
    if (!skip) run = await runExample(example, 'app.js');
  }, EXAMPLE_TIMEOUT_MS);
  // SDK 3.x needs Node >= 22.15: `.ci/run` runs the suite a second time on Node 22, which covers it.
  const it = skip ? test.skip : test;

  it('runs the example, which exits by itself after flushing', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Weather in Lyon tomorrow: sunny');
  });

  it('exports the whole tree: every span under its LLM Observability parent', () => {
    expect(treeOf(run.spans).split('\n').sort()).toEqual(
      [
        'workflow plan-trip',
        '  agent travel-agent',
        '    llm chat gpt-4o-mini',
        '    tool get_weather',
        '    llm chat gpt-4o-mini',
        '  llm chat gpt-4o-mini',
        '  llm chat no-such-model',
      ].sort(),
    );
    expect(new Set(run.spans.map((s) => s.trace_id)).size).toBe(1);
    for (const span of run.spans) expect(span.session_id, span.name).toBe('session-42');
  });

  it('joins the messages, tool calls and tool results from the log records to the LLM spans', () => {
    const [first, second] = spansNamed(run.spans, 'chat gpt-4o-mini');
    expect(first!.meta.model_name).toBe('gpt-4o-mini-2024-07-18');
    expect(first!.meta.model_provider).toBe('openai');
    expect(first!.meta.input.messages?.map((m) => m.role)).toEqual(['system', 'user']);
    expect(first!.meta.input.messages?.[1]?.content).toBe('What is the weather in Lyon tomorrow, and how do I get there?');
    expect(first!.meta.output.messages).toEqual([
      { role: 'assistant', tool_calls: [{ name: 'get_weather', arguments: { city: 'Lyon', day: 'tomorrow' }, tool_id: 'call_qs1', type: 'function' }] },
    ]);
    // The second call replays the conversation: the assistant's tool call and the tool's result.
    const replay = second!.meta.input.messages!;
    expect(replay.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool']);
    expect(replay[2]?.tool_calls?.[0]).toMatchObject({ name: 'get_weather', tool_id: 'call_qs1' });
    expect(replay[3]).toMatchObject({ tool_id: 'call_qs1' });
    expect(JSON.parse(replay[3]!.content!)).toMatchObject({ city: 'Lyon', forecast: 'sunny' });
    expect(second!.meta.output.messages?.[0]?.content).toContain('Weather in Lyon tomorrow: sunny');
  });

  it('joins the Responses API call from its operation-details events (input and output records merged)', () => {
    const responses = spansNamed(run.spans, 'chat gpt-4o-mini')[2]!;
    expect(responses.meta.input.messages).toEqual([
      { role: 'system', content: expect.stringContaining('[lyon-trains]') },
      { role: 'user', content: 'How do I get to Lyon by train?' },
    ]);
    expect(responses.meta.output.messages).toEqual([{ role: 'assistant', content: 'According to “Trains to Lyon”: TGVs leave Paris Gare de Lyon every hour.' }]);
    expect(responses.meta.model_name).toBe('gpt-4o-mini-2024-07-18');
    expect(responses.metrics).toMatchObject({ input_tokens: 45, output_tokens: 18, total_tokens: 63 });
  });

  it('reports tokens from the span, with the total computed', () => {
    for (const llm of spansNamed(run.spans, 'chat gpt-4o-mini')) {
      expect(llm.metrics.input_tokens).toBeGreaterThan(0);
      expect(llm.metrics.output_tokens).toBeGreaterThan(0);
      expect(llm.metrics.total_tokens).toBe(llm.metrics.input_tokens! + llm.metrics.output_tokens!);
    }
  });

  it('exports the tool span with its arguments and result, and the failed call with its error', () => {
    const tool = spanNamed(run.spans, 'get_weather');
    expect(JSON.parse(tool.meta.input.value!)).toEqual({ city: 'Lyon', day: 'tomorrow' });
    expect(JSON.parse(tool.meta.output.value!)).toMatchObject({ forecast: 'sunny' });
    const failed = spanNamed(run.spans, 'chat no-such-model');
    expect(kindOf(failed)).toBe('llm');
    expect(failed.status).toBe('error');
    expect(failed.meta['error.type']).toBe('NotFoundError');
    expect(failed.meta.input.messages).toEqual([{ role: 'user', content: 'Hello?' }]);
    expect(run.spans.filter((s) => s.status === 'error')).toHaveLength(1);
  });
});
