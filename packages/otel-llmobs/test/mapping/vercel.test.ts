import type { Attributes } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { mapSpan } from '../../src/mapping/map-span.js';
import { vercelMapper } from '../../src/mapping/vercel.js';
import { listFixtureIds, loadFixture } from '../helpers/fixtures.js';

/** A Vercel span as ai ≤ 6 / ai 7 `LegacyOpenTelemetry` emit it: named after its operation id. */
const vercel = (operationId: string, attributes: Attributes, name = operationId) =>
  mapSpan({ name, attributes: { 'ai.operationId': operationId, ...attributes }, instrumentationScope: { name: 'ai' } });
const doGenerate = (attributes: Attributes) => vercel('ai.generateText.doGenerate', attributes);
const messages = (list: unknown[]) => ({ 'ai.prompt.messages': JSON.stringify(list) });

describe('Vercel AI SDK messages', () => {
  it('maps tool-call and tool-result parts of every SDK vintage', () => {
    const m = doGenerate(
      messages([
        {
          role: 'assistant',
          content: [
            { type: 'text', text: '' },
            { type: 'tool-call', toolCallId: 'a', toolName: 'weather', input: { city: 'Paris' } },
            { type: 'tool-call', toolCallId: 'b', toolName: 'time', args: '{"tz":"CET"}' },
            { type: 'tool-call', toolCallId: 'c', toolName: 'web_search', input: {}, providerExecuted: true },
          ],
        },
        {
          role: 'tool',
          content: [
            { type: 'tool-result', toolCallId: 'a', toolName: 'weather', output: { type: 'json', value: { t: 21 } } },
            { type: 'tool-result', toolCallId: 'b', toolName: 'time', result: '12:00' },
          ],
        },
        {
          role: 'tool',
          content: [{ type: 'tool-result', toolCallId: 'd', toolName: 'x', output: { type: 'text', value: 'plain' } }],
        },
        {
          role: 'tool',
          content: [
            { type: 'tool-result', toolCallId: 'e', toolName: 'x', output: { type: 'error-json', value: { code: 1 } } },
          ],
        },
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'f',
              toolName: 'shot',
              output: { type: 'content', value: [{ type: 'text', text: 'see ' }, { type: 'media', mediaType: 'image/png', data: 'AA' }] },
            },
          ],
        },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'g', toolName: 'rm', output: { type: 'execution-denied' } }] },
      ]),
    );
    expect(m?.input.messages).toEqual([
      {
        role: 'assistant',
        toolCalls: [
          { name: 'weather', arguments: { city: 'Paris' }, toolId: 'a', type: 'function' },
          { name: 'time', arguments: { tz: 'CET' }, toolId: 'b', type: 'function' },
          { name: 'web_search', arguments: {}, toolId: 'c', type: 'server' },
        ],
      },
      // Two results in one tool message: one message each.
      { role: 'tool', toolResults: [{ result: '{"t":21}', toolId: 'a', name: 'weather', type: 'tool_result' }] },
      { role: 'tool', toolResults: [{ result: '12:00', toolId: 'b', name: 'time', type: 'tool_result' }] },
      { role: 'tool', toolResults: [{ result: 'plain', toolId: 'd', name: 'x', type: 'tool_result' }] },
      { role: 'tool', toolResults: [{ result: '{"code":1}', toolId: 'e', name: 'x', type: 'tool_result' }] },
      { role: 'tool', toolResults: [{ result: 'see [Image]', toolId: 'f', name: 'shot', type: 'tool_result' }] },
      { role: 'tool', toolResults: [{ result: '[Tool Execution Denied]', toolId: 'g', name: 'rm', type: 'tool_result' }] },
    ]);
    expect(m?.collectionErrors).toEqual([]);
  });

  it('maps images, files and reasoning parts', () => {
    const m = doGenerate(
      messages([
        { role: 'system', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is ' },
            { type: 'image', image: 'https://x.test/cat.png' },
            { type: 'file', data: 'UklGRg==', mediaType: 'audio/wav' },
            { type: 'file', data: 'iVBORw0=', mediaType: 'image/png' },
            { type: 'file', data: 'JVBERi0=', mediaType: 'application/pdf' },
            { type: 'image', image: { not: 'a string' } },
            { type: 'text', text: 'this?' },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'Looks like a cat.' },
            { type: 'text', text: 'A cat.' },
          ],
        },
      ]),
    );
    expect(m?.input.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      {
        role: 'user',
        content: 'What is this?',
        imageParts: [{ content: 'https://x.test/cat.png' }, { content: 'iVBORw0=', mimeType: 'image/png' }],
        audioParts: [{ content: 'UklGRg==', mimeType: 'audio/wav' }],
      },
      { role: 'reasoning', content: 'Looks like a cat.' },
      { role: 'assistant', content: 'A cat.' },
    ]);
  });

  it('output: reasoning, text and tool calls; object output when there is no text', () => {
    const m = doGenerate({
      'ai.response.reasoning': 'thinking',
      'ai.response.text': 'ok',
      'ai.response.toolCalls': JSON.stringify([{ toolCallId: 'a', toolName: 't', args: { x: 1 } }]),
    });
    expect(m?.output.messages).toEqual([
      { role: 'reasoning', content: 'thinking' },
      { role: 'assistant', content: 'ok', toolCalls: [{ name: 't', arguments: { x: 1 }, toolId: 'a', type: 'function' }] },
    ]);
    const obj = vercel('ai.generateObject.doGenerate', { 'ai.response.object': '{"city":"Paris"}' });
    expect(obj?.output.messages).toEqual([{ role: 'assistant', content: '{"city":"Paris"}' }]);
  });

  it('keeps the span and reports malformed message JSON', () => {
    const m = doGenerate({ 'ai.prompt.messages': '[{"role":"user"', 'ai.response.text': 'still mapped', 'ai.response.toolCalls': '{}' });
    expect(m?.kind).toBe('llm');
    expect(m?.input).toEqual({});
    expect(m?.output.messages).toEqual([{ role: 'assistant', content: 'still mapped' }]);
    expect(m?.collectionErrors).toEqual([
      expect.stringMatching(/^vercel: ai\.prompt\.messages: invalid JSON/),
      'vercel: ai.response.toolCalls: expected a JSON array',
    ]);
    const notArray = doGenerate({ 'ai.prompt.messages': '{"role":"user"}' });
    expect(notArray?.collectionErrors).toEqual(['vercel: ai.prompt.messages: expected a JSON array of messages']);
  });
});

describe('Vercel AI SDK usage', () => {
  it('takes cache writes (and reads) from Anthropic provider metadata and makes input tokens inclusive', () => {
    // Anthropic via ai 5: inputTokens is the uncached count; cache counts only in providerMetadata.
    const m = doGenerate({
      'ai.usage.inputTokens': 5,
      'ai.usage.outputTokens': 7,
      'ai.usage.totalTokens': 12,
      'ai.usage.cachedInputTokens': 0,
      'ai.response.providerMetadata': JSON.stringify({ anthropic: { cacheCreationInputTokens: 20, cacheReadInputTokens: 10 } }),
    });
    expect(m?.metrics).toEqual({
      input_tokens: 35,
      output_tokens: 7,
      total_tokens: 42,
      cache_read_input_tokens: 10,
      cache_write_input_tokens: 20,
    });
  });

  it('reads Bedrock cache counts and uses noCacheTokens to detect an exclusive input count', () => {
    const m = doGenerate({
      'ai.usage.inputTokens': 40,
      'ai.usage.inputTokenDetails.noCacheTokens': 40,
      'ai.usage.outputTokens': 2,
      'ai.response.providerMetadata': JSON.stringify({ bedrock: { usage: { cacheReadInputTokens: 8, cacheWriteInputTokens: 4 } } }),
    });
    expect(m?.metrics).toEqual({ input_tokens: 52, output_tokens: 2, total_tokens: 54, cache_read_input_tokens: 8, cache_write_input_tokens: 4 });
  });

  it('prefers the SDK usage details over provider metadata and leaves inclusive counts alone', () => {
    const m = doGenerate({
      'ai.usage.inputTokens': 30,
      'ai.usage.inputTokenDetails.noCacheTokens': 21,
      'ai.usage.inputTokenDetails.cacheReadTokens': 5,
      'ai.usage.inputTokenDetails.cacheWriteTokens': 4,
      'ai.usage.outputTokens': 3,
      'ai.usage.outputTokenDetails.reasoningTokens': 1,
      'ai.response.providerMetadata': JSON.stringify({ anthropic: { cacheCreationInputTokens: 99 } }),
    });
    expect(m?.metrics).toEqual({
      input_tokens: 30,
      output_tokens: 3,
      total_tokens: 33,
      cache_read_input_tokens: 5,
      cache_write_input_tokens: 4,
      reasoning_output_tokens: 1,
    });
  });

  it('reads ai 4 usage names and reports unusable counts', () => {
    const m = doGenerate({ 'ai.usage.promptTokens': 3, 'ai.usage.completionTokens': 4, 'ai.usage.totalTokens': 'x', 'ai.response.msToFirstChunk': 250 });
    expect(m?.metrics).toEqual({ input_tokens: 3, output_tokens: 4, total_tokens: 7, time_to_first_token: 0.25 });
    expect(m?.collectionErrors).toEqual(['vercel: ai.usage.totalTokens: not a token count']);
  });
});

describe('Vercel AI SDK names and metadata', () => {
  it('names spans {functionId}.{operation} unless renamed or without a functionId', () => {
    expect(vercel('ai.streamText', { 'ai.telemetry.functionId': 'f' })?.name).toBe('f.streamText');
    expect(vercel('ai.streamText', {})?.name).toBe('ai.streamText');
    expect(vercel('ai.streamText', { 'ai.telemetry.functionId': 'f' }, 'my-agent.agent')?.name).toBe('my-agent.agent');
    expect(vercel('ai.toolCall', { 'ai.telemetry.functionId': 'f', 'ai.toolCall.name': 'search' })?.name).toBe('search');
    // ai ≤ 3 put the tool's index in the name.
    expect(vercel('ai.toolCall', { 'ai.telemetry.functionId': 'f', 'ai.toolCall.name': '0' })?.name).toBe('f.toolCall');
  });

  it('maps settings to snake_case, keeps user metadata and context verbatim minus identity keys', () => {
    const m = vercel('ai.generateObject', {
      'ai.settings.maxOutputTokens': 100,
      'ai.settings.frequencyPenalty': 0.5,
      'ai.settings.stopSequences': ['END'],
      'ai.settings.context.sessionId': 's-ctx',
      'ai.settings.context.userId': 'u-ctx',
      'ai.settings.context.region': 'eu',
      'ai.telemetry.metadata.tenant': 'acme',
      'ai.telemetry.metadata.session_id': 'hidden',
      'ai.prompt.toolChoice': '{"type":"tool","toolName":"search"}',
      'ai.schema': '{"type":"object"}',
      'ai.request.headers.authorization': 'Bearer secret',
      'ai.prompt': JSON.stringify({ messages: [{ role: 'user', content: [{ type: 'text', text: 'Q?' }] }, { role: 'assistant', content: 'A' }] }),
      'ai.response.object': '{"answer":42}',
    });
    expect(m?.metadata).toEqual({
      max_tokens: 100,
      frequency_penalty: 0.5,
      stop_sequences: ['END'],
      region: 'eu',
      tenant: 'acme',
      tool_choice: 'tool:search',
      schema: { type: 'object' },
    });
    expect(m?.input).toEqual({ value: 'Q?' });
    expect(m?.output).toEqual({ value: '{"answer":42}' });
    // ai.telemetry.metadata.session_id comes before ai.settings.context.sessionId in the identity keys.
    expect(m?.sessionId).toBe('hidden');
    expect(m?.userId).toBe('u-ctx');
  });

  it('outer call output falls back to the tool calls; a non-JSON prompt is kept as is', () => {
    const m = vercel('ai.generateText', { 'ai.prompt': 'raw prompt', 'ai.response.text': '', 'ai.response.toolCalls': '[{"toolName":"t"}]' });
    expect(m?.input).toEqual({ value: 'raw prompt' });
    expect(m?.output).toEqual({ value: '[{"toolName":"t"}]' });
    expect(m?.collectionErrors).toEqual([expect.stringMatching(/^vercel: ai\.prompt: invalid JSON/)]);
  });

  it('embeddings: non-string and undecodable values are kept as text; a single vector attribute is one embedding', () => {
    const m = vercel('ai.embedMany.doEmbed', { 'ai.values': ['{"a":1}', 'plain', '"q"'], 'ai.embeddings': [0.1, 0.2, 0.3] });
    expect(m?.input).toEqual({ documents: [{ text: '{"a":1}' }, { text: 'plain' }, { text: 'q' }] });
    expect(m?.output).toEqual({ value: '[1 embedding(s) returned with size 3]' });
  });

  it('reads ai 7 LegacyOpenTelemetry context the same way as ai 6 metadata', () => {
    const m = vercel('ai.generateText', {
      'ai.settings.context.sessionId': 'sess-42',
      'ai.settings.context.userId': 'user-7',
      'ai.settings.context.tenant': 'acme',
      'ai.prompt': '{"prompt":"hi"}',
    });
    expect(m?.sessionId).toBe('sess-42');
    expect(m?.userId).toBe('user-7');
    expect(m?.metadata).toEqual({ tenant: 'acme' });
  });
});

describe('ai 7 LegacyOpenTelemetry', () => {
  // ai 7 + LegacyOpenTelemetry emits ai 6's spans, except that telemetry metadata becomes runtime
  // context (`ai.settings.context.<key>`, spec conventions §6.2). Rewriting the ai 6 fixtures that
  // way must not change a single mapped field.
  const ids = listFixtureIds().filter((id) => id.startsWith('vercel-ai6/'));

  it.each(ids)('%s maps the same as its ai 7 legacy twin', (id) => {
    for (const span of loadFixture(id).spans) {
      const attributes: Attributes = {};
      for (const [key, value] of Object.entries(span.attributes)) {
        attributes[key.replace(/^ai\.telemetry\.metadata\./, 'ai.settings.context.')] = value;
      }
      expect(mapSpan({ ...span, attributes })).toEqual(mapSpan(span));
    }
  });
});

describe('provider names', () => {
  it('does not resolve prototype keys as provider aliases', () => {
    expect(doGenerate({ 'gen_ai.system': '__proto__' })?.modelProvider).toBe('__proto__');
    expect(doGenerate({ 'ai.model.provider': 'constructor.chat' })?.modelProvider).toBe('constructor');
  });
});

describe('Vercel hostile keys', () => {
  it('skips __proto__ keys in settings, telemetry metadata and context', () => {
    const c = vercelMapper.map(
      {
        name: 'ai.generateText',
        attributes: {
          'ai.settings.__proto__': 'x',
          'ai.telemetry.metadata.__proto__': ['a'],
          'ai.settings.context.__proto__': 'y',
          'ai.telemetry.metadata.constructor': 'kept',
        },
      },
      { kind: 'workflow', problems: [] },
    );
    expect(Object.getPrototypeOf(c.metadata)).toBe(Object.prototype);
    expect(c.metadata).toEqual({ constructor: 'kept' });
  });
});
