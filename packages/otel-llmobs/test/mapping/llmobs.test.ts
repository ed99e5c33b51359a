import { describe, expect, it } from 'vitest';
import { mapSpan } from '../../src/mapping/map-span.js';

describe('_dd.ml_obs.* (our own convention)', () => {
  it('maps every annotation attribute to the canonical model', () => {
    const mapped = mapSpan({
      name: 'otel-name',
      attributes: {
        '_dd.ml_obs.span_kind': 'llm',
        '_dd.ml_obs.name': 'chat-completion',
        '_dd.ml_obs.model_name': 'gpt-4o-mini',
        '_dd.ml_obs.model_provider': 'OpenAI',
        '_dd.ml_obs.session_id': 's-1',
        '_dd.ml_obs.input': JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }),
        '_dd.ml_obs.output': JSON.stringify({ messages: [{ role: 'assistant', content: 'hello' }] }),
        '_dd.ml_obs.metadata': JSON.stringify({ temperature: 0.2 }),
        '_dd.ml_obs.metrics': JSON.stringify({ input_tokens: 3, output_tokens: 2 }),
        '_dd.ml_obs.tags': JSON.stringify({ feature: 'greeting', arr: ['a', 'b'] }),
        '_dd.ml_obs.prompt_tracking': JSON.stringify({
          name: 'greet',
          template: 'Say {{x}}',
          variables: { x: 'hi' },
          rag_context_variables: ['ctx'],
          rag_query_variables: ['q'],
        }),
      },
      status: { code: 0 },
    });
    expect(mapped).toMatchObject({
      kind: 'llm',
      name: 'chat-completion',
      status: 'ok',
      modelName: 'gpt-4o-mini',
      modelProvider: 'openai',
      sessionId: 's-1',
      input: {
        messages: [{ role: 'user', content: 'hi' }],
        prompt: { id: 'greet', template: 'Say {{x}}', variables: { x: 'hi' }, contextVariableKeys: ['ctx'], queryVariableKeys: ['q'] },
      },
      output: { messages: [{ role: 'assistant', content: 'hello' }] },
      metadata: { temperature: 0.2 },
      metrics: { input_tokens: 3, output_tokens: 2, total_tokens: 5 },
      tags: { feature: 'greeting', arr: ['a', 'b'] },
      sources: ['llmobs'],
      collectionErrors: [],
    });
  });

  it('keeps the span and reports malformed JSON as a collection error', () => {
    const mapped = mapSpan({
      name: 'task-span',
      attributes: { '_dd.ml_obs.span_kind': 'task', '_dd.ml_obs.input': '{not json', '_dd.ml_obs.output': '"fine"' },
    });
    expect(mapped?.kind).toBe('task');
    expect(mapped?.name).toBe('task-span');
    expect(mapped?.input).toEqual({});
    expect(mapped?.output).toEqual({ value: 'fine' });
    expect(mapped?.collectionErrors).toEqual([expect.stringMatching(/^llmobs: _dd\.ml_obs\.input: invalid JSON/)]);
  });

  it('reads error fields from the status and the exception event', () => {
    const mapped = mapSpan({
      name: 'failing',
      attributes: { '_dd.ml_obs.span_kind': 'task' },
      status: { code: 2, message: 'boom' },
      events: [{ name: 'exception', attributes: { 'exception.type': 'TypeError', 'exception.stacktrace': 'TypeError: boom\n  at x' } }],
    });
    expect(mapped?.status).toBe('error');
    expect(mapped?.error).toEqual({ type: 'TypeError', message: 'boom', stack: 'TypeError: boom\n  at x' });
  });
});

describe('collection errors', () => {
  it('report a malformed list once, not once per entry', () => {
    const tools = JSON.stringify(Array.from({ length: 50_000 }, () => 'not a tool'));
    const mapped = mapSpan({ name: 's', attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.tool.definitions': tools } });
    expect(mapped?.collectionErrors).toEqual(['genai: 50000 tool definitions without a name skipped']);
  });

  it('are deduplicated and bounded, however many problems a span has', () => {
    const errors = [...Array.from({ length: 100 }, (_, i) => `problem ${i}`), 'problem 0'];
    const mapped = mapSpan({
      name: 's',
      attributes: { '_dd.ml_obs.span_kind': 'task', '_dd.ml_obs.annotation_errors': JSON.stringify(errors) },
    });
    expect(mapped?.collectionErrors).toHaveLength(20);
    expect(mapped?.collectionErrors[0]).toBe('llmobs: problem 0');
    expect(mapped?.collectionErrors.at(-1)).toBe('… and 81 more mapping problems');
  });
});
