import { describe, expect, it } from 'vitest';
import { stringifySafely, UNSERIALIZABLE_VALUE_TEXT } from '../../src/internal/safe-json.js';

describe('stringifySafely', () => {
  it('replaces cycles and BigInts like dd-trace', () => {
    const circ: Record<string, unknown> = { a: 1 };
    circ.self = circ;
    expect(JSON.parse(stringifySafely({ circ, big: 10n }))).toEqual({
      circ: { a: 1, self: UNSERIALIZABLE_VALUE_TEXT },
      big: UNSERIALIZABLE_VALUE_TEXT,
    });
  });

  it('survives nesting deep enough to overflow JSON.stringify', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    const text = stringifySafely({ deep });
    expect(text.startsWith('{"deep":[[[')).toBe(true);
    expect(text).toContain(UNSERIALIZABLE_VALUE_TEXT);
  });
});
