import { describe, expect, it } from 'vitest';
import { encodeSpanEvent } from '../../src/datadog/encode-span-event.js';
import { encodeSpanEventsPayload } from '../../src/datadog/encode-span-events-payload.js';
import { makeSpan } from './span-fixtures.js';

const ctx = { ddTags: [['team', 'llm-obs'] as const, ['region', 'eu'] as const], service: 'svc', env: 'prod', version: '1.2.3' };

describe('encodeSpanEvent: envelope fields', () => {
  it('emits the SpanEvent keys in dd-trace order, ids in wire formats', () => {
    const event = encodeSpanEvent(
      makeSpan({ spanId: 'ffffffffffffffff', parentId: '8000000000000000', sessionId: 's-1', collectionErrors: ['bad attr'] }),
      ctx,
    );
    expect(Object.keys(event)).toEqual([
      'trace_id', 'span_id', 'parent_id', 'name', 'tags', 'start_ns', 'duration', 'status', 'meta', 'metrics', '_dd', 'session_id', 'collection_errors',
    ]);
    expect(event.span_id).toBe('18446744073709551615');
    expect(event.parent_id).toBe('9223372036854775808');
    expect(event.trace_id).toBe('6b03963100000000567006f49b4fdc81');
    expect(event._dd).toEqual({
      span_id: '18446744073709551615',
      trace_id: '6b03963100000000567006f49b4fdc81',
      sample_rate: '1',
      sampling_decision: '1',
      apm_trace_id: '6b03963100000000567006f49b4fdc81',
    });
    expect(Object.keys(event._dd)).toEqual(['span_id', 'trace_id', 'sample_rate', 'sampling_decision', 'apm_trace_id']);
    expect(event.session_id).toBe('s-1');
    expect(event.collection_errors).toEqual(['bad attr']);
  });

  it('roots get parent_id "undefined"; no session_id / collection_errors keys when absent', () => {
    const event = encodeSpanEvent(makeSpan(), ctx);
    expect(event.parent_id).toBe('undefined');
    expect('session_id' in event).toBe(false);
    expect('collection_errors' in event).toBe(false);
    expect(event.metrics).toEqual({});
    expect(event.meta).toEqual({ 'span.kind': 'task', input: {}, output: {} });
  });

  it('times: start_ns from HrTime, integer duration', () => {
    const event = encodeSpanEvent(makeSpan({ startTime: [1_700_000_000, 123_456_789], durationNs: 1500.6 }), ctx);
    expect(event.start_ns).toBe(1_700_000_000 * 1e9 + 123_456_789);
    expect(event.duration).toBe(1501);
  });

  it('sampling: rate as a string, decision "0" or "1"', () => {
    expect(encodeSpanEvent(makeSpan({ sampling: { rate: 0.5, decision: false } }), ctx)._dd).toMatchObject({ sample_rate: '0.5', sampling_decision: '0' });
    expect(encodeSpanEvent(makeSpan({ sampling: { rate: 0, decision: false } }), ctx)._dd).toMatchObject({ sample_rate: '0', sampling_decision: '0' });
  });

  it('uses apmTraceId in _dd when the trace was continued from dd-trace', () => {
    const event = encodeSpanEvent(makeSpan({ apmTraceId: '6B0396350000000038EB24E5CEEB6E8A' }), ctx);
    expect(event.trace_id).toBe('6b03963100000000567006f49b4fdc81');
    expect(event._dd.trace_id).toBe('6b0396350000000038eb24e5ceeb6e8a');
    expect(event._dd.apm_trace_id).toBe('6b0396350000000038eb24e5ceeb6e8a');
  });

  it('throws TypeError on malformed ids (the exporter counts those as invalid_span)', () => {
    expect(() => encodeSpanEvent(makeSpan({ spanId: 'xyz' }), ctx)).toThrow(TypeError);
    expect(() => encodeSpanEvent(makeSpan({ traceId: 'abc' }), ctx)).toThrow(TypeError);
  });

  it('only finite metrics', () => {
    const event = encodeSpanEvent(makeSpan({ metrics: { input_tokens: 3, bad: Number.NaN, inf: Infinity, time_to_first_token: 0.1 } }), ctx);
    expect(event.metrics).toEqual({ input_tokens: 3, time_to_first_token: 0.1 });
  });
});

describe('encodeSpanEvent: tags', () => {
  it('follows dd-trace order, with defaults and without ddtrace.version', () => {
    const event = encodeSpanEvent(makeSpan({ tags: { feature: 'greeting', attempt: '1' } }), ctx);
    expect(event.tags).toEqual([
      'team:llm-obs', 'region:eu', 'version:1.2.3', 'env:prod', 'service:svc', 'source:integration', 'ml_app:test-app', 'error:0',
      'language:javascript', 'feature:greeting', 'attempt:1',
    ]);
  });

  it('empty env/version/service when unknown', () => {
    expect(encodeSpanEvent(makeSpan(), {}).tags.slice(0, 3)).toEqual(['version:', 'env:', 'service:']);
  });

  it('error, error_type and session_id', () => {
    const event = encodeSpanEvent(makeSpan({ status: 'error', error: { type: 'TypeError', message: 'boom' }, sessionId: 'sess' }), ctx);
    expect(event.tags.slice(-4)).toEqual(['error:1', 'language:javascript', 'error_type:TypeError', 'session_id:sess']);
  });

  it('user tags override earlier keys in place; arrays fan out; integer-like keys first (JS object order)', () => {
    const event = encodeSpanEvent(makeSpan({ tags: { env: 'staging', arr: ['x', 'y'], '7': 'seven', empty: [] } }), ctx);
    expect(event.tags).toEqual([
      '7:seven', 'team:llm-obs', 'region:eu', 'version:1.2.3', 'env:staging', 'service:svc', 'source:integration', 'ml_app:test-app',
      'error:0', 'language:javascript', 'arr:x', 'arr:y',
    ]);
  });

  it('a prompt on an llm span adds prompt_tracking_instrumentation_method:annotated', () => {
    const llm = encodeSpanEvent(makeSpan({ kind: 'llm', input: { prompt: { template: 't' } } }), ctx);
    expect(llm.tags.at(-1)).toBe('prompt_tracking_instrumentation_method:annotated');
    const task = encodeSpanEvent(makeSpan({ kind: 'task', input: { value: 'x', prompt: { template: 't' } } }), ctx);
    expect(task.tags.some((t) => t.startsWith('prompt_tracking'))).toBe(false);
    expect(task.meta.input).toEqual({ value: 'x' });
  });
});

describe('encodeSpanEvent: meta', () => {
  it('meta keys in dd-trace order; model defaults and lower-cased provider on llm/embedding only', () => {
    const event = encodeSpanEvent(
      makeSpan({
        kind: 'llm',
        status: 'error',
        modelProvider: 'OpenAI',
        metadata: { temperature: 0.2 },
        toolDefinitions: [{ name: 't', description: 'd', schema: { type: 'object' }, version: '1' }],
        agentAttribution: { name: 'agent', spanId: '8000000000000000' },
        error: { message: 'm', type: 'E', stack: 's' },
      }),
      ctx,
    );
    expect(Object.keys(event.meta)).toEqual([
      'span.kind', 'input', 'output', 'model_name', 'model_provider', 'metadata', 'tool_definitions', 'agent_attribution', 'error.message', 'error.type', 'error.stack',
    ]);
    expect(event.meta.model_name).toBe('custom');
    expect(event.meta.model_provider).toBe('openai');
    expect(event.meta.agent_attribution).toEqual({ pagent_name: 'agent', pagent_span_id: '9223372036854775808' });
    expect(encodeSpanEvent(makeSpan({ kind: 'embedding' }), ctx).meta).toMatchObject({ model_name: 'custom', model_provider: 'custom' });
    expect('model_name' in encodeSpanEvent(makeSpan({ kind: 'tool', modelName: 'gpt' }), ctx).meta).toBe(false);
  });

  it('pagent_name is null when the agent has no name; error keys only on error spans', () => {
    const event = encodeSpanEvent(makeSpan({ agentAttribution: { spanId: '0000000000000001' }, error: { message: 'ignored' } }), ctx);
    expect(event.meta.agent_attribution).toEqual({ pagent_name: null, pagent_span_id: '1' });
    expect('error.message' in event.meta).toBe(false);
  });

  it('input/output shape per kind', () => {
    const io = {
      input: { value: 'in', messages: [{ role: 'user', content: 'hi' }], documents: [{ text: 'd' }] },
      output: { value: 'out', messages: [{ role: 'assistant', content: 'yo' }], documents: [{ text: 'e', score: 0.5 }] },
    };
    const meta = (kind: 'llm' | 'embedding' | 'retrieval' | 'workflow') => encodeSpanEvent(makeSpan({ kind, ...io }), ctx).meta;
    expect(meta('llm')).toMatchObject({ input: { messages: [{ role: 'user', content: 'hi' }] }, output: { messages: [{ role: 'assistant', content: 'yo' }] } });
    expect(meta('embedding')).toMatchObject({ input: { documents: [{ text: 'd' }] }, output: { value: 'out' } });
    expect(meta('retrieval')).toMatchObject({ input: { value: 'in' }, output: { documents: [{ text: 'e', score: 0.5 }] } });
    expect(meta('workflow')).toMatchObject({ input: { value: 'in' }, output: { value: 'out' } });
    expect(encodeSpanEvent(makeSpan({ input: { value: '' } }), ctx).meta.input).toEqual({});
  });

  it('messages: key order and the content / tool_id rules', () => {
    const event = encodeSpanEvent(
      makeSpan({
        kind: 'llm',
        input: {
          messages: [
            { role: 'user' },
            { role: 'assistant', toolCalls: [{ name: 'get', arguments: { a: 1 }, toolId: 'c1', type: 'function' }] },
            { role: 'tool', toolResults: [{ result: '{}', toolId: 'c1' }], toolId: 'c1' },
            { role: 'user', content: 'x', toolId: 'dropped' },
            { role: 'user', content: 'look', imageParts: [{ mimeType: 'image/png', content: 'b64' }], audioParts: [{ mimeType: 'audio/wav', attachmentKey: 'k' }] },
            { role: 'assistant', content: 'both', toolCalls: [{ name: 'n' }], toolResults: [{ result: 'r', name: 'n', type: 't' }] },
          ],
        },
      }),
      ctx,
    );
    const messages = (event.meta.input as { messages: Array<Record<string, unknown>> }).messages;
    expect(messages[0]).toEqual({ role: 'user', content: '' });
    expect(messages[1]).toEqual({ role: 'assistant', tool_calls: [{ name: 'get', arguments: { a: 1 }, tool_id: 'c1', type: 'function' }] });
    expect(messages[2]).toEqual({ role: 'tool', tool_results: [{ result: '{}', tool_id: 'c1', name: '' }], tool_id: 'c1' });
    expect(Object.keys(messages[2]!)).toEqual(['role', 'tool_results', 'tool_id']);
    expect(Object.keys((messages[2]!.tool_results as object[])[0]!)).toEqual(['result', 'tool_id', 'name']);
    expect(messages[3]).toEqual({ role: 'user', content: 'x' });
    expect(Object.keys(messages[4]!)).toEqual(['role', 'content', 'audio_parts', 'image_parts']);
    expect(messages[4]!.image_parts).toEqual([{ mime_type: 'image/png', content: 'b64' }]);
    expect(messages[4]!.audio_parts).toEqual([{ mime_type: 'audio/wav', attachment_key: 'k' }]);
    expect(Object.keys(messages[5]!)).toEqual(['role', 'content', 'tool_calls', 'tool_results']);
  });

  it('documents: {text, name?, id?, score?}', () => {
    const event = encodeSpanEvent(
      makeSpan({ kind: 'retrieval', output: { documents: [{ score: 1, id: 'i', name: 'n', text: 't' }, { id: 'only-id' }, { text: 'x', score: Number.NaN }] } }),
      ctx,
    );
    const docs = (event.meta.output as { documents: object[] }).documents;
    expect(docs.map((d) => Object.keys(d))).toEqual([['text', 'name', 'id', 'score'], ['text', 'id'], ['text']]);
    expect(docs[1]).toEqual({ text: '', id: 'only-id' });
  });

  it('prompt: defaults, order, template vs chat_template', () => {
    const full = encodeSpanEvent(
      makeSpan({
        kind: 'llm',
        input: {
          messages: [{ role: 'user', content: 'q' }],
          prompt: {
            tags: { t: 'v' },
            template: 'Hi {{name}}',
            variables: { name: 'Ada' },
            promptVersionUuid: 'pv',
            promptUuid: 'pu',
            version: '2',
            id: 'greet',
            contextVariableKeys: ['docs'],
            queryVariableKeys: ['q'],
          },
        },
      }),
      ctx,
    );
    const prompt = (full.meta.input as { prompt: Record<string, unknown> }).prompt;
    expect(Object.keys(full.meta.input as object)).toEqual(['messages', 'prompt']);
    expect(Object.keys(prompt)).toEqual([
      'id', 'version', 'prompt_uuid', 'prompt_version_uuid', 'variables', 'template', 'tags', '_dd_context_variable_keys', '_dd_query_variable_keys',
    ]);
    expect(prompt._dd_context_variable_keys).toEqual(['docs']);

    const chat = encodeSpanEvent(makeSpan({ kind: 'llm', input: { prompt: { chatTemplate: [{ role: 'system', content: 'Be brief.' }] } } }), ctx);
    expect((chat.meta.input as { prompt: unknown }).prompt).toEqual({
      id: 'test-app_unnamed-prompt',
      chat_template: [{ role: 'system', content: 'Be brief.' }],
      _dd_context_variable_keys: ['context'],
      _dd_query_variable_keys: ['question'],
    });
  });

  it('metadata only when non-empty; unserializable values do not cost the span', () => {
    expect('metadata' in encodeSpanEvent(makeSpan(), ctx).meta).toBe(false);
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    const raw = encodeSpanEventsPayload([makeSpan({ metadata: { circular, big: 10n, ok: 'yes' } })], ctx);
    const meta = (JSON.parse(raw) as Array<{ spans: Array<{ meta: { metadata: unknown } }> }>)[0]!.spans[0]!.meta;
    expect(meta.metadata).toEqual({ circular: { a: 1, self: 'Unserializable value' }, big: 'Unserializable value', ok: 'yes' });
  });
});

describe('encodeSpanEvent: what the intake would reject never goes out (found by the wire-contract property test)', () => {
  it('leaves out tool calls and tool definitions without a name', () => {
    const event = encodeSpanEvent(
      makeSpan({
        kind: 'llm',
        output: { messages: [{ role: 'assistant', toolCalls: [{ name: '', type: 'function' }] }, { role: 'assistant', toolCalls: [{ name: '' }, { name: 'get_time' }] }] },
        toolDefinitions: [{ name: '' }, { name: 'get_weather' }],
      }),
      ctx,
    );
    expect((event.meta.output as { messages: unknown[] }).messages).toEqual([
      { role: 'assistant', content: '' },
      { role: 'assistant', tool_calls: [{ name: 'get_time' }] },
    ]);
    expect(event.meta.tool_definitions).toEqual([{ name: 'get_weather' }]);
  });

  it('sends a duration that is not a finite number as 0 (JSON would make it null)', () => {
    expect(encodeSpanEvent(makeSpan({ durationNs: Number.POSITIVE_INFINITY }), ctx).duration).toBe(0);
    expect(encodeSpanEvent(makeSpan({ durationNs: Number.NaN }), ctx).duration).toBe(0);
  });
});
