import type { Attributes } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { mapSpan } from '../../src/mapping/map-span.js';
import { derivedPromptId, openInferenceMapper } from '../../src/mapping/openinference.js';

const oi = (kind: string, attributes: Attributes, name = 'span') => mapSpan({ name, attributes: { 'openinference.span.kind': kind, ...attributes } });

describe('OpenInference messages', () => {
  it('reads multimodal contents: text parts joined, images (data URLs give the MIME type), audio, reasoning', () => {
    const m = oi('LLM', {
      'llm.input_messages.0.message.role': 'user',
      'llm.input_messages.0.message.contents.0.message_content.type': 'text',
      'llm.input_messages.0.message.contents.0.message_content.text': 'Compare ',
      'llm.input_messages.0.message.contents.1.message_content.type': 'image',
      'llm.input_messages.0.message.contents.1.message_content.image.image.url': 'https://x.test/a.png',
      'llm.input_messages.0.message.contents.2.message_content.type': 'image',
      'llm.input_messages.0.message.contents.2.message_content.image.image.url': 'data:image/jpeg;base64,AAAA',
      'llm.input_messages.0.message.contents.3.message_content.type': 'text',
      'llm.input_messages.0.message.contents.3.message_content.text': 'these.',
      'llm.input_messages.0.message.contents.4.message_content.type': 'audio',
      'llm.input_messages.0.message.contents.4.message_content.audio.audio.url': 'https://x.test/a.wav',
      'llm.input_messages.0.message.contents.4.message_content.audio.audio.mime_type': 'audio/wav',
      'llm.output_messages.0.message.role': 'assistant',
      'llm.output_messages.0.message.contents.0.message_content.type': 'reasoning',
      'llm.output_messages.0.message.contents.0.message_content.text': 'They differ in colour.',
      'llm.output_messages.0.message.contents.1.message_content.type': 'output_text',
      'llm.output_messages.0.message.contents.1.message_content.text': 'One is red.',
    });
    expect(m?.input.messages).toEqual([
      {
        role: 'user',
        content: 'Compare these.',
        imageParts: [{ content: 'https://x.test/a.png' }, { content: 'data:image/jpeg;base64,AAAA', mimeType: 'image/jpeg' }],
        audioParts: [{ content: 'https://x.test/a.wav', mimeType: 'audio/wav' }],
      },
    ]);
    expect(m?.output.messages).toEqual([
      { role: 'reasoning', content: 'They differ in colour.' },
      { role: 'assistant', content: 'One is red.' },
    ]);
  });

  it('keeps tool-role messages as {role: tool, content, toolId}; tool_call_id elsewhere is dropped', () => {
    const m = oi('LLM', {
      'llm.input_messages.0.message.role': 'assistant',
      'llm.input_messages.0.message.content': '',
      'llm.input_messages.0.message.tool_call_id': 'not-a-tool-message',
      'llm.input_messages.0.message.tool_calls.0.tool_call.id': 'call_1',
      'llm.input_messages.0.message.tool_calls.0.tool_call.function.name': 'lookup',
      'llm.input_messages.0.message.tool_calls.0.tool_call.function.arguments': '{"q":"x"}',
      'llm.input_messages.0.message.tool_calls.1.tool_call.function.name': 'raw',
      'llm.input_messages.0.message.tool_calls.1.tool_call.function.arguments': 'not json',
      'llm.input_messages.1.message.role': 'tool',
      'llm.input_messages.1.message.content': 'result text',
      'llm.input_messages.1.message.tool_call_id': 'call_1',
      'llm.input_messages.2.message.role': 'assistant',
      'llm.input_messages.2.message.function_call_name': 'legacy_fn',
      'llm.input_messages.2.message.function_call_arguments_json': '{"a":1}',
    });
    expect(m?.input.messages).toEqual([
      {
        role: 'assistant',
        toolCalls: [
          { name: 'lookup', arguments: { q: 'x' }, toolId: 'call_1', type: 'function' },
          { name: 'raw', arguments: { value: 'not json' }, type: 'function' },
        ],
      },
      { role: 'tool', content: 'result text', toolId: 'call_1' },
      { role: 'assistant', toolCalls: [{ name: 'legacy_fn', arguments: { a: 1 }, type: 'function' }] },
    ]);
  });

  it('reads sparse, unordered and huge indices in order and ignores negative or malformed ones', () => {
    const m = oi('LLM', {
      'llm.input_messages.7.message.role': 'user',
      'llm.input_messages.7.message.content': 'third',
      'llm.input_messages.99999999999.message.role': 'user',
      'llm.input_messages.99999999999.message.content': 'last',
      'llm.input_messages.0.message.role': 'system',
      'llm.input_messages.0.message.content': 'first',
      'llm.input_messages.-1.message.content': 'negative',
      'llm.input_messages.x.message.content': 'not an index',
      'llm.input_messages.3.message.content': 'no role',
      'llm.input_messages.4.message.unknown': 'nothing usable',
    });
    expect(m?.input.messages).toEqual([
      { role: 'system', content: 'first' },
      { role: '', content: 'no role' },
      { role: 'user', content: 'third' },
      { role: 'user', content: 'last' },
    ]);
  });

  it('takes completions prompts from llm.prompts in any of its shapes', () => {
    expect(oi('LLM', { 'llm.prompts': ['a', 'b'] })?.input.messages).toEqual([
      { role: 'user', content: 'a' },
      { role: 'user', content: 'b' },
    ]);
    expect(oi('LLM', { 'llm.prompts': '["a"]' })?.input.messages).toEqual([{ role: 'user', content: 'a' }]);
    expect(oi('LLM', { 'llm.prompts.0.prompt.text': 'p0', 'llm.prompts.1': 'p1' })?.input.messages).toEqual([
      { role: 'user', content: 'p0' },
      { role: 'user', content: 'p1' },
    ]);
  });

  it('falls back to input.value: plain text as a user message, an unrecognized JSON body as is', () => {
    expect(oi('LLM', { 'input.value': 'hi', 'input.mime_type': 'text/plain' })?.input.messages).toEqual([{ role: 'user', content: 'hi' }]);
    expect(oi('LLM', { 'input.value': '{"x":1}', 'input.mime_type': 'application/json' })?.input.messages).toEqual([
      { role: '', content: '{"x":1}' },
    ]);
  });
});

describe('OpenInference fields', () => {
  it('maps invocation parameters (minus model and inputs), user metadata, tags, cost and token details', () => {
    const m = oi('LLM', {
      'llm.model_name': 'm',
      'llm.provider': 'aws',
      'llm.system': 'anthropic',
      'llm.invocation_parameters': JSON.stringify({ model: 'm', messages: [], tools: [], temperature: 0, stop: ['\n'], response_format: { type: 'json' } }),
      metadata: JSON.stringify({ team: 'geo', nested: { a: 1 }, temperature: 'user wins' }),
      'tag.tags': ['prod', 'env:staging', 'env:eu'],
      'llm.token_count.prompt': 30,
      'llm.token_count.completion': 5,
      'llm.token_count.prompt_details.cache_write': 4,
      'llm.token_count.prompt_details.audio': 2,
      'llm.token_count.completion_details.audio': 0,
      'llm.token_count.completion_details.reasoning': '3',
      'llm.cost.total': 0.0012,
    });
    expect(m?.modelProvider).toBe('aws.bedrock');
    expect(m?.metadata).toEqual({ temperature: 'user wins', stop: ['\n'], response_format: '{"type":"json"}', team: 'geo', nested: { a: 1 } });
    expect(m?.tags).toEqual({ tag: ['prod'], env: ['staging', 'eu'] });
    expect(m?.metrics).toEqual({
      input_tokens: 30,
      output_tokens: 5,
      total_tokens: 35,
      cache_write_input_tokens: 4,
      reasoning_output_tokens: 3,
      input_audio_tokens: 2,
      estimated_total_cost: 0.0012,
    });
    expect(m?.collectionErrors).toEqual([]);
  });

  it('reports malformed JSON and bad counts as collection errors and keeps the rest', () => {
    const m = oi('LLM', {
      'llm.invocation_parameters': '{oops',
      metadata: '[1,2]',
      'tag.tags': 42,
      'llm.token_count.prompt': -3,
      'llm.token_count.completion': 'many',
      'llm.prompt_template.template': 'Hi {name}',
      'llm.prompt_template.variables': 'nope',
      'llm.input_messages.0.message.content': 'still here',
    });
    expect(m?.input).toEqual({
      messages: [{ role: '', content: 'still here' }],
      prompt: { id: derivedPromptId('Hi {name}'), template: 'Hi {name}' },
    });
    expect(m?.metrics).toEqual({});
    expect(m?.collectionErrors).toEqual([
      expect.stringMatching(/^openinference: metadata: invalid JSON|^openinference: metadata: expected a JSON object/),
      expect.stringMatching(/^openinference: llm\.prompt_template\.variables: invalid JSON/),
      expect.stringMatching(/^openinference: llm\.invocation_parameters: invalid JSON/),
      'openinference: llm.token_count.prompt: not a token count',
      'openinference: llm.token_count.completion: not a token count',
      'openinference: tag.tags: expected a list of strings',
    ]);
  });

  it('builds the prompt from prompt.id, version, variables and vendor', () => {
    const m = oi('LLM', {
      'prompt.id': 'greeting',
      'prompt.vendor': 'phoenix',
      'llm.prompt_template.template': 'Hello {name}',
      'llm.prompt_template.variables': '{"name":"Ada","n":3}',
      'llm.prompt_template.version': '2',
    });
    expect(m?.input.prompt).toEqual({ id: 'greeting', version: '2', template: 'Hello {name}', variables: { name: 'Ada', n: '3' }, tags: { vendor: 'phoenix' } });
    expect(derivedPromptId('a')).not.toBe(derivedPromptId('b'));
    expect(derivedPromptId('a')).toMatch(/^openinference-[0-9a-f]{8}$/);
  });

  it('ignores a framework name in llm.provider and falls back to LangChain ls_provider', () => {
    const m = oi('LLM', { 'llm.provider': 'langchain', metadata: '{"ls_provider":"anthropic"}' });
    expect(m?.modelProvider).toBe('anthropic');
  });

  it('reads tool definitions from json_schema or flattened name/description/parameters', () => {
    const m = oi('LLM', {
      'llm.tools.0.tool.json_schema': JSON.stringify({ type: 'function', function: { name: 'a', parameters: { type: 'object' } } }),
      'llm.tools.1.tool.name': 'b',
      'llm.tools.1.tool.description': 'B tool',
      'llm.tools.1.tool.parameters': '{"type":"object"}',
      'llm.tools.2.tool.json_schema': 'not json',
    });
    expect(m?.toolDefinitions).toEqual([
      { name: 'a', schema: { type: 'object' } },
      { name: 'b', description: 'B tool', schema: { type: 'object' } },
    ]);
    expect(m?.collectionErrors).toEqual(['openinference: 1 tool definition without a name skipped']);
  });

  it('embeddings: input.value as documents when the texts are absent; no vectors → output.value', () => {
    const m = oi('EMBEDDING', { 'input.value': '["a","b"]', 'embedding.model_name': 'e', 'output.value': 'done' });
    expect(m?.input).toEqual({ documents: [{ text: 'a' }, { text: 'b' }] });
    expect(m?.output).toEqual({ value: 'done' });
    expect(m?.modelName).toBe('e');
  });

  it('reranker: input.value wins over the folded query; names and scores from document metadata', () => {
    const m = oi('RERANKER', {
      'input.value': 'q',
      'reranker.query': 'ignored',
      'reranker.input_documents.0.document.content': 'x',
      'reranker.output_documents.0.document.content': 'x',
      'reranker.output_documents.0.document.metadata': '{"title":"Doc X","score":"0.5","id":7}',
      'reranker.output_documents.1.document.content': 'y',
      'reranker.output_documents.1.document.metadata': 'not json',
    });
    expect(m?.kind).toBe('retrieval');
    expect(m?.input).toEqual({ value: 'q' });
    expect(m?.output).toEqual({ documents: [{ text: 'x', name: 'Doc X', score: 0.5, id: '7' }, { text: 'y' }] });
    expect(m?.collectionErrors).toEqual(['openinference: reranker.output_documents: document metadata that is not a JSON object ignored']);
  });

  it("a LangChain tool's output is its ToolMessage's content, not LangChain's serialized envelope", () => {
    const message = { lc: 1, type: 'constructor', id: ['langchain_core', 'messages', 'ToolMessage'], kwargs: { status: 'success', content: '{"city":"Lyon","forecast":"sunny"}', tool_call_id: 'call_1', name: 'get_weather' } };
    const tool = oi('TOOL', { 'tool.name': 'get_weather', 'output.value': JSON.stringify({ output: message }), 'output.mime_type': 'application/json' });
    expect(tool?.output.value).toBe('{"city":"Lyon","forecast":"sunny"}');
    // Other JSON outputs, and an envelope that is not a ToolMessage, are kept as they are.
    const aiMessage = JSON.stringify({ output: { ...message, id: ['langchain_core', 'messages', 'AIMessage'] } });
    expect(oi('TOOL', { 'output.value': aiMessage })?.output.value).toBe(aiMessage);
    expect(oi('TOOL', { 'output.value': '{"output":{"lc":1,' })?.output.value).toBe('{"output":{"lc":1,');
    expect(oi('CHAIN', { 'output.value': JSON.stringify({ output: message }) })?.output.value).toBe(JSON.stringify({ output: message }));
  });

  it('names tools and agents after them; tool and graph descriptors are metadata', () => {
    const tool = oi('TOOL', { 'tool.name': 'search', 'tool.id': 't1', 'graph.node.id': 'n1', 'agent.name': 'a' }, 'Tool span');
    expect(tool?.name).toBe('search');
    expect(tool?.metadata).toEqual({ tool_id: 't1', graph_node_id: 'n1', agent_name: 'a' });
    const agent = oi('AGENT', { 'agent.name': 'planner' }, 'AgentExecutor');
    expect(agent?.name).toBe('planner');
    expect(agent?.metadata).toEqual({});
  });

  it('an AGENT span with messages and no input.value shows the last user / assistant message', () => {
    const m = oi('AGENT', {
      'llm.input_messages.0.message.role': 'user',
      'llm.input_messages.0.message.content': 'plan a trip',
      'llm.output_messages.0.message.role': 'assistant',
      'llm.output_messages.0.message.content': 'done',
    });
    expect(m?.input).toEqual({ value: 'plan a trip' });
    expect(m?.output).toEqual({ value: 'done' });
  });

  it('unknown span kinds become tasks; session and user from metadata only when the attributes are absent', () => {
    const m = oi('UNKNOWN', { metadata: '{"thread_id":"t-1","user_id":"u-1"}', 'user.id': 'u-attr' });
    expect(m?.kind).toBe('task');
    expect(m?.sessionId).toBe('t-1');
    expect(m?.userId).toBe('u-attr');
  });
});

describe('OpenInference hostile keys', () => {
  it('skips __proto__ keys in metadata and tags instead of replacing the prototype', () => {
    const c = openInferenceMapper.map(
      {
        name: 'x',
        attributes: {
          'openinference.span.kind': 'CHAIN',
          metadata: '{"__proto__":{"polluted":true},"constructor":"kept"}',
          'llm.invocation_parameters': '{"__proto__":[1]}',
          'tag.tags': '["__proto__:x","constructor:y"]',
        },
      },
      { kind: 'workflow', problems: [] },
    );
    expect(Object.getPrototypeOf(c.metadata)).toBe(Object.prototype);
    expect(c.metadata).toEqual({ constructor: 'kept' });
    expect(Object.getPrototypeOf(c.tags)).toBe(Object.prototype);
    expect(c.tags).toEqual({ constructor: 'y' });
    expect(mapSpan({ name: 'x', attributes: { 'traceloop.span.kind': 'constructor' } })?.kind).toBe('task');
    expect(mapSpan({ name: 'x', attributes: { 'openinference.span.kind': '__proto__' } })?.kind).toBe('task');
  });
});
