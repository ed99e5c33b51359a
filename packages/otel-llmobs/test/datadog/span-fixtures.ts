import type { LLMObsSpan } from '../../src/conventions/model.js';

let counter = 0;

/** A minimal valid span; override what a test cares about. */
export function makeSpan(overrides: Partial<LLMObsSpan> = {}): LLMObsSpan {
  counter++;
  return {
    kind: 'task',
    name: `span-${counter}`,
    status: 'ok',
    input: {},
    output: {},
    metadata: {},
    metrics: {},
    tags: {},
    sources: [],
    collectionErrors: [],
    traceId: '6b03963100000000567006f49b4fdc81',
    spanId: (0x1000 + counter).toString(16).padStart(16, '0'),
    startTime: [1_795_397_169, 530_052_400],
    durationNs: 4_161_133,
    mlApp: 'test-app',
    ...overrides,
  };
}
