import { beforeAll, describe, expect, it } from 'vitest';
import type { ExampleRun } from './support/run-example.js';
import { EXAMPLE_TIMEOUT_MS, kindOf, runExample, spanNamed, spansNamed, treeOf } from './support/run-example.js';

// examples/openlit: openlit 1.15 (its own tracer provider, OTLP/HTTP out) → otel-llmobs gateway →
// intake; openai 7.x; our llmobs API for the workflow, agent and tool (their spans go the same way).
describe('live: OpenLIT through the OTLP gateway (examples/openlit)', () => {
  let run: ExampleRun;
  beforeAll(async () => {
    run = await runExample('openlit', 'app.js', { viaGateway: true });
  }, EXAMPLE_TIMEOUT_MS);

  it('runs the example, which exits by itself after flushing', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Weather in Lyon tomorrow: sunny');
    expect(run.stdout).toContain('expected failure: 404');
  });

  it('exports the whole tree, with the session on every span', () => {
    // Siblings compared unordered: on a loaded machine spans started within the same millisecond
    // can sort either way; every span's depth under its parent is what is checked.
    expect(treeOf(run.spans).split('\n').sort()).toEqual(
      [
        'workflow plan-trip',
        '  agent travel-agent',
        '    llm chat gpt-4o-mini',
        '    tool get_weather',
        '    llm chat gpt-4o-mini',
        '  embedding embeddings text-embedding-3-small',
        '  llm chat no-such-model',
      ].sort(),
    );
    expect(new Set(run.spans.map((s) => s.trace_id)).size).toBe(1);
    for (const span of run.spans) expect(span.session_id, span.name).toBe('session-42');
  });

  it('carries the messages, tool calls, tool results, tool definitions and tokens of the LLM spans', () => {
    const [first, second] = spansNamed(run.spans, 'chat gpt-4o-mini');
    expect(first!.meta.model_name).toBe('gpt-4o-mini-2024-07-18');
    expect(first!.meta.model_provider).toBe('openai');
    expect(first!.meta.input.messages?.map((m) => m.role)).toEqual(['system', 'user']);
    expect(first!.meta.output.messages?.[0]?.tool_calls).toEqual([
      { name: 'get_weather', arguments: { city: 'Lyon', day: 'tomorrow' }, tool_id: 'call_qs1', type: 'function' },
    ]);
    expect(first!.meta.tool_definitions?.map((t) => t.name)).toEqual(['get_weather']);
    const replay = second!.meta.input.messages!;
    expect(replay.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool']);
    expect(JSON.parse(replay[3]!.content!)).toMatchObject({ forecast: 'sunny' });
    expect(second!.meta.output.messages?.[0]?.content).toContain('Weather in Lyon tomorrow: sunny');
    expect(first!.metrics).toEqual({ input_tokens: 110, output_tokens: 20, total_tokens: 130 });
    expect(second!.metrics.cache_read_input_tokens).toBeGreaterThan(0);
  });

  it('exports the embedding call with its documents', () => {
    const embedding = spanNamed(run.spans, 'embeddings text-embedding-3-small');
    expect(kindOf(embedding)).toBe('embedding');
    expect(embedding.meta.input.documents).toEqual([{ text: 'Trains to Lyon' }, { text: 'Weather in Lyon' }]);
    expect(embedding.metrics.input_tokens).toBeGreaterThan(0);
  });

  // Issue 15 item 3: total_tokens = input + output when absent, on embedding spans too.
  it('gives the embedding span its total_tokens (issue 15 item 3)', () => {
    const embedding = spanNamed(run.spans, 'embeddings text-embedding-3-small');
    expect(embedding.metrics.total_tokens).toBe(embedding.metrics.input_tokens);
  });

  it('exports the tool span, and the failed call with its error', () => {
    expect(JSON.parse(spanNamed(run.spans, 'get_weather').meta.output.value!)).toMatchObject({ forecast: 'sunny' });
    const failed = spanNamed(run.spans, 'chat no-such-model');
    expect(failed.status).toBe('error');
    expect(failed.meta['error.message']).toContain('does not exist');
    expect(run.spans.filter((s) => s.status === 'error')).toHaveLength(1);
  });
});
