import { describe, expect, it } from 'vitest';
import { classifySpan } from '../../src/mapping/kind.js';

const span = (attributes: Record<string, string>, name = 'x', scope?: string) => ({
  name,
  attributes,
  instrumentationScope: scope ? { name: scope } : undefined,
});

describe('span-kind decision table', () => {
  it.each([
    [{ '_dd.ml_obs.span_kind': 'task', 'openinference.span.kind': 'LLM' }, 'task'],
    [{ 'openinference.span.kind': 'RERANKER' }, 'retrieval'],
    [{ 'openinference.span.kind': 'GUARDRAIL' }, 'task'],
    [{ 'openinference.span.kind': 'CHAIN', 'gen_ai.operation.name': 'chat' }, 'workflow'],
    [{ 'traceloop.span.kind': 'agent', 'gen_ai.operation.name': 'chat' }, 'agent'],
    [{ 'traceloop.span.kind': 'session' }, 'workflow'],
    [{ 'gen_ai.operation.name': 'chat' }, 'llm'],
    [{ 'gen_ai.operation.name': 'embeddings' }, 'embedding'],
    [{ 'gen_ai.operation.name': 'retrieval' }, 'retrieval'],
    [{ 'gen_ai.operation.name': 'execute_tool' }, 'tool'],
    [{ 'gen_ai.operation.name': 'invoke_agent' }, 'agent'],
    [{ 'gen_ai.operation.name': 'invoke_workflow' }, 'workflow'],
    [{ 'gen_ai.operation.name': 'guardrail.run' }, 'task'],
    [{ 'gen_ai.operation.name': 'something_new' }, 'workflow'],
    [{ 'gen_ai.operation.name': 'vectordb', 'db.operation.name': 'query' }, 'retrieval'],
    [{ 'gen_ai.operation.name': 'vectordb', 'db.operation.name': 'upsert' }, 'task'],
    [{ 'llm.request.type': 'chat' }, 'llm'],
    [{ 'llm.request.type': 'rerank' }, 'retrieval'],
    [{ 'gen_ai.prompt.0.content': 'hi' }, 'llm'],
    [{ 'gen_ai.request.model': 'gpt-4o' }, 'llm'],
    [{ 'db.system': 'pinecone', 'db.operation': 'query' }, 'retrieval'],
  ])('%o → %s', (attributes, kind) => {
    expect(classifySpan(span(attributes))).toBe(kind);
  });

  it('maps Vercel AI SDK span names the way dd-trace does', () => {
    expect(classifySpan(span({ 'ai.operationId': 'ai.generateText' }, 'ai.generateText', 'ai'))).toBe('workflow');
    expect(classifySpan(span({ 'ai.operationId': 'ai.generateText.doGenerate' }, 'ai.generateText.doGenerate'))).toBe('llm');
    expect(classifySpan(span({ 'ai.operationId': 'ai.streamText.doStream' }))).toBe('llm');
    expect(classifySpan(span({ 'ai.operationId': 'ai.embedMany.doEmbed' }))).toBe('embedding');
    expect(classifySpan(span({ 'ai.operationId': 'ai.toolCall' }))).toBe('tool');
    expect(classifySpan(span({}, 'ai.embed', 'ai'))).toBe('workflow');
  });

  it('says "not an LLM span" for plain spans and for Vercel 7 agent steps', () => {
    expect(classifySpan(span({ 'http.request.method': 'GET' }, 'GET /'))).toBeUndefined();
    expect(classifySpan(span({ 'traceloop.workflow.name': 'w' }))).toBeUndefined();
    expect(classifySpan(span({ 'gen_ai.operation.name': 'agent_step', 'gen_ai.request.model': 'x' }))).toBeUndefined();
  });

  it('recognizes a vector query from its result events (only known at the end)', () => {
    const s = span({ 'traceloop.workflow.name': 'w' }, 'custom_vectordb.query');
    expect(classifySpan(s)).toBeUndefined();
    expect(classifySpan(s, [{ name: 'db.query.result', attributes: {} }])).toBe('retrieval');
  });

  it('ignores an invalid explicit kind and falls through to the next row', () => {
    expect(classifySpan(span({ '_dd.ml_obs.span_kind': 'chain', 'gen_ai.operation.name': 'chat' }))).toBe('llm');
  });
});

describe('legacy LLM detection', () => {
  it('does not take the semconv prompt identifier for a flattened prompt', () => {
    expect(classifySpan({ name: 'x', attributes: { 'gen_ai.prompt.name': 'greeting' } })).toBeUndefined();
    expect(classifySpan({ name: 'x', attributes: { 'gen_ai.completion.0.content': 'hi' } })).toBe('llm');
  });
});
