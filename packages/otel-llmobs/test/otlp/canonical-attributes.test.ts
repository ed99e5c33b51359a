import { describe, expect, it } from 'vitest';
import type { LLMObsSpan } from '../../src/conventions/model.js';
import { toCanonicalAttributes } from '../../src/otlp/canonical-attributes.js';
import { datadogOtlpExporterConfig } from '../../src/otlp/datadog-otlp-preset.js';
import { deriveCanonicalAttributes, deriveCanonicalEvents } from '../../src/otlp/derive-attributes.js';

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
      userId: 'u-1',
      input: {
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Weather?' },
          { role: 'assistant', toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' }, toolId: 'c1', type: 'function' }] },
          { role: 'tool', toolResults: [{ result: '21C', toolId: 'c1', name: 'get_weather', type: 'tool_result' }] },
        ],
        prompt: { id: 'p', template: 'Weather {{city}}?', variables: { city: 'Paris' }, queryVariableKeys: ['city'] },
      },
      output: { messages: [{ role: 'assistant', content: 'It is 21C.' }] },
      metrics: { input_tokens: 10, output_tokens: 4, total_tokens: 14, cache_read_input_tokens: 2, time_per_output_token: 0.01, custom_score: 0.5 },
      metadata: { temperature: 0.2, max_tokens: 64, stop_sequences: ['END'], finish_reasons: ['stop'], temperature_unit: 'C' },
      toolDefinitions: [{ name: 'get_weather', description: 'w', schema: { type: 'object' } }],
    });
    expect(a['gen_ai.operation.name']).toBe('chat');
    expect(a['gen_ai.provider.name']).toBe('openai');
    expect(a['gen_ai.request.model']).toBe('gpt-4o');
    expect(a['gen_ai.conversation.id']).toBe('s-1');
    expect(a['user.id']).toBe('u-1');
    // System messages stay in the input messages (position and count kept); no gen_ai.system_instructions.
    expect(a['gen_ai.system_instructions']).toBeUndefined();
    expect(JSON.parse(a['gen_ai.input.messages'] as string)).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Weather?' }] },
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'c1', name: 'get_weather', arguments: { city: 'Paris' } }] },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'c1', response: '21C' }] },
    ]);
    // One output message per finish reason: it gets its finish_reason, as semconv's output schema wants.
    expect(JSON.parse(a['gen_ai.output.messages'] as string)).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'It is 21C.' }], finish_reason: 'stop' },
    ]);
    // GenAI carries these messages exactly: no copy in _dd.ml_obs.input / output.
    expect(a['_dd.ml_obs.input']).toBeUndefined();
    expect(a['_dd.ml_obs.output']).toBeUndefined();
    expect(a['gen_ai.usage.input_tokens']).toBe(10);
    expect(a['gen_ai.usage.cache_read.input_tokens']).toBe(2);
    expect(JSON.parse(a['_dd.ml_obs.metrics'] as string)).toEqual({ time_per_output_token: 0.01, custom_score: 0.5 });
    // Standard request parameters and finish reasons as GenAI attributes; the rest in _dd.ml_obs.metadata.
    expect(a['gen_ai.request.temperature']).toBe(0.2);
    expect(a['gen_ai.request.max_tokens']).toBe(64);
    expect(a['gen_ai.request.stop_sequences']).toEqual(['END']);
    expect(a['gen_ai.response.finish_reasons']).toEqual(['stop']);
    expect(JSON.parse(a['_dd.ml_obs.metadata'] as string)).toEqual({ temperature_unit: 'C' });
    expect(JSON.parse(a['_dd.ml_obs.prompt_tracking'] as string)).toEqual({
      id: 'p',
      template: 'Weather {{city}}?',
      variables: { city: 'Paris' },
      rag_query_variables: ['city'],
    });
    expect(a['gen_ai.prompt.name']).toBe('p');
    expect(JSON.parse(a['gen_ai.tool.definitions'] as string)).toEqual([
      { type: 'function', name: 'get_weather', description: 'w', parameters: { type: 'object' } },
    ]);
  });

  it('writes _dd.ml_obs.name only when the LLM Observability name is not the span name', () => {
    const source = { name: 'chat gpt-4o', attributes: {} };
    expect(toCanonicalAttributes(base, source)['_dd.ml_obs.name']).toBeUndefined();
    expect(toCanonicalAttributes({ ...base, name: 'draft-reply' }, source)['_dd.ml_obs.name']).toBe('draft-reply');
    // Without a source span, the name is always written.
    expect(toCanonicalAttributes(base)['_dd.ml_obs.name']).toBe('chat gpt-4o');
  });

  it("keeps the source's operation when Datadog and our kind table agree on it", () => {
    const op = (kind: LLMObsSpan['kind'], original: string) =>
      toCanonicalAttributes({ ...base, kind }, { name: 'x', attributes: { 'gen_ai.operation.name': original } })['gen_ai.operation.name'];
    expect(op('llm', 'text_completion')).toBe('text_completion');
    expect(op('llm', 'generate_content')).toBe('generate_content');
    expect(op('agent', 'create_agent')).toBe('create_agent');
    // Datadog would show `responses` as a workflow.
    expect(op('llm', 'responses')).toBe('chat');
    // A demoted framework llm span (nested-LLM reconciliation) is a workflow now.
    expect(op('workflow', 'chat')).toBe('invoke_workflow');
  });

  it('states input tokens explicitly when our mapper would add cache tokens to them again', () => {
    const anthropic = { ...base, modelProvider: 'anthropic', metrics: { input_tokens: 30, output_tokens: 5, total_tokens: 35, cache_read_input_tokens: 21, cache_write_input_tokens: 4 } };
    // traceloop's Anthropic instrumentation ≤ 0.27 reports Anthropic's cache-exclusive count: the mapper adds the cache.
    const traceloop = toCanonicalAttributes(anthropic, { name: 'anthropic.chat', attributes: {}, instrumentationScope: { name: '@traceloop/instrumentation-anthropic', version: '0.27.0' } });
    expect(traceloop['gen_ai.usage.input_tokens']).toBe(30);
    expect(JSON.parse(traceloop['_dd.ml_obs.metrics'] as string)).toEqual({ input_tokens: 30, total_tokens: 35 });
    const other = toCanonicalAttributes(anthropic, { name: 'chat', attributes: {}, instrumentationScope: { name: 'my-lib' } });
    expect(other['_dd.ml_obs.metrics']).toBeUndefined();
  });

  it('carries server tool calls and results, reasoning and media as GenAI parts', () => {
    const a = toCanonicalAttributes({
      ...base,
      input: { messages: [{ role: 'user', content: 'Look', imageParts: [{ content: 'https://x/y.png', mimeType: 'image/png' }], audioParts: [{ content: 'UklGRg==', mimeType: 'audio/wav' }] }] },
      output: {
        messages: [
          { role: 'reasoning', content: 'hmm' },
          { role: 'assistant', content: 'Done', toolCalls: [{ name: 'web_search', arguments: { q: 'y' }, toolId: 's1', type: 'server' }], toolResults: [{ result: 'found', toolId: 's1', name: 'web_search', type: 'server' }] },
        ],
      },
    });
    expect(JSON.parse(a['gen_ai.input.messages'] as string)).toEqual([
      {
        role: 'user',
        parts: [
          { type: 'text', content: 'Look' },
          { type: 'uri', modality: 'image', uri: 'https://x/y.png', mime_type: 'image/png' },
          { type: 'blob', modality: 'audio', content: 'UklGRg==', mime_type: 'audio/wav' },
        ],
      },
    ]);
    expect(JSON.parse(a['gen_ai.output.messages'] as string)).toEqual([
      {
        role: 'assistant',
        parts: [
          { type: 'reasoning', content: 'hmm' },
          { type: 'text', content: 'Done' },
          { type: 'server_tool_call', id: 's1', name: 'web_search', server_tool_call: { q: 'y' } },
          { type: 'server_tool_call_response', server_tool_call_response: 'found', id: 's1' },
        ],
      },
    ]);
    expect(a['_dd.ml_obs.input']).toBeUndefined();
    expect(a['_dd.ml_obs.output']).toBeUndefined();
  });

  it('copies the exact messages beside GenAI when GenAI cannot carry them', () => {
    const messages = [{ role: 'tool', content: 'answer', toolId: 'c9' }];
    const a = toCanonicalAttributes({ ...base, input: { messages } });
    // GenAI: a tool_call_response part (what Datadog reads); ours: the exact message.
    expect(JSON.parse(a['gen_ai.input.messages'] as string)).toEqual([{ role: 'tool', parts: [{ type: 'tool_call_response', id: 'c9', response: 'answer' }] }]);
    expect(JSON.parse(a['_dd.ml_obs.input'] as string)).toEqual({ messages });
  });

  it('describes tool, agent and retrieval spans with their GenAI descriptors', () => {
    const tool = toCanonicalAttributes({ ...base, kind: 'tool', name: 'get_weather', metadata: { tool_id: 'c1', tool_type: 'function', tool_description: 'weather', extra: 1 } });
    expect(tool['gen_ai.tool.call.id']).toBe('c1');
    expect(tool['gen_ai.tool.type']).toBe('function');
    expect(tool['gen_ai.tool.description']).toBe('weather');
    expect(JSON.parse(tool['_dd.ml_obs.metadata'] as string)).toEqual({ extra: 1 });
    const agent = toCanonicalAttributes({ ...base, kind: 'agent', name: 'planner', metadata: { agent_id: 'a1' } });
    expect(agent['gen_ai.agent.name']).toBe('planner');
    expect(agent['gen_ai.agent.id']).toBe('a1');
    const retrieval = toCanonicalAttributes({ ...base, kind: 'retrieval', metadata: { data_source_id: 'kb' } });
    expect(retrieval['gen_ai.data_source.id']).toBe('kb');
    // Request parameters are model-call metadata: on other kinds they stay in _dd.ml_obs.metadata.
    const workflow = toCanonicalAttributes({ ...base, kind: 'workflow', metadata: { temperature: 1 } });
    expect(workflow['gen_ai.request.temperature']).toBeUndefined();
    expect(JSON.parse(workflow['_dd.ml_obs.metadata'] as string)).toEqual({ temperature: 1 });
  });

  it('reports collection errors in _dd.ml_obs.annotation_errors', () => {
    const a = toCanonicalAttributes({ ...base, collectionErrors: ['genai: gen_ai.input.messages: invalid JSON', 'llmobs: metadata must be an object'] });
    expect(JSON.parse(a['_dd.ml_obs.annotation_errors'] as string)).toEqual(['genai: gen_ai.input.messages: invalid JSON', 'metadata must be an object']);
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

  it('strips vendor attributes and the GenAI attributes it rewrites by default, and keeps them on request', () => {
    const original = {
      'openinference.span.kind': 'LLM',
      'llm.input_messages.0.message.content': 'hi',
      'http.response.status_code': 200,
      'gen_ai.response.id': 'r1',
      'gen_ai.response.model': 'gpt-4o-2024-08-06',
      'gen_ai.request.temperature': 0.9,
      'gen_ai.system': 'OpenAI',
      '_dd.ml_obs.input': '{"messages":[]}',
    };
    const stripped = deriveCanonicalAttributes(original, base);
    expect(stripped['openinference.span.kind']).toBeUndefined();
    expect(stripped['llm.input_messages.0.message.content']).toBeUndefined();
    expect(stripped['gen_ai.system']).toBeUndefined();
    expect(stripped['_dd.ml_obs.input']).toBeUndefined();
    // Rewritten from the model (which a hook may have changed): the source's copies go.
    expect(stripped['gen_ai.response.model']).toBeUndefined();
    expect(stripped['gen_ai.request.temperature']).toBeUndefined();
    // Not LLM conventions, or GenAI the writer does not rewrite: kept.
    expect(stripped['http.response.status_code']).toBe(200);
    expect(stripped['gen_ai.response.id']).toBe('r1');
    expect(stripped['gen_ai.operation.name']).toBe('chat');
    const kept = deriveCanonicalAttributes(original, base, 'keep');
    expect(kept['openinference.span.kind']).toBe('LLM');
    expect(kept['gen_ai.response.model']).toBe('gpt-4o-2024-08-06');
    expect(kept['gen_ai.operation.name']).toBe('chat');
  });

  it('strips the span events that only repeat messages, and keeps the others', () => {
    const events = [
      { name: 'gen_ai.client.inference.operation.details', time: [1, 0] as [number, number], attributes: { 'gen_ai.input.messages': '[]' } },
      { name: 'gen_ai.choice', time: [1, 0] as [number, number] },
      { name: 'ai.stream.firstChunk', time: [1, 0] as [number, number] },
      { name: 'exception', time: [1, 0] as [number, number], attributes: { 'exception.type': 'Error' } },
      { name: 'retry', time: [1, 0] as [number, number] },
    ];
    expect(deriveCanonicalEvents(events).map((e) => e.name)).toEqual(['exception', 'retry']);
    expect(deriveCanonicalEvents(events, 'keep')).toBe(events);
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
