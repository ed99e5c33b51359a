import type { Attributes } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import type { MappedSpan } from '../../src/conventions/model.js';
import { mapSpan } from '../../src/mapping/map-span.js';
import type { SpanEventData } from '../../src/mapping/span-data.js';

const json = (v: unknown): string => JSON.stringify(v);

function legacy(attributes: Attributes, events?: SpanEventData[]): MappedSpan {
  const mapped = mapSpan({ name: 'openai.chat', attributes: { 'llm.request.type': 'chat', ...attributes }, events });
  if (!mapped) throw new Error('span was not mapped');
  return mapped;
}

describe('pre-1.37 flattened prompts and completions', () => {
  it('treats the literal "null" and "" as no content', () => {
    const m = legacy({
      'gen_ai.prompt.0.role': 'assistant',
      'gen_ai.prompt.0.content': 'null',
      'gen_ai.completion.0.role': 'assistant',
      'gen_ai.completion.0.content': '',
    });
    expect(m.input.messages).toEqual([{ role: 'assistant' }]);
    expect(m.output.messages).toEqual([{ role: 'assistant' }]);
  });

  it('translates JSON-stringified OpenAI content arrays', () => {
    const m = legacy({
      'gen_ai.prompt.0.role': 'user',
      'gen_ai.prompt.0.content': json([
        { type: 'text', text: 'What is in this image?' },
        { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
        { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
      ]),
    });
    expect(m.input.messages).toEqual([
      {
        role: 'user',
        content: 'What is in this image?',
        imageParts: [{ content: 'https://example.com/a.png' }],
        audioParts: [{ mimeType: 'audio/wav', content: 'UklGRg==' }],
      },
    ]);
  });

  it('translates JSON-stringified Anthropic content arrays, splitting tool results out of user messages', () => {
    const m = legacy({
      'gen_ai.prompt.0.role': 'user',
      'gen_ai.prompt.0.content': json([
        { type: 'text', text: 'Look:' },
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } },
      ]),
      'gen_ai.prompt.1.role': 'assistant',
      'gen_ai.prompt.1.content': json([
        { type: 'thinking', thinking: 'Need the weather.' },
        { type: 'text', text: 'Checking.' },
        { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
      ]),
      'gen_ai.prompt.2.role': 'user',
      'gen_ai.prompt.2.content': json([
        { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: '21C' }] },
        { type: 'text', text: 'And tomorrow?' },
      ]),
    });
    expect(m.input.messages).toEqual([
      { role: 'user', content: 'Look:', imageParts: [{ mimeType: 'image/png', content: 'iVBOR' }] },
      { role: 'reasoning', content: 'Need the weather.' },
      { role: 'assistant', content: 'Checking.', toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' }, toolId: 'toolu_1', type: 'function' }] },
      { role: 'tool', toolResults: [{ result: '21C', toolId: 'toolu_1', name: 'get_weather', type: 'tool_result' }] },
      { role: 'user', content: 'And tomorrow?' },
    ]);
  });

  it('keeps JSON that is not a content-block array as text (a tool message carrying JSON)', () => {
    const m = legacy({
      'gen_ai.prompt.0.role': 'tool',
      'gen_ai.prompt.0.content': '{"temperature":21}',
      'gen_ai.prompt.0.tool_call_id': 'call_1',
      'gen_ai.prompt.1.role': 'user',
      'gen_ai.prompt.1.content': '[1, 2, 3]',
      'gen_ai.prompt.2.role': 'user',
      'gen_ai.prompt.2.content': '[not json',
    });
    expect(m.input.messages).toEqual([
      { role: 'tool', content: '{"temperature":21}', toolId: 'call_1' },
      { role: 'user', content: '[1, 2, 3]' },
      { role: 'user', content: '[not json' },
    ]);
    expect(m.collectionErrors).toEqual([]);
  });

  it('reads flattened tool calls (OpenLLMetry Python, with ids) and the legacy function_call', () => {
    const m = legacy({
      'gen_ai.prompt.0.role': 'assistant',
      'gen_ai.prompt.0.tool_calls.1.id': 'c2',
      'gen_ai.prompt.0.tool_calls.1.name': 'b',
      'gen_ai.prompt.0.tool_calls.1.arguments': '{"y":2}',
      'gen_ai.prompt.0.tool_calls.0.id': 'c1',
      'gen_ai.prompt.0.tool_calls.0.name': 'a',
      'gen_ai.prompt.0.tool_calls.0.arguments': '{"x":1}',
      'gen_ai.completion.0.role': 'assistant',
      'gen_ai.completion.0.function_call.name': 'legacy_fn',
      'gen_ai.completion.0.function_call.arguments': '{"z":3}',
      'gen_ai.completion.0.finish_reason': 'function_call',
    });
    expect(m.input.messages).toEqual([
      {
        role: 'assistant',
        toolCalls: [
          { name: 'a', arguments: { x: 1 }, toolId: 'c1', type: 'function' },
          { name: 'b', arguments: { y: 2 }, toolId: 'c2', type: 'function' },
        ],
      },
    ]);
    expect(m.output.messages).toEqual([{ role: 'assistant', toolCalls: [{ name: 'legacy_fn', arguments: { z: 3 }, type: 'function' }] }]);
    expect(m.metadata).toMatchObject({ finish_reasons: ['function_call'] });
  });

  it('orders sparse indices, defaults roles, maps Python completions-API prompts and thinking completions', () => {
    const m = legacy({
      'gen_ai.prompt.3.content': 'second',
      'gen_ai.prompt.0.user': 'first (completions API)',
      'gen_ai.completion.0.role': 'thinking',
      'gen_ai.completion.0.content': 'hmm',
      'gen_ai.completion.1.content': 'done',
    });
    expect(m.input.messages).toEqual([
      { role: 'user', content: 'first (completions API)' },
      { role: 'user', content: 'second' },
    ]);
    expect(m.output.messages).toEqual([
      { role: 'reasoning', content: 'hmm' },
      { role: 'assistant', content: 'done' },
    ]);
  });

  it('maps gen_ai.system ("OpenAI"), deprecated token names, underscore cache keys and llm.* parameters', () => {
    const m = legacy({
      'gen_ai.system': 'OpenAI',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.usage.prompt_tokens': 40,
      'gen_ai.usage.completion_tokens': 10,
      'llm.usage.total_tokens': 50,
      'gen_ai.usage.cache_read_input_tokens': 8,
      'gen_ai.usage.cache_creation_input_tokens': 2,
      'gen_ai.usage.reasoning_tokens': 3,
      'llm.top_k': 5,
      'llm.frequency_penalty': 0.1,
      'llm.presence_penalty': '0.2',
      'llm.chat.stop_sequences': ['END'],
      'llm.is_streaming': true,
    });
    expect(m.modelProvider).toBe('openai');
    expect(m.modelName).toBe('gpt-4o');
    expect(m.metrics).toEqual({
      input_tokens: 40,
      output_tokens: 10,
      total_tokens: 50,
      cache_read_input_tokens: 8,
      cache_write_input_tokens: 2,
      reasoning_output_tokens: 3,
    });
    expect(m.metadata).toEqual({ top_k: 5, frequency_penalty: 0.1, presence_penalty: 0.2, stop_sequences: ['END'], stream: true });
  });

  it('reads llm.request.functions.N.* tool definitions (schema under arguments or parameters)', () => {
    const schema = { type: 'object', properties: { q: { type: 'string' } } };
    const m = legacy({
      'llm.request.functions.0.name': 'search',
      'llm.request.functions.0.description': 'Search the web',
      'llm.request.functions.0.arguments': json(schema),
      'llm.request.functions.1.name': 'lookup',
      'llm.request.functions.1.parameters': json(schema),
    });
    expect(m.toolDefinitions).toEqual([
      { name: 'search', description: 'Search the web', schema },
      { name: 'lookup', schema },
    ]);
  });
});

describe('deprecated per-message events (best effort)', () => {
  it('builds messages from gen_ai.*.message and gen_ai.choice span events', () => {
    const m = legacy({}, [
      { name: 'gen_ai.system.message', attributes: { 'gen_ai.system': 'openai', content: 'Be terse.' } },
      { name: 'gen_ai.user.message', attributes: { content: 'Weather?' } },
      {
        name: 'gen_ai.assistant.message',
        attributes: { tool_calls: json([{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }]) },
      },
      { name: 'gen_ai.tool.message', attributes: { content: '21C', id: 'c1' } },
      { name: 'gen_ai.choice', attributes: { index: 0, finish_reason: 'stop', message: json({ role: 'assistant', content: 'It is 21C.' }) } },
      { name: 'gen_ai.user.message', attributes: {} },
    ]);
    expect(m.input.messages).toEqual([
      { role: 'system', content: 'Be terse.' },
      { role: 'user', content: 'Weather?' },
      { role: 'assistant', toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' }, toolId: 'c1', type: 'function' }] },
      { role: 'tool', content: '21C', toolId: 'c1' },
      { role: 'user' },
    ]);
    expect(m.output.messages).toEqual([{ role: 'assistant', content: 'It is 21C.' }]);
    expect(m.metadata).toMatchObject({ finish_reasons: ['stop'] });
  });

  it("reads openlit's gen_ai.content.prompt / completion events", () => {
    const m = legacy({}, [
      { name: 'gen_ai.content.prompt', attributes: { 'gen_ai.prompt': 'Hello' } },
      { name: 'gen_ai.content.completion', attributes: { 'gen_ai.completion': 'Hi there' } },
    ]);
    expect(m.input.messages).toEqual([{ role: 'user', content: 'Hello' }]);
    expect(m.output.messages).toEqual([{ role: 'assistant', content: 'Hi there' }]);
  });

  it('prefers the flattened attributes when both are present', () => {
    const m = legacy({ 'gen_ai.prompt.0.role': 'user', 'gen_ai.prompt.0.content': 'attr' }, [
      { name: 'gen_ai.user.message', attributes: { content: 'event' } },
    ]);
    expect(m.input.messages).toEqual([{ role: 'user', content: 'attr' }]);
  });
});
