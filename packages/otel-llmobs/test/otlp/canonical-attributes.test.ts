import { describe, expect, it } from 'vitest';
import type { LLMObsSpan } from '../../src/conventions/model.js';
import { toCanonicalAttributes } from '../../src/otlp/canonical-attributes.js';
import { datadogOtlpExporterConfig } from '../../src/otlp/datadog-otlp-preset.js';
import { deriveCanonicalAttributes } from '../../src/otlp/derive-attributes.js';

const base: LLMObsSpan = {
  kind: 'llm',
  name: 'chat gpt-4o',
  status: 'ok',
  input: {},
  output: {},
  metadata: {},
  metrics: {},
  tags: {},
  sources: [],
  collectionErrors: [],
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  startTime: [1_700_000_000, 0],
  durationNs: 1_000_000,
  mlApp: 'shop',
};

describe('canonical OTLP attributes', () => {
  it('writes an llm span in current GenAI terms', () => {
    const a = toCanonicalAttributes({
      ...base,
      modelName: 'gpt-4o',
      modelProvider: 'openai',
      sessionId: 's-1',
      input: {
        messages: [
          { role: 'user', content: 'Weather?' },
          { role: 'assistant', toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' }, toolId: 'c1', type: 'function' }] },
          { role: 'tool', toolResults: [{ result: '21C', toolId: 'c1', name: 'get_weather' }] },
        ],
        prompt: { id: 'p', template: 'Weather {{city}}?', variables: { city: 'Paris' }, queryVariableKeys: ['city'] },
      },
      output: { messages: [{ role: 'assistant', content: 'It is 21C.' }] },
      metrics: { input_tokens: 10, output_tokens: 4, total_tokens: 14, cache_read_input_tokens: 2, custom_score: 0.5 },
      metadata: { temperature: 0.2 },
      toolDefinitions: [{ name: 'get_weather', description: 'w', schema: { type: 'object' } }],
    });
    expect(a['gen_ai.operation.name']).toBe('chat');
    expect(a['gen_ai.provider.name']).toBe('openai');
    expect(a['gen_ai.request.model']).toBe('gpt-4o');
    expect(a['gen_ai.conversation.id']).toBe('s-1');
    expect(JSON.parse(a['gen_ai.input.messages'] as string)).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Weather?' }] },
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'c1', name: 'get_weather', arguments: { city: 'Paris' } }] },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'c1', response: '21C' }] },
    ]);
    expect(JSON.parse(a['gen_ai.output.messages'] as string)).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'It is 21C.' }] }]);
    expect(a['gen_ai.usage.input_tokens']).toBe(10);
    expect(a['gen_ai.usage.cache_read.input_tokens']).toBe(2);
    expect(JSON.parse(a['_dd.ml_obs.metrics'] as string)).toEqual({ custom_score: 0.5 });
    expect(JSON.parse(a['_dd.ml_obs.metadata'] as string)).toEqual({ temperature: 0.2 });
    expect(JSON.parse(a['_dd.ml_obs.prompt_tracking'] as string)).toEqual({
      id: 'p',
      template: 'Weather {{city}}?',
      variables: { city: 'Paris' },
      rag_query_variables: ['city'],
    });
    expect(JSON.parse(a['gen_ai.tool.definitions'] as string)).toEqual([
      { type: 'function', name: 'get_weather', description: 'w', parameters: { type: 'object' } },
    ]);
  });

  it('keeps the task kind explicit, since GenAI has no task operation', () => {
    const a = toCanonicalAttributes({ ...base, kind: 'task', name: 'parse', input: { value: 'x' }, output: { value: 'y' } });
    expect(a['gen_ai.operation.name']).toBe('execute_task');
    expect(a['_dd.ml_obs.span_kind']).toBe('task');
    expect(a['_dd.ml_obs.name']).toBe('parse');
  });

  it('writes retrieval and tool spans with their dedicated GenAI attributes', () => {
    const r = toCanonicalAttributes({ ...base, kind: 'retrieval', input: { value: 'q' }, output: { documents: [{ text: 'd', id: '1', score: 0.9 }] } });
    expect(r['gen_ai.retrieval.query.text']).toBe('q');
    expect(JSON.parse(r['gen_ai.retrieval.documents'] as string)).toEqual([{ id: '1', score: 0.9, content: 'd' }]);
    const t = toCanonicalAttributes({ ...base, kind: 'tool', name: 'get_weather', input: { value: '{"city":"Paris"}' }, output: { value: '21' } });
    expect(t['gen_ai.tool.name']).toBe('get_weather');
    expect(t['gen_ai.tool.call.arguments']).toBe('{"city":"Paris"}');
    expect(t['gen_ai.tool.call.result']).toBe('21');
  });

  it('strips vendor attributes by default and keeps them on request', () => {
    const original = {
      'openinference.span.kind': 'LLM',
      'llm.input_messages.0.message.content': 'hi',
      'http.response.status_code': 200,
      'gen_ai.response.id': 'r1',
      'gen_ai.system': 'OpenAI',
    };
    const stripped = deriveCanonicalAttributes(original, base);
    expect(stripped['openinference.span.kind']).toBeUndefined();
    expect(stripped['llm.input_messages.0.message.content']).toBeUndefined();
    expect(stripped['gen_ai.system']).toBeUndefined();
    expect(stripped['http.response.status_code']).toBe(200);
    expect(stripped['gen_ai.response.id']).toBe('r1');
    expect(stripped['gen_ai.operation.name']).toBe('chat');
    const kept = deriveCanonicalAttributes(original, base, 'keep');
    expect(kept['openinference.span.kind']).toBe('LLM');
    expect(kept['gen_ai.operation.name']).toBe('chat');
  });
});

describe('Datadog OTLP preset', () => {
  it('builds the documented endpoint and headers', () => {
    expect(datadogOtlpExporterConfig({ site: 'datadoghq.eu', apiKey: 'k'.repeat(32), mlApp: 'shop' })).toEqual({
      url: 'https://otlp.datadoghq.eu/v1/traces',
      headers: { 'dd-api-key': 'k'.repeat(32), 'dd-otlp-source': 'llmobs', 'dd-ml-app': 'shop' },
    });
  });

  it('refuses to build without an API key, without echoing secrets', () => {
    const saved = process.env.DD_API_KEY;
    delete process.env.DD_API_KEY;
    try {
      expect(() => datadogOtlpExporterConfig({ site: 'datadoghq.com' })).toThrow(/apiKey is invalid/);
      expect(() => datadogOtlpExporterConfig({ apiKey: '' })).toThrow(/<redacted>/);
    } finally {
      if (saved !== undefined) process.env.DD_API_KEY = saved;
    }
  });
});
