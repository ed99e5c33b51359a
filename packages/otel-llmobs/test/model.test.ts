import { describe, expect, it } from 'vitest';
import { attachLLMObsSpan, readLLMObsSpan } from '../src/conventions/attached-span.js';
import type { LLMObsSpan } from '../src/conventions/model.js';
import { SPAN_KINDS } from '../src/conventions/model.js';

describe('canonical model', () => {
  it('lists exactly the seven LLM Observability span kinds', () => {
    expect([...SPAN_KINDS].sort()).toEqual(['agent', 'embedding', 'llm', 'retrieval', 'task', 'tool', 'workflow']);
  });

  it('attaches a normalized span to a derived span without making it enumerable', () => {
    const derived = { name: 'x' };
    const model = { name: 'x', kind: 'llm' } as LLMObsSpan;
    attachLLMObsSpan(derived, model);
    expect(readLLMObsSpan(derived)).toBe(model);
    expect(Object.keys(derived)).toEqual(['name']);
    expect(readLLMObsSpan({})).toBeUndefined();
    expect(readLLMObsSpan(null)).toBeUndefined();
  });
});
