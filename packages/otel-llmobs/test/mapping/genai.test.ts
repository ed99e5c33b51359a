import type { Attributes } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import type { MappedSpan } from '../../src/conventions/model.js';
import { mapSpan } from '../../src/mapping/map-span.js';
import type { SpanData } from '../../src/mapping/span-data.js';

const json = (v: unknown): string => JSON.stringify(v);

function map(attributes: Attributes, extra: Partial<SpanData> = {}): MappedSpan {
  const mapped = mapSpan({ name: 'span', attributes, ...extra });
  if (!mapped) throw new Error('span was not mapped');
  return mapped;
}

const chat = (attributes: Attributes, extra: Partial<SpanData> = {}) => map({ 'gen_ai.operation.name': 'chat', ...attributes }, extra);

describe('OTel GenAI ≥ 1.37: parts → messages', () => {
  it('joins text parts and puts reasoning in its own message before the answer', () => {
    const m = chat({
      'gen_ai.output.messages': json([
        {
          role: 'assistant',
          parts: [
            { type: 'reasoning', content: 'The user wants a capital.' },
            { type: 'text', content: 'Paris' },
            { type: 'text', content: '' },
            { type: 'text', content: 'is the capital.' },
          ],
          finish_reason: 'stop',
        },
      ]),
    });
    expect(m.output.messages).toEqual([
      { role: 'reasoning', content: 'The user wants a capital.' },
      { role: 'assistant', content: 'Paris\nis the capital.' },
    ]);
  });

  it('maps tool calls, parsing string arguments and wrapping non-object ones', () => {
    const m = chat({
      'gen_ai.output.messages': json([
        {
          role: 'assistant',
          parts: [
            { type: 'tool_call', id: 'c1', name: 'a', arguments: '{"x":1}' },
            { type: 'tool_call', id: 'c2', name: 'b', arguments: 'not json' },
            { type: 'tool_call', name: 'c', arguments: [1, 2] },
          ],
        },
      ]),
    });
    expect(m.output.messages).toEqual([
      {
        role: 'assistant',
        toolCalls: [
          { name: 'a', arguments: { x: 1 }, toolId: 'c1', type: 'function' },
          { name: 'b', arguments: { value: 'not json' }, toolId: 'c2', type: 'function' },
          { name: 'c', arguments: { value: [1, 2] }, type: 'function' },
        ],
      },
    ]);
  });

  it('accepts `result` as well as `response` in tool_call_response, and names results after their call', () => {
    const m = chat({
      'gen_ai.input.messages': json([
        { role: 'assistant', parts: [{ type: 'tool_call', id: 'c1', name: 'get_weather', arguments: {} }] },
        { role: 'tool', parts: [{ type: 'tool_call_response', id: 'c1', result: 'rainy, 57°F' }] },
        { role: 'tool', parts: [{ type: 'tool_call_response', id: 'unknown', response: { temp: 21 } }] },
      ]),
    });
    expect(m.input.messages?.slice(1)).toEqual([
      { role: 'tool', toolResults: [{ result: 'rainy, 57°F', toolId: 'c1', name: 'get_weather', type: 'tool_result' }] },
      { role: 'tool', toolResults: [{ result: '{"temp":21}', toolId: 'unknown', type: 'tool_result' }] },
    ]);
  });

  it('splits tool results out of a user message (Anthropic style), keeping its text', () => {
    const m = chat({
      'gen_ai.input.messages': json([
        {
          role: 'assistant',
          parts: [
            { type: 'tool_call', id: 't1', name: 'weather', arguments: { city: 'Paris' } },
            { type: 'tool_call', id: 't2', name: 'time', arguments: { tz: 'CET' } },
          ],
        },
        {
          role: 'user',
          parts: [
            { type: 'tool_call_response', id: 't1', response: 'sunny' },
            { type: 'tool_call_response', id: 't2', response: '12:00' },
            { type: 'text', content: 'Thanks, and tomorrow?' },
          ],
        },
      ]),
    });
    expect(m.input.messages?.slice(1)).toEqual([
      { role: 'tool', toolResults: [{ result: 'sunny', toolId: 't1', name: 'weather', type: 'tool_result' }] },
      { role: 'tool', toolResults: [{ result: '12:00', toolId: 't2', name: 'time', type: 'tool_result' }] },
      { role: 'user', content: 'Thanks, and tomorrow?' },
    ]);
  });

  it('looks up tool result names across input and output (Vercel 7 agent output)', () => {
    const m = map({
      'gen_ai.operation.name': 'chat',
      'gen_ai.output.messages': json([
        {
          role: 'assistant',
          parts: [
            { type: 'tool_call', id: 'c1', name: 'get_weather', arguments: { location: 'Paris' } },
            { type: 'tool_call_response', id: 'c1', response: { temperature: 21 } },
            { type: 'text', content: 'It is 21.' },
          ],
        },
      ]),
    });
    expect(m.output.messages).toEqual([
      { role: 'tool', toolResults: [{ result: '{"temperature":21}', toolId: 'c1', name: 'get_weather', type: 'tool_result' }] },
      { role: 'assistant', content: 'It is 21.', toolCalls: [{ name: 'get_weather', arguments: { location: 'Paris' }, toolId: 'c1', type: 'function' }] },
    ]);
  });

  it('maps blob / uri media by modality or mime type, and placeholders for files and other modalities', () => {
    const m = chat({
      'gen_ai.input.messages': json([
        {
          role: 'user',
          parts: [
            { type: 'text', content: 'Describe these.' },
            { type: 'blob', modality: 'image', mime_type: 'image/png', content: 'iVBORw0KGgo=' },
            { type: 'uri', mime_type: 'image/jpeg', uri: 'https://example.com/cat.jpg' },
            { type: 'blob', modality: 'audio', mime_type: 'audio/wav', content: 'UklGRg==' },
            { type: 'file', modality: 'image', file_id: 'file-123' },
            { type: 'uri', modality: 'video', uri: 'https://example.com/v.mp4' },
            { type: 'blob', modality: 'video', content: 'AAAA' },
          ],
        },
      ]),
    });
    expect(m.input.messages).toEqual([
      {
        role: 'user',
        content: 'Describe these.\n[image file: file-123]\n[video: https://example.com/v.mp4]\n[video]',
        imageParts: [
          { mimeType: 'image/png', content: 'iVBORw0KGgo=' },
          { mimeType: 'image/jpeg', content: 'https://example.com/cat.jpg' },
        ],
        audioParts: [{ mimeType: 'audio/wav', content: 'UklGRg==' }],
      },
    ]);
    expect(m.collectionErrors).toEqual([]);
  });

  it('maps server-side tool calls and keeps their results on the assistant message', () => {
    const m = chat({
      'gen_ai.output.messages': json([
        {
          role: 'assistant',
          parts: [
            { type: 'server_tool_call', id: 's1', name: 'web_search', server_tool_call: { query: 'paris' } },
            { type: 'server_tool_call_response', id: 's1', server_tool_call_response: { hits: 3 } },
          ],
        },
      ]),
    });
    expect(m.output.messages).toEqual([
      {
        role: 'assistant',
        toolCalls: [{ name: 'web_search', arguments: { query: 'paris' }, toolId: 's1', type: 'server' }],
        toolResults: [{ result: '{"hits":3}', toolId: 's1', name: 'web_search', type: 'server' }],
      },
    ]);
  });

  it('keeps unknown parts as text (their content or a placeholder) and reports each type once', () => {
    const m = chat({
      'gen_ai.input.messages': json([
        { role: 'user', parts: [{ type: 'citation', content: 'see p. 3' }, { type: 'citation' }, { type: 'widget' }, 42, null] },
      ]),
    });
    expect(m.input.messages).toEqual([{ role: 'user', content: 'see p. 3\n[citation]\n[widget]' }]);
    expect(m.collectionErrors).toEqual([
      "genai: gen_ai.input.messages: unknown part type 'citation' kept as text",
      "genai: gen_ai.input.messages: unknown part type 'widget' kept as text",
      // Two such parts, one collection error: mapSpan removes duplicates.
      'genai: gen_ai.input.messages: skipped a part that is not an object',
    ]);
  });

  it('prepends system instructions as a system message, once', () => {
    const question = { role: 'user', parts: [{ type: 'text', content: 'Hi' }] };
    const withParts = chat({
      'gen_ai.system_instructions': json([{ type: 'text', content: 'Be terse.' }, { type: 'text', content: 'Answer in French.' }]),
      'gen_ai.input.messages': json([question]),
    });
    expect(withParts.input.messages).toEqual([
      { role: 'system', content: 'Be terse.\nAnswer in French.' },
      { role: 'user', content: 'Hi' },
    ]);
    // openlit: the same system message in both places; openlit anthropic: plain, non-JSON text.
    const duplicated = chat({
      'gen_ai.system_instructions': 'Be terse.',
      'gen_ai.input.messages': json([{ role: 'system', parts: [{ type: 'text', content: 'Be terse.' }] }, question]),
    });
    expect(duplicated.input.messages).toEqual([
      { role: 'system', content: 'Be terse.' },
      { role: 'user', content: 'Hi' },
    ]);
    expect(duplicated.collectionErrors).toEqual([]);
    const alone = chat({ 'gen_ai.system_instructions': json('Be terse.') });
    expect(alone.input.messages).toEqual([{ role: 'system', content: 'Be terse.' }]);
  });

  it('reads messages from the operation-details event when the attributes are absent; attributes win', () => {
    const event = {
      name: 'gen_ai.client.inference.operation.details',
      attributes: {
        'gen_ai.input.messages': json([{ role: 'user', parts: [{ type: 'text', content: 'from event' }] }]),
        'gen_ai.output.messages': json([{ role: 'assistant', parts: [{ type: 'text', content: 'event answer' }] }]),
        'gen_ai.system_instructions': json([{ type: 'text', content: 'event system' }]),
        'gen_ai.request.model': 'event-model',
        'gen_ai.usage.input_tokens': 7,
      },
    };
    const m = chat({ 'gen_ai.output.messages': json([{ role: 'assistant', parts: [{ type: 'text', content: 'attribute answer' }] }]) }, { events: [event] });
    expect(m.input.messages).toEqual([
      { role: 'system', content: 'event system' },
      { role: 'user', content: 'from event' },
    ]);
    expect(m.output.messages).toEqual([{ role: 'assistant', content: 'attribute answer' }]);
    expect(m.modelName).toBe('event-model');
    expect(m.metrics.input_tokens).toBe(7);
  });

  it('keeps text that is not JSON (openlit setResult) silently, and broken JSON with a collection error', () => {
    const plain = map({ '_dd.ml_obs.span_kind': 'workflow', 'gen_ai.output.messages': 'Paris.' });
    expect(plain.output).toEqual({ value: 'Paris.' });
    expect(plain.collectionErrors).toEqual([]);
    const broken = chat({ 'gen_ai.input.messages': '[{"role":"user","parts":[' });
    expect(broken.input.messages).toEqual([{ role: 'user', content: '[{"role":"user","parts":[' }]);
    expect(broken.collectionErrors).toEqual([expect.stringMatching(/^genai: gen_ai\.input\.messages: invalid JSON .*kept as text$/)]);
  });

  it('accepts a single message object and messages with `content` instead of parts', () => {
    const m = chat({
      'gen_ai.input.messages': json({ role: 'user', parts: [{ type: 'text', content: 'one' }] }),
      'gen_ai.output.messages': json([{ role: 'assistant', content: 'two' }]),
    });
    expect(m.input.messages).toEqual([{ role: 'user', content: 'one' }]);
    expect(m.output.messages).toEqual([{ role: 'assistant', content: 'two' }]);
  });
});

describe('OTel GenAI ≥ 1.37: span kinds', () => {
  it('embeddings: a JSON array of strings (openlit) → documents; dimension count → output summary', () => {
    const m = map({
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.request.model': 'text-embedding-3-small',
      'gen_ai.provider.name': 'openai',
      'gen_ai.input.messages': json(['a', 'b']),
      'gen_ai.embeddings.dimension.count': 1536,
      'gen_ai.usage.input_tokens': 4,
    });
    expect(m.kind).toBe('embedding');
    expect(m.input).toEqual({ documents: [{ text: 'a' }, { text: 'b' }] });
    expect(m.output).toEqual({ value: '[2 embedding(s) returned with size 1536]' });
    expect(m.metrics).toEqual({ input_tokens: 4, total_tokens: 4 });
  });

  it('retrieval: query text in, documents (content or text, id, score) out', () => {
    const m = map({
      'gen_ai.operation.name': 'retrieval',
      'gen_ai.data_source.id': 'kb',
      'gen_ai.retrieval.query.text': 'capital of France',
      'gen_ai.retrieval.documents': json([
        { id: 'd1', score: 0.9, content: 'Paris is the capital.' },
        { id: 2, score: '0.5', text: 'France is in Europe.' },
        { id: 'd3', score: 0.1 },
      ]),
    });
    expect(m.kind).toBe('retrieval');
    expect(m.input).toEqual({ value: 'capital of France' });
    expect(m.output).toEqual({
      documents: [
        { text: 'Paris is the capital.', id: 'd1', score: 0.9 },
        { text: 'France is in Europe.', id: '2', score: 0.5 },
        { id: 'd3', score: 0.1 },
      ],
    });
    expect(m.metadata).toEqual({ data_source_id: 'kb' });
    const broken = map({ 'gen_ai.operation.name': 'retrieval', 'gen_ai.retrieval.documents': '[{' });
    expect(broken.output).toEqual({});
    expect(broken.collectionErrors).toEqual([expect.stringMatching(/^genai: gen_ai\.retrieval\.documents: invalid JSON/)]);
  });

  it('execute_tool: named after the tool, arguments / result as values, descriptors as metadata', () => {
    const m = map({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'get_weather',
      'gen_ai.tool.call.id': 'call_1',
      'gen_ai.tool.type': 'function',
      'gen_ai.tool.description': 'Weather lookup',
      'gen_ai.tool.call.arguments': '{"city":"Paris"}',
      'gen_ai.tool.call.result': '{"temp":21}',
    });
    expect(m).toMatchObject({
      kind: 'tool',
      name: 'get_weather',
      input: { value: '{"city":"Paris"}' },
      output: { value: '{"temp":21}' },
      metadata: { tool_id: 'call_1', tool_type: 'function', tool_description: 'Weather lookup' },
    });
    // openlit LangChain: arguments as a one-element string array.
    const arrayArgs = map({ 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.call.arguments': ['{"a":1}'] });
    expect(arrayArgs.input).toEqual({ value: '{"a":1}' });
  });

  it('invoke_agent / invoke_workflow: named after the agent / workflow; messages become values', () => {
    const messages = {
      'gen_ai.input.messages': json([
        { role: 'system', parts: [{ type: 'text', content: 'sys' }] },
        { role: 'user', parts: [{ type: 'text', content: 'question' }] },
      ]),
      'gen_ai.output.messages': json([{ role: 'assistant', parts: [{ type: 'text', content: 'answer' }] }]),
    };
    const agent = map({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'weather-agent',
      'gen_ai.agent.id': 'a-1',
      'gen_ai.usage.input_tokens': 38,
      ...messages,
    });
    expect(agent).toMatchObject({ kind: 'agent', name: 'weather-agent', input: { value: 'question' }, output: { value: 'answer' } });
    expect(agent.metadata).toMatchObject({ agent_id: 'a-1' });
    // Token counts on an agent repeat its model calls': dropped.
    expect(agent.metrics).toEqual({});
    const workflow = map({ 'gen_ai.operation.name': 'invoke_workflow', 'gen_ai.workflow.name': 'plan', 'gen_ai.agent.name': 'inherited', ...messages });
    expect(workflow).toMatchObject({ kind: 'workflow', name: 'plan', input: { value: 'question' } });
  });

  it('does not name an llm span after the agent traceloop propagates to it', () => {
    expect(chat({ 'gen_ai.agent.name': 'weather_agent', 'gen_ai.tool.name': 'x' }, { name: 'chat gpt' }).name).toBe('chat gpt');
  });
});

describe('OTel GenAI ≥ 1.37: model, provider, metadata, metrics, tools', () => {
  it('takes the response model over the request model, and the provider over gen_ai.system, normalized', () => {
    expect(chat({ 'gen_ai.request.model': 'gpt-4o', 'gen_ai.response.model': 'gpt-4o-2024-08-06' }).modelName).toBe('gpt-4o-2024-08-06');
    expect(chat({ 'gen_ai.provider.name': 'azure.ai.openai', 'gen_ai.system': 'openai' }).modelProvider).toBe('azure.ai.openai');
    expect(chat({ 'gen_ai.system': 'OpenAI' }).modelProvider).toBe('openai');
    expect(chat({ 'gen_ai.system': 'openai.chat' }).modelProvider).toBe('openai');
    expect(chat({ 'gen_ai.system': 'az.ai.openai' }).modelProvider).toBe('azure.ai.openai');
    // A framework in the provider slot is not a provider; fall back to gen_ai.system.
    expect(chat({ 'gen_ai.provider.name': 'langchain', 'gen_ai.system': 'Anthropic' }).modelProvider).toBe('anthropic');
    expect(chat({ 'gen_ai.provider.name': 'langchain' }).modelProvider).toBeUndefined();
  });

  it('turns gen_ai.request.* (minus the model) and finish reasons into metadata', () => {
    const m = chat({
      'gen_ai.request.model': 'm',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.stop_sequences': ['\n\n'],
      'gen_ai.request.is_stream': true,
      'gen_ai.request.user': '',
      'gen_ai.response.finish_reasons': ['stop', ''],
    });
    expect(m.metadata).toEqual({ temperature: 0.2, stop_sequences: ['\n\n'], stream: true, finish_reasons: ['stop'] });
  });

  it('reads every usage attribute; cache_creation wins over cache_write; TTFT in seconds', () => {
    const m = chat({
      'gen_ai.usage.input_tokens': 100,
      'gen_ai.usage.output_tokens': 20,
      'gen_ai.usage.cache_read.input_tokens': 30,
      'gen_ai.usage.cache_creation.input_tokens': 10,
      'gen_ai.usage.cache_write.input_tokens': 99,
      'gen_ai.usage.reasoning.output_tokens': 5,
      'gen_ai.response.time_to_first_chunk': 0.25,
      'gen_ai.client.operation.time_to_first_chunk': 9,
      'gen_ai.client.operation.time_per_output_chunk': 0.01,
    });
    expect(m.metrics).toEqual({
      input_tokens: 100,
      output_tokens: 20,
      total_tokens: 120,
      cache_read_input_tokens: 30,
      cache_write_input_tokens: 10,
      reasoning_output_tokens: 5,
      time_to_first_token: 0.25,
      time_per_output_token: 0.01,
    });
    expect(chat({ 'gen_ai.client.operation.time_to_first_chunk': 0.5 }).metrics).toEqual({ time_to_first_token: 0.5 });
  });

  it('drops zero cache counts (no cache involved), for every convention that reports them', () => {
    expect(
      chat({ 'gen_ai.usage.input_tokens': 12, 'gen_ai.usage.output_tokens': 3, 'gen_ai.usage.cache_read.input_tokens': 0, 'gen_ai.usage.cache_creation.input_tokens': 0 })
        .metrics,
    ).toEqual({ input_tokens: 12, output_tokens: 3, total_tokens: 15 });
    const openInference = map({
      'openinference.span.kind': 'LLM',
      'llm.token_count.prompt': 12,
      'llm.token_count.completion': 3,
      'llm.token_count.prompt_details.cache_read': 0,
      'llm.token_count.prompt_details.cache_write': 4,
    });
    expect(openInference.metrics).toEqual({ input_tokens: 12, output_tokens: 3, total_tokens: 15, cache_write_input_tokens: 4 });
  });

  it('embedding: total_tokens is the input count when absent; a total the source gives is kept', () => {
    const embedding = (usage: Attributes) => map({ 'gen_ai.operation.name': 'embeddings', 'gen_ai.request.model': 'm', ...usage }).metrics;
    expect(embedding({ 'gen_ai.usage.input_tokens': 7 })).toEqual({ input_tokens: 7, total_tokens: 7 });
    expect(embedding({ 'gen_ai.usage.input_tokens': 7, 'gen_ai.usage.total_tokens': 9 })).toEqual({ input_tokens: 7, total_tokens: 9 });
    expect(embedding({})).toEqual({});
    // An llm span with only an input count gets no made-up total (its output count is unknown, not zero).
    expect(chat({ 'gen_ai.usage.input_tokens': 7 }).metrics).toEqual({ input_tokens: 7 });
  });

  it('normalizes the four tool-definition shapes', () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } } };
    const m = chat({
      'gen_ai.tool.definitions': json([
        { type: 'function', function: { name: 'openai_style', description: 'd1', parameters: schema } },
        { type: 'function', name: 'semconv_flat', description: 'd2', parameters: schema },
        { type: 'function', name: 'vercel', description: 'd3', inputSchema: schema },
        { name: 'anthropic', input_schema: schema },
        { description: 'nameless' },
      ]),
    });
    expect(m.toolDefinitions).toEqual([
      { name: 'openai_style', description: 'd1', schema },
      { name: 'semconv_flat', description: 'd2', schema },
      { name: 'vercel', description: 'd3', schema },
      { name: 'anthropic', schema },
    ]);
    expect(m.collectionErrors).toEqual(['genai: 1 tool definition without a name skipped']);
  });

  it('maps gen_ai.prompt.name to the prompt id of an llm span', () => {
    expect(chat({ 'gen_ai.prompt.name': 'greeting' }).input.prompt).toEqual({ id: 'greeting' });
  });

  it('ignores HTTP attributes of the native Anthropic SDK span', () => {
    const m = chat({
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': 'claude',
      'http.request.method': 'POST',
      'url.full': 'http://127.0.0.1/v1/messages',
      'server.address': '127.0.0.1',
      'anthropic.message.stop_reason': 'end_turn',
    });
    expect(m.metadata).toEqual({});
    expect(m.tags).toEqual({});
  });
});

describe('keys copied from the application', () => {
  it("never reach Object.prototype ('__proto__', 'constructor') in metadata, tags, prompt variables or event lookups", () => {
    const attributes = Object.fromEntries([
      ['gen_ai.operation.name', 'chat'],
      ['gen_ai.request.constructor', 'c'],
      ['gen_ai.request.__proto__', ['p']],
      ['traceloop.association.properties.__proto__', ['x']],
      ['traceloop.association.properties.constructor', 'tag'],
      ['traceloop.prompt.key', 'k'],
      ['traceloop.prompt.template_variables.__proto__', 'v'],
      ['telemetry.sdk.name', 'openlit'],
      ['__proto__', ['y']],
    ]) as Attributes;
    const m = mapSpan({ name: 'chat', attributes, events: [{ name: 'constructor', attributes: {} }] });
    expect(m?.metadata).toEqual({ constructor: 'c' });
    expect(Object.getPrototypeOf(m?.metadata)).toBe(Object.prototype);
    expect(m?.tags).toEqual({ constructor: 'tag' });
    expect(Object.getPrototypeOf(m?.tags)).toBe(Object.prototype);
    expect(m?.input).toEqual({ prompt: { id: 'k' } });
    // An event named `constructor` is not a deprecated message event.
    expect(m?.sources).toEqual(['genai', 'openllmetry', 'openlit']);
  });
});
