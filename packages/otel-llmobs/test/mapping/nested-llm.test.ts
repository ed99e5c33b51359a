import { describe, expect, it } from 'vitest';
import type { MappedSpan } from '../../src/conventions/model.js';
import { mapSpan } from '../../src/mapping/map-span.js';
import { isDuplicateModelSpan, reconcileNestedModelSpans } from '../../src/mapping/nested-llm.js';
import { loadFixture } from '../helpers/fixtures.js';

function mapFixture(id: string): MappedSpan[] {
  return loadFixture(id).spans.map((s) => {
    const m = mapSpan(s);
    if (!m) throw new Error(`${s.name} not mapped`);
    return m;
  });
}

const llm = (overrides: Partial<MappedSpan> = {}): MappedSpan => ({
  kind: 'llm',
  name: 'chat',
  status: 'ok',
  input: { messages: [{ role: 'user', content: 'Q' }] },
  output: { messages: [{ role: 'assistant', content: 'A' }] },
  modelName: 'm',
  modelProvider: 'openai',
  metadata: { temperature: 0 },
  metrics: { input_tokens: 3, output_tokens: 2, total_tokens: 5, time_to_first_token: 0.1 },
  tags: { team: 'x' },
  sources: ['genai'],
  scopeName: 'framework',
  collectionErrors: [],
  ...overrides,
});

describe('reconcileNestedModelSpans', () => {
  it('demotes openlit\'s Anthropic span wrapping the SDK\'s native span (fixture openlit-anthropic/messages)', () => {
    const [outer, native] = mapFixture('openlit-anthropic/messages') as [MappedSpan, MappedSpan];
    const reconciled = reconcileNestedModelSpans(outer, [native]);
    expect(reconciled).toEqual({
      ...outer,
      kind: 'workflow',
      input: { value: 'What is the capital of France?' },
      output: { value: 'Paris is the capital of France.' },
      metrics: {},
      modelName: undefined,
      modelProvider: undefined,
    });
    expect(reconciled).not.toHaveProperty('modelName');
    // The parent is copied, never mutated; the trace now counts the call's 30 + 11 tokens once.
    expect(outer.kind).toBe('llm');
    expect([reconciled, native].reduce((sum, s) => sum + (s.metrics.total_tokens ?? 0), 0)).toBe(41);
  });

  it('demotes the outer of two Vercel ai@7 embeddings spans, from the same scope (fixture vercel-ai7-otel/embed_many)', () => {
    const [outer, inner] = mapFixture('vercel-ai7-otel/embed_many') as [MappedSpan, MappedSpan];
    expect(outer.kind).toBe('embedding');
    expect(outer.scopeName).toBe(inner.scopeName);
    const reconciled = reconcileNestedModelSpans(outer, [inner]);
    expect(reconciled.kind).toBe('workflow');
    expect(reconciled.input.value).toBeDefined();
    expect(reconciled.input.documents).toBeUndefined();
  });

  it('keeps metadata, tags, errors and non-token metrics, and drops tool definitions and the prompt', () => {
    const parent = llm({
      status: 'error',
      error: { type: 'E' },
      toolDefinitions: [{ name: 't' }],
      input: { messages: [{ role: 'user', content: 'Q' }], prompt: { id: 'p' } },
      metrics: { input_tokens: 3, output_tokens: 2, estimated_total_cost: 0.01, time_to_first_token: 0.1 },
    });
    const out = reconcileNestedModelSpans(parent, [llm({ scopeName: 'provider' })]);
    expect(out).toMatchObject({ kind: 'workflow', status: 'error', error: { type: 'E' }, metadata: { temperature: 0 }, tags: { team: 'x' } });
    expect(out.metrics).toEqual({ estimated_total_cost: 0.01, time_to_first_token: 0.1 });
    expect(out.input).toEqual({ value: 'Q' });
    expect(out.toolDefinitions).toBeUndefined();
  });

  it('keeps extra fields of the parent type (an LLMObsSpan)', () => {
    const parent = { ...llm(), traceId: 't', spanId: 's', mlApp: 'app' };
    const out = reconcileNestedModelSpans(parent, [llm({ scopeName: 'provider' })]);
    expect(out).toMatchObject({ traceId: 't', spanId: 's', mlApp: 'app', kind: 'workflow' });
  });

  it('returns the parent itself when nothing is duplicated', () => {
    const parent = llm();
    // Same scope: one library's own nesting, left alone.
    expect(reconcileNestedModelSpans(parent, [llm()])).toBe(parent);
    // The child reports no tokens: nothing is counted twice, the parent's tokens are the only ones.
    expect(reconcileNestedModelSpans(parent, [llm({ scopeName: 'provider', metrics: { time_to_first_token: 1 } })])).toBe(parent);
    // Other kinds of children.
    expect(reconcileNestedModelSpans(parent, [llm({ kind: 'tool', scopeName: 'provider' })])).toBe(parent);
    expect(reconcileNestedModelSpans(parent, [])).toBe(parent);
    // Workflows and agents over llm spans are the normal shape.
    const agent = llm({ kind: 'agent' });
    expect(reconcileNestedModelSpans(agent, [llm({ scopeName: 'provider' })])).toBe(agent);
  });

  it('never changes a span annotated through our own _dd.ml_obs.* attributes', () => {
    const annotated = llm({ sources: ['llmobs', 'genai'] });
    expect(reconcileNestedModelSpans(annotated, [llm({ scopeName: 'provider' })])).toBe(annotated);
  });

  it('assumes a child summary without metrics reports tokens', () => {
    expect(isDuplicateModelSpan(llm(), { kind: 'llm', scopeName: 'provider' })).toBe(true);
    expect(isDuplicateModelSpan(llm(), { kind: 'llm', scopeName: 'framework' })).toBe(false);
    expect(isDuplicateModelSpan(llm({ kind: 'embedding' }), { kind: 'embedding', scopeName: 'framework' })).toBe(true);
    expect(isDuplicateModelSpan(llm({ kind: 'embedding' }), { kind: 'llm', scopeName: 'provider' })).toBe(false);
  });
});
