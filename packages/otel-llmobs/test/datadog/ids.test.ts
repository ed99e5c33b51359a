import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalToSpanId, isDecimalSpanId, normalizeTraceId, spanIdToDecimal } from '../../src/internal/ids.js';

const viaBigInt = (hex: string): string => BigInt(`0x${hex}`).toString();

describe('spanIdToDecimal', () => {
  it.each([
    ['0000000000000000', '0'],
    ['0000000000000001', '1'],
    ['00000000ffffffff', '4294967295'],
    ['001fffffffffffff', '9007199254740991'], // 2^53 - 1: last exact double
    ['0020000000000000', '9007199254740992'], // 2^53: first value on the limb path
    ['0020000000000001', '9007199254740993'], // not representable as a double
    ['5e4d934233ec3353', viaBigInt('5e4d934233ec3353')],
    ['7fffffffffffffff', '9223372036854775807'], // 2^63 - 1
    ['8000000000000000', '9223372036854775808'], // 2^63
    ['8000000000000001', '9223372036854775809'],
    ['ffffffffffffffff', '18446744073709551615'], // 2^64 - 1
    ['FFFFFFFFFFFFFFFE', '18446744073709551614'], // upper case accepted
  ])('%s → %s', (hex, decimal) => {
    expect(spanIdToDecimal(hex)).toBe(decimal);
  });

  it('agrees with BigInt for any 64-bit id', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (n) => {
        const hex = n.toString(16).padStart(16, '0');
        expect(spanIdToDecimal(hex)).toBe(n.toString());
        expect(decimalToSpanId(n.toString())).toBe(hex);
      }),
      { numRuns: 2000 },
    );
  });

  it.each(['', 'abc', '0123456789abcdefg', '0123456789abcde', 'zzzzzzzzzzzzzzzz', '0x23456789abcdef'])('rejects %j', (bad) => {
    expect(() => spanIdToDecimal(bad)).toThrow(TypeError);
  });

  it('rejects non-strings', () => {
    expect(() => spanIdToDecimal(123 as unknown as string)).toThrow(TypeError);
  });
});

describe('decimal span ids', () => {
  it('accepts 0 … 2^64-1 and nothing else', () => {
    expect(isDecimalSpanId('0')).toBe(true);
    expect(isDecimalSpanId('18446744073709551615')).toBe(true);
    expect(isDecimalSpanId('18446744073709551616')).toBe(false);
    expect(isDecimalSpanId('99999999999999999999')).toBe(false);
    expect(isDecimalSpanId('007')).toBe(false);
    expect(isDecimalSpanId('-1')).toBe(false);
    expect(isDecimalSpanId('1e3')).toBe(false);
  });
});

describe('normalizeTraceId', () => {
  it('lower-cases 32 hex digits and rejects the rest', () => {
    expect(normalizeTraceId('6B03963100000000567006F49B4FDC81')).toBe('6b03963100000000567006f49b4fdc81');
    expect(() => normalizeTraceId('6b039631')).toThrow(TypeError);
    expect(() => normalizeTraceId('g'.repeat(32))).toThrow(TypeError);
  });
});
