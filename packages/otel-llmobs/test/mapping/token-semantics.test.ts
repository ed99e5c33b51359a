import type { Attributes } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { mapSpan } from '../../src/mapping/map-span.js';

// LLM Observability's input_tokens includes cached tokens. Anthropic's API reports them apart;
// which sources pass that raw count through decides whether the cache is added (see token-semantics.ts).

const anthropicUsage: Attributes = {
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'anthropic',
  'gen_ai.usage.input_tokens': 21,
  'gen_ai.usage.output_tokens': 11,
  'gen_ai.usage.total_tokens': 32,
  'gen_ai.usage.cache_read.input_tokens': 5,
  'gen_ai.usage.cache_creation.input_tokens': 4,
};
const EXCLUSIVE_FIXED = { input_tokens: 30, output_tokens: 11, total_tokens: 41, cache_read_input_tokens: 5, cache_write_input_tokens: 4 };
const AS_REPORTED = { input_tokens: 21, output_tokens: 11, total_tokens: 32, cache_read_input_tokens: 5, cache_write_input_tokens: 4 };

const metrics = (attributes: Attributes, scope?: { name: string; version?: string }) =>
  mapSpan({ name: 'chat', attributes, instrumentationScope: scope })?.metrics;

describe('token semantics per source', () => {
  it('adds the cache to @traceloop/instrumentation-anthropic ≤ 0.27.0 (raw Anthropic count) and recomputes the total', () => {
    expect(metrics(anthropicUsage, { name: '@traceloop/instrumentation-anthropic', version: '0.27.0' })).toEqual(EXCLUSIVE_FIXED);
    expect(metrics(anthropicUsage, { name: '@traceloop/instrumentation-anthropic', version: '0.22.6' })).toEqual(EXCLUSIVE_FIXED);
    // No version: assume a released one.
    expect(metrics(anthropicUsage, { name: '@traceloop/instrumentation-anthropic' })).toEqual(EXCLUSIVE_FIXED);
  });

  it('trusts @traceloop/instrumentation-anthropic after 0.27.0 (upstream fix #1028 includes the cache)', () => {
    const inclusive = { ...anthropicUsage, 'gen_ai.usage.input_tokens': 30, 'gen_ai.usage.total_tokens': 41 };
    expect(metrics(inclusive, { name: '@traceloop/instrumentation-anthropic', version: '0.28.0' })).toEqual(EXCLUSIVE_FIXED);
  });

  it('adds the cache to openlit Anthropic spans, but not to openlit LangChain spans', () => {
    const { 'gen_ai.usage.total_tokens': _total, ...openlit } = anthropicUsage;
    expect(metrics(openlit, { name: '@openlit/instrumentation-anthropic', version: '1.0.0' })).toEqual(EXCLUSIVE_FIXED);
    expect(metrics({ ...openlit, 'telemetry.sdk.name': 'openlit' })).toEqual(EXCLUSIVE_FIXED);
    expect(metrics(openlit, { name: '@openlit/instrumentation-langchain' })).toEqual({ ...AS_REPORTED });
  });

  it('never adjusts the Anthropic SDK native spans (already inclusive: 30 = 21 + 4 + 5) nor non-Anthropic providers', () => {
    const native = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.usage.input_tokens': 30,
      'gen_ai.usage.output_tokens': 11,
      'gen_ai.usage.cache_read.input_tokens': 5,
      'gen_ai.usage.cache_write.input_tokens': 4,
    };
    expect(metrics(native, { name: 'com.anthropic.sdk.typescript', version: '1.12.0' })).toEqual(EXCLUSIVE_FIXED);
    const openai = { ...anthropicUsage, 'gen_ai.provider.name': 'openai' };
    expect(metrics(openai, { name: '@traceloop/instrumentation-openai', version: '0.27.0' })).toEqual(AS_REPORTED);
    expect(metrics(openai, { name: '@openlit/instrumentation-vllm' })).toEqual(AS_REPORTED);
  });

  it('adds the cache whatever the source when the input count is smaller than the cache (cannot include it)', () => {
    const m = metrics({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'aws.bedrock',
      'gen_ai.usage.input_tokens': 3,
      'gen_ai.usage.output_tokens': 2,
      'gen_ai.usage.cache_read.input_tokens': 50,
    });
    expect(m).toEqual({ input_tokens: 53, output_tokens: 2, total_tokens: 55, cache_read_input_tokens: 50 });
  });

  it('applies the same rule to the pre-1.37 token names', () => {
    const m = metrics(
      {
        'llm.request.type': 'chat',
        'gen_ai.system': 'Anthropic',
        'gen_ai.usage.prompt_tokens': 21,
        'gen_ai.usage.completion_tokens': 11,
        'llm.usage.total_tokens': 32,
        'gen_ai.usage.cache_read_input_tokens': 5,
        'gen_ai.usage.cache_creation_input_tokens': 4,
      },
      { name: '@traceloop/instrumentation-anthropic', version: '0.22.6' },
    );
    expect(m).toEqual(EXCLUSIVE_FIXED);
  });

  it('leaves counts without cache tokens alone', () => {
    const m = metrics({ 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'anthropic', 'gen_ai.usage.input_tokens': 21, 'gen_ai.usage.output_tokens': 11 }, {
      name: '@traceloop/instrumentation-anthropic',
      version: '0.27.0',
    });
    expect(m).toEqual({ input_tokens: 21, output_tokens: 11, total_tokens: 32 });
  });
});

describe('token counts that overflow', () => {
  it('never yields a metric that is not a finite number (a sum near Number.MAX_VALUE is Infinity)', () => {
    const m = metrics(
      { 'gen_ai.operation.name': 'chat', 'gen_ai.usage.input_tokens': 2.3e293, 'gen_ai.usage.output_tokens': Number.MAX_VALUE },
      { name: '@traceloop/instrumentation-openai', version: '0.27.0' },
    );
    expect(m).toEqual({ input_tokens: 2.3e293, output_tokens: Number.MAX_VALUE });
  });
});
