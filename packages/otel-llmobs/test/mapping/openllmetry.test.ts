import type { Attributes } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { mapSpan } from '../../src/mapping/map-span.js';
import { entityValue } from '../../src/mapping/openllmetry.js';
import type { SpanEventData } from '../../src/mapping/span-data.js';

const json = (v: unknown): string => JSON.stringify(v);

describe('traceloop.entity.input / output', () => {
  const value = (raw: unknown, side: 'input' | 'output' = 'input', langchain = false) => {
    const problems: string[] = [];
    return { value: entityValue(raw as string, side, langchain, problems), problems };
  };

  it.each([
    ['no arguments', { args: [], kwargs: {} }, undefined],
    ['one object argument (recorded as kwargs)', { args: [], kwargs: { city: 'Paris' } }, '{"city":"Paris"}'],
    ['one positional argument', { args: ['hello'] }, 'hello'],
    ['one object positional argument', { args: [{ a: 1 }], kwargs: {} }, '{"a":1}'],
    ['several positional arguments', { args: [2, 3], kwargs: {} }, '[2,3]'],
    ['positional and named arguments (kept whole)', { args: [1], kwargs: { b: 2 } }, '{"args":[1],"kwargs":{"b":2}}'],
    ['an object with other keys (kept verbatim)', { args: [1], other: true }, '{"args":[1],"other":true}'],
  ])('unwraps {args, kwargs}: %s', (_label, raw, expected) => {
    expect(value(json(raw)).value).toBe(expected);
  });

  it('decodes JSON strings and scalars', () => {
    expect(value('"PARIS IS THE CAPITAL."', 'output').value).toBe('PARIS IS THE CAPITAL.');
    expect(value('5', 'output').value).toBe('5');
    expect(value('null', 'output').value).toBeUndefined();
    expect(value('', 'output').value).toBeUndefined();
  });

  it('keeps text that is not JSON, reporting it only when it looked like JSON', () => {
    expect(value('plain words')).toEqual({ value: 'plain words', problems: [] });
    expect(value('{"broken":')).toEqual({ value: '{"broken":', problems: [expect.stringMatching(/^traceloop\.entity\.input: invalid JSON/)] });
  });

  it('turns semconv message lists (traceloop rewrite of Vercel spans) into the last user / assistant text', () => {
    const messages = json([
      { role: 'user', parts: [{ type: 'text', content: 'Q1' }] },
      { role: 'assistant', parts: [{ type: 'text', content: 'A1' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Q2' }] },
    ]);
    expect(value(messages, 'input').value).toBe('Q2');
    expect(value(messages, 'output').value).toBe('A1');
  });

  it('unwraps LangChain chain values and serialized messages only for the LangChain instrumentation', () => {
    expect(value('{"output":"done"}', 'output', true).value).toBe('done');
    expect(value('{"output":"done"}', 'output', false).value).toBe('{"output":"done"}');
    expect(value('{"input":{"q":1}}', 'input', true).value).toBe('{"q":1}');
    const aiMessage = { lc: 1, type: 'constructor', id: ['langchain_core', 'messages', 'AIMessage'], kwargs: { content: 'Paris.' } };
    expect(value(json(aiMessage), 'input', true).value).toBe('Paris.');
  });
});

function map(attributes: Attributes, events?: SpanEventData[], name = 'span') {
  const mapped = mapSpan({ name, attributes, events });
  if (!mapped) throw new Error('span was not mapped');
  return mapped;
}

describe('OpenLLMetry spans', () => {
  it('names decorator spans after the entity, chain spans after the workflow', () => {
    expect(map({ 'traceloop.span.kind': 'task', 'traceloop.entity.name': 'summarize', 'traceloop.workflow.name': 'trip' }, undefined, 'summarize.task').name).toBe(
      'summarize',
    );
    expect(map({ 'traceloop.span.kind': 'workflow', 'traceloop.workflow.name': 'RunnableSequence' }, undefined, 'workflow RunnableSequence').name).toBe(
      'RunnableSequence',
    );
    // Only decorator spans: an LLM span inside a workflow keeps its own name.
    expect(map({ 'gen_ai.operation.name': 'chat', 'traceloop.workflow.name': 'trip' }, undefined, 'chat gpt').name).toBe('chat gpt');
  });

  it('turns association properties into tags, except the identity keys, and adds workflow_name', () => {
    const m = map({
      'traceloop.span.kind': 'workflow',
      'traceloop.entity.name': 'w',
      'traceloop.workflow.name': 'w',
      'traceloop.entity.version': 3,
      'traceloop.association.properties.session_id': 's-1',
      'traceloop.association.properties.userId': 'u-1',
      'traceloop.association.properties.customer_id': 'acme',
      'traceloop.association.properties.tier': 2,
      'traceloop.association.properties.regions': ['eu', 'us'],
    });
    expect(m.sessionId).toBe('s-1');
    expect(m.userId).toBe('u-1');
    expect(m.tags).toEqual({ customer_id: 'acme', tier: '2', regions: ['eu', 'us'], workflow_name: 'w', user_id: 'u-1' });
    expect(m.metadata).toEqual({ version: '3' });
  });

  it('maps managed prompts, including the Python template and JSON variables', () => {
    const m = map({
      'gen_ai.operation.name': 'chat',
      'traceloop.prompt.key': 'greet',
      'traceloop.prompt.version': 2,
      'traceloop.prompt.template': 'Hello {name} from {place}',
      'traceloop.prompt.template_variables': json({ name: 'Ada', n: 1 }),
      'traceloop.prompt.template_variables.place': 'Paris',
    });
    expect(m.input.prompt).toEqual({ id: 'greet', version: '2', template: 'Hello {name} from {place}', variables: { name: 'Ada', n: '1', place: 'Paris' } });
    // Prompts belong to llm spans only.
    expect(map({ 'traceloop.span.kind': 'task', 'traceloop.prompt.key': 'greet' }).input).toEqual({});
  });

  it('maps vector-DB result events to documents, one per event', () => {
    const result = (id: string, score: number, document: string) => ({
      name: 'db.query.result',
      attributes: { 'db.query.result.id': id, 'db.query.result.score': score, 'db.query.result.document': document },
    });
    const m = map({ 'db.system': 'pinecone', 'db.operation': 'query', 'db.vector.query.top_k': 2 }, [
      { name: 'db.query.embeddings', attributes: { 'db.query.embeddings.vector': [0.1, 0.2] } },
      result('a', 0.9, 'first'),
      result('b', 0.4, 'second'),
      { name: 'db.query.result', attributes: {} },
    ]);
    expect(m.kind).toBe('retrieval');
    expect(m.input).toEqual({ value: '[0.1,0.2]' });
    expect(m.output).toEqual({
      documents: [
        { text: 'first', id: 'a', score: 0.9 },
        { text: 'second', id: 'b', score: 0.4 },
      ],
    });
    expect(m.metadata).toEqual({ top_k: 2 });
  });
});
