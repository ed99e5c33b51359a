import { beforeAll, describe, expect, it } from 'vitest';
import type { ExampleRun } from './support/run-example.js';
import { EXAMPLE_TIMEOUT_MS, kindOf, runExample, spanNamed, spansNamed, treeOf } from './support/run-example.js';

// examples/openinference: @arizeai/openinference-instrumentation-openai 4.2 (openai 7.x) and the
// @arizeai/openinference-core helpers traceChain / traceAgent / traceTool with setSession.
describe('live: OpenInference (examples/openinference)', () => {
  let run: ExampleRun;
  beforeAll(async () => {
    run = await runExample('openinference', 'app.js');
  }, EXAMPLE_TIMEOUT_MS);

  it('runs the example, which exits by itself after flushing', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Weather in Lyon tomorrow: sunny');
  });

  it('exports every span with its kind, and the session from setSession on all of them', () => {
    expect(run.spans.map((s) => `${kindOf(s)} ${s.name}`).sort()).toEqual(
      ['agent travel-agent', 'llm OpenAI Chat Completions', 'llm OpenAI Chat Completions', 'tool find_train', 'tool get_weather', 'workflow plan-trip'].sort(),
    );
    expect(new Set(run.spans.map((s) => s.trace_id)).size).toBe(1);
    for (const span of run.spans) expect(span.session_id, span.name).toBe('session-42');
  });

  // Issue 15 item 1 (late-marked spans): traceChain / traceAgent / traceTool start their span bare
  // and set `openinference.span.kind` just after; the processor promotes them when their children
  // are placed, so the tree holds.
  it('places every span under its parent (issue 15 item 1: late-marked spans)', () => {
    expect(treeOf(run.spans).split('\n').sort()).toEqual(
      [
        'workflow plan-trip',
        '  agent travel-agent',
        '    llm OpenAI Chat Completions',
        '    tool get_weather',
        '    llm OpenAI Chat Completions',
        '  tool find_train',
      ].sort(),
    );
  });

  it('carries the messages, tool calls, tool results and tokens of the LLM spans', () => {
    const [first, second] = spansNamed(run.spans, 'OpenAI Chat Completions');
    expect(first!.meta.model_name).toBe('gpt-4o-mini-2024-07-18');
    expect(first!.meta.model_provider).toBe('openai');
    expect(first!.meta.input.messages?.map((m) => m.role)).toEqual(['system', 'user']);
    expect(first!.meta.output.messages?.[0]?.tool_calls).toEqual([
      { name: 'get_weather', arguments: { city: 'Lyon', day: 'tomorrow' }, tool_id: 'call_qs1', type: 'function' },
    ]);
    const replay = second!.meta.input.messages!;
    expect(replay.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool']);
    expect(replay[3]).toMatchObject({ tool_id: 'call_qs1' });
    expect(second!.meta.output.messages?.[0]?.content).toContain('Weather in Lyon tomorrow: sunny');
    expect(first!.metrics).toMatchObject({ input_tokens: 110, output_tokens: 20, total_tokens: 130 });
    // The fake serves the repeated system message from its prompt cache on the follow-up call.
    expect(second!.metrics.cache_read_input_tokens).toBeGreaterThan(0);
  });

  // Issue 15 item 3: a zero cache count is not sent.
  it('drops a zero cache-read count (issue 15 item 3)', () => {
    const [first] = spansNamed(run.spans, 'OpenAI Chat Completions');
    expect(first!.metrics.cache_read_input_tokens).toBeUndefined();
  });

  it('exports the tools with their input and output, and the failing one with its error', () => {
    const tool = spanNamed(run.spans, 'get_weather');
    expect(JSON.parse(tool.meta.input.value!)).toEqual({ city: 'Lyon', day: 'tomorrow' });
    expect(JSON.parse(tool.meta.output.value!)).toMatchObject({ forecast: 'sunny' });
    const failed = spanNamed(run.spans, 'find_train');
    expect(failed.status).toBe('error');
    expect(failed.meta.input.value).toBe('Atlantis');
    expect(failed.meta['error.message']).toBe('no trains to Atlantis');
    expect(spanNamed(run.spans, 'travel-agent').meta.output.value).toContain('Weather in Lyon tomorrow');
  });
});
