import { describe, expect, it } from 'vitest';
import { checkPriceRows, estimateCost, PriceTable } from '../../src/metrics/cost.js';
import { DEFAULT_MODEL_PRICES } from '../../src/metrics/price-table.js';

const table = new PriceTable(DEFAULT_MODEL_PRICES);

describe('the price table', () => {
  it('finds a model by its exact name, or with a release date, version or region decoration', () => {
    expect(table.find('openai', 'gpt-4o-mini')?.model).toBe('gpt-4o-mini');
    expect(table.find('openai', 'gpt-4o-mini-2024-07-18')?.model).toBe('gpt-4o-mini');
    expect(table.find('openai', 'GPT-4o')?.model).toBe('gpt-4o');
    expect(table.find('anthropic', 'claude-sonnet-4-5-20250929')?.model).toBe('claude-sonnet-4-5');
    expect(table.find('aws.bedrock', 'us.anthropic.claude-3-5-sonnet-20241022-v2:0')?.model).toBe('claude-3-5-sonnet');
    expect(table.find('gcp.vertex_ai', 'claude-3-5-haiku@20241022')?.model).toBe('claude-3-5-haiku');
    expect(table.find('azure.ai.openai', 'gpt-4.1-mini')?.model).toBe('gpt-4.1-mini');
  });

  it('never guesses: a similar name, another provider, or an ambiguous model without provider has no price', () => {
    expect(table.find('openai', 'gpt-4o-audio-preview')).toBeUndefined();
    expect(table.find('openai', 'gpt-4o-mini-search')).toBeUndefined();
    expect(table.find('openai', 'my-finetune')).toBeUndefined();
    expect(table.find('groq', 'gpt-4o')).toBeUndefined();
    // Claude is priced for anthropic, Bedrock and Vertex: one row, so a span without provider is priced…
    expect(table.find(undefined, 'claude-3-haiku-20240307')?.model).toBe('claude-3-haiku');
  });

  it('user rows extend the table and replace a row for the same provider and model', () => {
    const custom = new PriceTable([...DEFAULT_MODEL_PRICES, { providers: ['openai'], model: 'gpt-4o', input: 1, output: 2 }, { providers: ['vllm'], model: 'llama-3-70b', input: 0.5, output: 0.5 }]);
    expect(custom.find('openai', 'gpt-4o')?.input).toBe(1);
    // Azure keeps the built-in price: only the openai provider was overridden.
    expect(custom.find('azure.ai.openai', 'gpt-4o')?.input).toBe(2.5);
    expect(custom.find('vllm', 'llama-3-70b')?.output).toBe(0.5);
    // …and now that gpt-4o has two different rows, a span without provider is not priced.
    expect(custom.find(undefined, 'gpt-4o')).toBeUndefined();
  });
});

describe('estimateCost', () => {
  it('prices uncached input, cache reads and writes, and output separately (input includes the cache)', () => {
    const cost = estimateCost(table, 'anthropic', 'claude-sonnet-4-5', {
      input_tokens: 10_000,
      cache_read_input_tokens: 6_000,
      cache_write_input_tokens: 2_000,
      output_tokens: 1_000,
    });
    // 2,000 × 3 + 6,000 × 0.3 + 2,000 × 3.75 + 1,000 × 15, per million
    expect(cost.kind).toBe('priced');
    expect(cost.kind === 'priced' && cost.usd).toBeCloseTo((2_000 * 3 + 6_000 * 0.3 + 2_000 * 3.75 + 1_000 * 15) / 1e6, 12);
  });

  it('says unpriced for an unknown model and no-tokens when there is nothing to price', () => {
    expect(estimateCost(table, 'openai', 'mystery-model', { input_tokens: 5 })).toEqual({ kind: 'unpriced' });
    expect(estimateCost(table, 'openai', undefined, { input_tokens: 5 })).toEqual({ kind: 'unpriced' });
    expect(estimateCost(table, 'openai', 'gpt-4o', {})).toEqual({ kind: 'no-tokens' });
  });

  it('ignores negative, non-finite and inconsistent counts instead of producing a negative or NaN cost', () => {
    expect(estimateCost(table, 'openai', 'gpt-4o', { input_tokens: -5, output_tokens: Number.NaN })).toEqual({ kind: 'no-tokens' });
    const over = estimateCost(table, 'openai', 'gpt-4o', { input_tokens: 100, cache_read_input_tokens: 1_000 });
    expect(over.kind === 'priced' && over.usd).toBeCloseTo((100 * 1.25) / 1e6, 12);
  });
});

describe('checkPriceRows', () => {
  it('throws a TypeError naming the bad row and field', () => {
    expect(() => checkPriceRows('metrics.prices', 'no')).toThrow(TypeError);
    expect(() => checkPriceRows('metrics.prices', [{ providers: ['openai'], model: 'x', input: 1, output: -1 }])).toThrow(/metrics\.prices\[0\]\.output is invalid/);
    expect(() => checkPriceRows('metrics.prices', [{ providers: [], model: 'x', input: 1, output: 1 }])).toThrow(/metrics\.prices\[0\]\.providers/);
    expect(() => checkPriceRows('metrics.prices', [{ providers: ['a'], model: 'x', input: 1, output: 1, cacheRead: Infinity }])).toThrow(/cacheRead/);
    expect(checkPriceRows('metrics.prices', [{ providers: ['a'], model: 'x', input: 1, output: 1 }])).toHaveLength(1);
  });

  it('every built-in row is valid', () => {
    expect(checkPriceRows('DEFAULT_MODEL_PRICES', DEFAULT_MODEL_PRICES)).toHaveLength(DEFAULT_MODEL_PRICES.length);
  });
});
