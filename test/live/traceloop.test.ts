import { beforeAll, describe, expect, it } from 'vitest';
import type { ExampleRun } from './support/run-example.js';
import { EXAMPLE_TIMEOUT_MS, kindOf, runExample, spanNamed, spansNamed, treeOf } from './support/run-example.js';

// examples/traceloop: @traceloop/node-server-sdk 0.27 with `initialize({ processor })`,
// withWorkflow / withAgent / withTool / withTask, and its OpenAI instrumentation (openai 6.x).
describe('live: Traceloop SDK (examples/traceloop)', () => {
  let run: ExampleRun;
  beforeAll(async () => {
    run = await runExample('traceloop', 'app.js');
  }, EXAMPLE_TIMEOUT_MS);

  it('runs the example, which exits by itself after flushing our processor', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Weather in Lyon tomorrow: sunny');
    expect(run.stdout).toContain('expected failure: 404');
  });

  it('exports the workflow, agent, tool and LLM spans with their kinds and the session', () => {
    expect(run.spans.map((s) => `${kindOf(s)} ${s.name}`).sort()).toEqual(
      ['agent travel-agent', 'llm chat gpt-4o-mini', 'llm chat gpt-4o-mini', 'tool get_weather', 'workflow plan-trip'].sort(),
    );
    expect(new Set(run.spans.map((s) => s.trace_id)).size).toBe(1);
    for (const span of run.spans) expect(span.session_id, span.name).toBe('session-42');
  });

  // Issue 15 item 1 (late-marked spans): withWorkflow / withAgent / withTool start their span bare and
  // set `traceloop.span.kind` inside the callback; the processor promotes them when their children
  // are placed, so the tree holds. Siblings are compared unordered: Traceloop's spans and the
  // instrumentation's come from different SDK tracers, whose clocks can be anchored a little apart.
  it('places every span under its parent (issue 15 item 1: late-marked spans)', () => {
    expect(treeOf(run.spans).split('\n').sort()).toEqual(
      ['workflow plan-trip', '  agent travel-agent', '    llm chat gpt-4o-mini', '    tool get_weather', '    llm chat gpt-4o-mini'].sort(),
    );
  });

  it('carries the messages, tool calls, tool results and tokens of the LLM spans', () => {
    const [first, second] = spansNamed(run.spans, 'chat gpt-4o-mini');
    expect(first!.meta.model_name).toBe('gpt-4o-mini-2024-07-18');
    expect(first!.meta.input.messages?.map((m) => m.role)).toEqual(['system', 'user']);
    expect(first!.meta.output.messages?.[0]?.tool_calls).toEqual([
      { name: 'get_weather', arguments: { city: 'Lyon', day: 'tomorrow' }, tool_id: 'call_qs1', type: 'function' },
    ]);
    const replay = second!.meta.input.messages!;
    expect(replay.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool']);
    expect(replay[3]?.tool_results?.[0]).toMatchObject({ tool_id: 'call_qs1', name: 'get_weather' });
    expect(second!.meta.output.messages?.[0]?.content).toContain('Weather in Lyon tomorrow: sunny');
    for (const llm of [first!, second!]) {
      expect(llm.metrics.input_tokens).toBeGreaterThan(0);
      expect(llm.metrics.total_tokens).toBe(llm.metrics.input_tokens! + llm.metrics.output_tokens!);
    }
    expect(JSON.parse(spanNamed(run.spans, 'get_weather').meta.output.value!)).toMatchObject({ forecast: 'sunny' });
    expect(spanNamed(run.spans, 'travel-agent').meta.output.value).toContain('Weather in Lyon tomorrow');
  });

  it('exports nothing for the failed call: Traceloop 0.27 never ends those spans (upstream)', () => {
    // `withTask` ends its span only when the callback's promise resolves, and the OpenAI
    // instrumentation ends a chat span only on success: a failed call leaves both open, so neither
    // reaches any span processor. When Traceloop fixes this, expect an llm span with status error here.
    expect(run.spans.filter((s) => s.name === 'check-model' || s.status === 'error')).toEqual([]);
  });
});
