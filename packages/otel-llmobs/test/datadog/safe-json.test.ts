import { afterEach, describe, expect, it } from 'vitest';
import { stringifySafely, UNSERIALIZABLE_VALUE_TEXT } from '../../src/internal/safe-json.js';
import { toValueString } from '../../src/mapping/values.js';
import { toCanonicalAttributes } from '../../src/otlp/canonical-attributes.js';
import type { Harness } from '../processor/harness.js';
import { createHarness, resetRuntime } from '../processor/harness.js';

describe('stringifySafely', () => {
  it('replaces cycles and BigInts like dd-trace', () => {
    const circ: Record<string, unknown> = { a: 1 };
    circ.self = circ;
    expect(JSON.parse(stringifySafely({ circ, big: 10n })!)).toEqual({
      circ: { a: 1, self: UNSERIALIZABLE_VALUE_TEXT },
      big: UNSERIALIZABLE_VALUE_TEXT,
    });
  });

  it('survives nesting deep enough to overflow JSON.stringify', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    const text = stringifySafely({ deep })!;
    expect(text.startsWith('{"deep":[[[')).toBe(true);
    expect(text).toContain(UNSERIALIZABLE_VALUE_TEXT);
  });

  it('keeps the rest of a value whose getter or toJSON throws, and gives up only on what cannot be read at all', () => {
    const value = {
      kept: 'yes',
      get broken(): string {
        throw new Error('no');
      },
      nested: { toJSON: () => { throw new Error('no'); } },
    };
    expect(JSON.parse(stringifySafely(value)!)).toEqual({ kept: 'yes', broken: UNSERIALIZABLE_VALUE_TEXT, nested: UNSERIALIZABLE_VALUE_TEXT });
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(stringifySafely({ big: 1n, proxy })).toBe(JSON.stringify(UNSERIALIZABLE_VALUE_TEXT));
    expect(stringifySafely(undefined)).toBeUndefined();
  });
});

// Issue 13: the same value arrived differently through the API and through a convention mapper
// (three serializers). Each hard value must now read the same every way it can travel.
describe('one serializer for every path', () => {
  const circ: Record<string, unknown> = { a: 1 };
  circ.self = circ;
  const hardValues: Array<[string, unknown]> = [
    ['a cycle', { circ }],
    ['a BigInt', { tokens: 12n, ok: true }],
    ['a throwing getter', Object.defineProperty({ kept: 1 }, 'bad', { enumerable: true, get: () => { throw new Error('no'); } })],
    ['a __proto__ key', JSON.parse('{"__proto__": {"x": 1}, "y": 2}') as unknown],
    ['unicode', { text: 'héllo ✓ 😀' }],
  ];

  let h: Harness | undefined;
  afterEach(async () => {
    await h?.shutdown();
    h = undefined;
    resetRuntime();
  });

  it.each(hardValues)('%s: the llmobs API, the mapper and the OTLP writer encode it the same', async (_name, value) => {
    const expected = stringifySafely(value);
    expect(expected).toBeTypeOf('string');
    expect(toValueString(value)).toBe(expected);

    // The API refuses an input value JSON cannot encode (dd-trace's rule, golden j-validation), so
    // the value travels as metadata, which it serializes.
    h = createHarness();
    const api = h.llmobs;
    api.trace({ kind: 'task', name: 't' }, () => api.annotate({ metadata: { value } }));
    const [span] = await h.exported();
    expect(span?.metadata).toEqual({ value: JSON.parse(expected!) });

    const canonical = toCanonicalAttributes({ ...span!, metadata: { value } });
    expect(Object.values(canonical)).toContain(`{"value":${expected}}`);
  });
});
