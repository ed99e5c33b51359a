import { beforeAll, describe, expect, it } from 'vitest';
import type { ExampleRun } from './support/run-example.js';
import { EXAMPLE_TIMEOUT_MS, kindOf, runExample, spanNamed, spansNamed, treeOf } from './support/run-example.js';

// examples/langchain: @langchain/openai 1.6 (openai 7.x) with a bound tool and a RunnableLambda,
// traced by @arizeai/openinference-instrumentation-langchain 4.1 (manuallyInstrument), setSession.
describe('live: LangChain.js with OpenInference (examples/langchain)', () => {
  let run: ExampleRun;
  beforeAll(async () => {
    run = await runExample('langchain', 'app.js');
  }, EXAMPLE_TIMEOUT_MS);

  it('runs the example, which exits by itself after flushing', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Weather in Lyon tomorrow: sunny');
    expect(run.stdout).toContain('expected failure: 404');
  });

  it('exports the chain, the model calls and the tool with their kinds, and the session', () => {
    expect(run.spans.map((s) => `${kindOf(s)} ${s.name}`).sort()).toEqual(
      ['llm ChatOpenAI', 'llm ChatOpenAI', 'llm ChatOpenAI', 'tool get_weather', 'workflow plan-trip'].sort(),
    );
    for (const span of run.spans) expect(span.session_id, span.name).toBe('session-42');
  });

  // OpenInference's OITracer starts each span bare (attributes set right after), and its LangChain
  // tracer parents a run with `trace.setSpanContext` (the parent's ids only, no span object): the
  // parent is found by ids among the registered bare OpenInference spans (late-marking.ts).
  it('places every span under its parent (issue 15 item 1: late-marked spans)', () => {
    expect(treeOf(run.spans).split('\n').sort()).toEqual(
      ['workflow plan-trip', '  llm ChatOpenAI', '  tool get_weather', '  llm ChatOpenAI', 'llm ChatOpenAI'].sort(),
    );
  });

  it('carries the messages, tool calls, tool results and tokens of the LLM spans', () => {
    const [first, second, failed] = spansNamed(run.spans, 'ChatOpenAI');
    expect(first!.meta.model_name).toBe('gpt-4o-mini');
    expect(first!.meta.input.messages?.map((m) => m.role)).toEqual(['system', 'user']);
    expect(first!.meta.output.messages?.[0]?.tool_calls).toEqual([{ name: 'get_weather', arguments: { city: 'Lyon', day: 'tomorrow' }, type: 'function' }]);
    const replay = second!.meta.input.messages!;
    expect(replay.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool']);
    expect(JSON.parse(replay[3]!.content!)).toMatchObject({ city: 'Lyon', forecast: 'sunny' });
    expect(second!.meta.output.messages?.[0]?.content).toContain('Weather in Lyon tomorrow: sunny');
    for (const llm of [first!, second!]) {
      expect(llm.metrics.input_tokens).toBeGreaterThan(0);
      expect(llm.metrics.total_tokens).toBe(llm.metrics.input_tokens! + llm.metrics.output_tokens!);
    }
    expect(failed!.meta.model_name).toBe('no-such-model');
  });

  it('exports the tool with its arguments and result, and the failed call with its error', () => {
    const tool = spanNamed(run.spans, 'get_weather');
    expect(JSON.parse(tool.meta.input.value!)).toEqual({ city: 'Lyon', day: 'tomorrow' });
    expect(JSON.parse(tool.meta.output.value!)).toMatchObject({ city: 'Lyon', forecast: 'sunny' }); // the tool's result, not its ToolMessage
    const failed = spansNamed(run.spans, 'ChatOpenAI').find((s) => s.meta.model_name === 'no-such-model')!;
    expect(failed.status).toBe('error');
    expect(failed.meta['error.message']).toContain('does not exist');
    expect(failed.meta.input.messages).toEqual([{ role: 'user', content: 'Hello?' }]);
    expect(spanNamed(run.spans, 'plan-trip').meta.output.value).toContain('Weather in Lyon tomorrow');
  });
});
