import { beforeAll, describe, expect, it } from 'vitest';
import type { ExampleRun } from './support/run-example.js';
import { EXAMPLE_TIMEOUT_MS, kindOf, runExample, spanNamed, spansNamed, treeOf } from './support/run-example.js';

// examples/vercel-ai: ai 7 + @ai-sdk/otel (GenAI semconv spans) + @ai-sdk/openai 4 (Chat Completions),
// generateText with a tool and stopWhen, the session in the runtime context.
describe('live: Vercel AI SDK 7 (examples/vercel-ai)', () => {
  let run: ExampleRun;
  beforeAll(async () => {
    run = await runExample('vercel-ai', 'app.mjs');
  }, EXAMPLE_TIMEOUT_MS);

  it('runs the example, which exits by itself after flushing', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Weather in Lyon tomorrow: sunny');
    expect(run.stdout).toContain('expected failure: 404');
  });

  it('exports both calls as trees: the agent, its model calls and tool call (the step spans skipped)', () => {
    expect(treeOf(run.spans).split('\n').sort()).toEqual(
      [
        'agent plan-trip',
        '  llm chat gpt-4o-mini',
        '  tool get_weather',
        '  llm chat gpt-4o-mini',
        'agent plan-trip',
        '  llm chat no-such-model',
      ].sort(),
    );
    for (const span of run.spans) expect(span.session_id, span.name).toBe('session-42');
  });

  it('carries the messages, tool calls, tool results, tool definitions and tokens of the LLM spans', () => {
    const [first, second] = spansNamed(run.spans, 'chat gpt-4o-mini');
    expect(first!.meta.model_name).toBe('gpt-4o-mini-2024-07-18');
    expect(first!.meta.model_provider).toBe('openai');
    expect(first!.meta.input.messages?.map((m) => m.role)).toEqual(['system', 'user']);
    expect(first!.meta.input.messages?.[0]?.content).toContain('[lyon-trains]');
    expect(first!.meta.output.messages?.[0]?.tool_calls).toEqual([
      { name: 'get_weather', arguments: { city: 'Lyon', day: 'tomorrow' }, tool_id: 'call_qs1', type: 'function' },
    ]);
    expect(first!.meta.tool_definitions?.map((t) => t.name)).toEqual(['get_weather']);
    const replay = second!.meta.input.messages!;
    expect(replay.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool']);
    expect(replay[3]?.tool_results?.[0]).toMatchObject({ tool_id: 'call_qs1', name: 'get_weather' });
    expect(second!.meta.output.messages?.[0]?.content).toContain('Weather in Lyon tomorrow: sunny');
    for (const llm of [first!, second!]) {
      expect(llm.metrics.input_tokens).toBeGreaterThan(0);
      expect(llm.metrics.total_tokens).toBe(llm.metrics.input_tokens! + llm.metrics.output_tokens!);
    }
    const agent = spansNamed(run.spans, 'plan-trip')[0]!;
    expect(agent.meta.input.value).toBe('What is the weather in Lyon tomorrow, and how do I get there?');
    expect(agent.meta.output.value).toContain('Weather in Lyon tomorrow');
  });

  it('exports the tool call with its arguments and result', () => {
    const tool = spanNamed(run.spans, 'get_weather');
    expect(kindOf(tool)).toBe('tool');
    expect(JSON.parse(tool.meta.input.value!)).toEqual({ city: 'Lyon', day: 'tomorrow' });
    expect(JSON.parse(tool.meta.output.value!)).toMatchObject({ forecast: 'sunny' });
  });

  it('exports the failed call and its agent with the error', () => {
    const failed = spanNamed(run.spans, 'chat no-such-model');
    expect(failed.status).toBe('error');
    expect(failed.meta['error.type']).toBe('AI_APICallError');
    expect(failed.meta['error.message']).toContain('does not exist');
    const [, failedAgent] = spansNamed(run.spans, 'plan-trip');
    expect(failedAgent!.status).toBe('error');
  });
});
