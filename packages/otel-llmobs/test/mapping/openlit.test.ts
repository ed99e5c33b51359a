import type { Attributes } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { mapSpan } from '../../src/mapping/map-span.js';

const OPENLIT_COPIES: Attributes = {
  'telemetry.sdk.name': 'openlit',
  'service.name': 'my-app',
  'deployment.environment': 'prod',
  'gen_ai.sdk.version': '1.15.0',
};

function map(attributes: Attributes, scope = '@openlit/instrumentation-openai', name = 'span') {
  const mapped = mapSpan({ name, attributes: { ...OPENLIT_COPIES, ...attributes }, instrumentationScope: { name: scope } });
  if (!mapped) throw new Error('span was not mapped');
  return mapped;
}

describe('OpenLIT extras', () => {
  it('turns custom attributes into tags, but not its resource-like copies or known conventions', () => {
    const m = map({
      'gen_ai.operation.name': 'chat',
      team: 'geo',
      'custom.step': 'answer',
      'feature.flags': ['a', 'b'],
      priority: 2,
      'user.id': 'u-1',
      'session.id': 's-1',
      'openai.api.type': 'chat_completions',
      'openlit.agent.version_hash': 'abc',
      'server.address': 'api.openai.com',
    });
    expect(m.tags).toEqual({ team: 'geo', 'custom.step': 'answer', 'feature.flags': ['a', 'b'], priority: '2', user_id: 'u-1' });
    expect(m.metadata).toEqual({});
    expect(m.sessionId).toBe('s-1');
  });

  it('maps cost (dropping 0, openlit\'s "no price"), server TTFT / TPOT, reasoning tokens and the token-usage attribute', () => {
    const m = map({
      'gen_ai.operation.name': 'chat',
      'gen_ai.usage.input_tokens': 10,
      'gen_ai.usage.output_tokens': 5,
      'gen_ai.client.token.usage': 15,
      'gen_ai.usage.reasoning_tokens': 2,
      'gen_ai.usage.cost': 0.0012,
      'gen_ai.server.time_to_first_token': 0.3,
      'gen_ai.server.time_per_output_token': 0.01,
    });
    expect(m.metrics).toEqual({
      input_tokens: 10,
      output_tokens: 5,
      total_tokens: 15,
      reasoning_output_tokens: 2,
      estimated_total_cost: 0.0012,
      time_to_first_token: 0.3,
      time_per_output_token: 0.01,
    });
    expect(map({ 'gen_ai.operation.name': 'chat', 'gen_ai.usage.cost': 0 }).metrics).toEqual({});
  });

  it('lets semconv time to first chunk win over the server attribute', () => {
    const m = map({ 'gen_ai.operation.name': 'chat', 'gen_ai.response.time_to_first_chunk': 0.2, 'gen_ai.server.time_to_first_token': 0.9 });
    expect(m.metrics.time_to_first_token).toBe(0.2);
  });

  it('flags LangChain model spans: their input token count is an estimate', () => {
    const lc = map({ 'gen_ai.operation.name': 'chat', 'gen_ai.usage.input_tokens': 63 }, '@openlit/instrumentation-langchain');
    expect(lc.metadata).toEqual({ token_source: 'estimated' });
    expect(map({ 'gen_ai.operation.name': 'chat', 'gen_ai.usage.input_tokens': 19 }).metadata).toEqual({});
  });

  it('maps vector-DB spans: query text in, descriptors as metadata', () => {
    const m = map(
      {
        'gen_ai.operation.name': 'vectordb',
        'db.system.name': 'chroma',
        'db.operation.name': 'query',
        'db.collection.name': 'docs',
        'db.query.text': 'capital of France',
        'db.n_results': 3,
      },
      '@openlit/instrumentation-chroma',
      'chroma.query',
    );
    expect(m).toMatchObject({ kind: 'retrieval', name: 'chroma.query', input: { value: 'capital of France' } });
    expect(m.metadata).toEqual({ db_system: 'chroma', db_operation: 'query', db_collection: 'docs', top_k: 3 });
    const upsert = map({ 'gen_ai.operation.name': 'vectordb', 'db.system.name': 'chroma', 'db.operation.name': 'upsert' }, '@openlit/instrumentation-chroma');
    expect(upsert.kind).toBe('task');
  });

  it('maps workflow input / output and tool arguments', () => {
    const workflow = map(
      { 'gen_ai.operation.name': 'invoke_workflow', 'gen_ai.workflow.name': 'graph', 'gen_ai.workflow.input': '{"q":1}', 'gen_ai.workflow.output': 'done' },
      '@openlit/instrumentation-langgraph',
    );
    expect(workflow).toMatchObject({ kind: 'workflow', name: 'graph', input: { value: '{"q":1}' }, output: { value: 'done' } });
    const tool = map({ 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'search', 'gen_ai.tool.args': '{"q":"x"}' });
    expect(tool.input).toEqual({ value: '{"q":"x"}' });
    // On an llm span `gen_ai.tool.args` repeats the model's tool call: not an input.
    const llm = map({ 'gen_ai.operation.name': 'chat', 'gen_ai.tool.args': '{"q":"x"}' });
    expect(llm.input).toEqual({});
  });

  it('is recognised by the telemetry.sdk.name attribute alone', () => {
    const m = mapSpan({ name: 'chat', attributes: { 'gen_ai.operation.name': 'chat', 'telemetry.sdk.name': 'openlit', team: 'x' } });
    expect(m?.sources).toEqual(['genai', 'openlit']);
    expect(m?.tags).toEqual({ team: 'x' });
  });
});
