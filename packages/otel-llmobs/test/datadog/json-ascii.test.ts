import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeNonAscii, stringifyAscii, toAsciiJson } from '../../src/datadog/json-ascii.js';

describe('escapeNonAscii', () => {
  it('escapes BMP characters as \\uXXXX with lowercase hex, like dd-trace', () => {
    expect(stringifyAscii('café ☕')).toBe('"caf\\u00e9 \\u2615"');
    expect(stringifyAscii('Ωλ')).toBe('"\\u03a9\\u03bb"');
    expect(stringifyAscii('\u0fff\u1000')).toBe('"\\u0fff\\u1000"');
  });

  it('escapes astral characters as UTF-16 surrogate pairs', () => {
    expect(stringifyAscii('😀')).toBe('"\\ud83d\\ude00"');
    expect(stringifyAscii('a𝄞b')).toBe('"a\\ud834\\udd1eb"');
  });

  it('leaves ASCII (U+0000–U+007F) as JSON.stringify writes it', () => {
    expect(stringifyAscii('\u007f')).toBe('"\u007f"');
    expect(stringifyAscii('\u0080')).toBe('"\\u0080"');
    expect(stringifyAscii('a"b\\c\n')).toBe(JSON.stringify('a"b\\c\n'));
  });

  it('escapes keys too, and lone surrogates stay the escapes JSON.stringify writes', () => {
    expect(stringifyAscii({ 'clé': 1 })).toBe('{"cl\\u00e9":1}');
    expect(stringifyAscii('\ud800x')).toBe('"\\ud800x"');
  });

  it.each([
    ['a text that fits the 64 KiB scratch', 1_000],
    ['a text exactly the size of the scratch', 64 * 1024 - 3],
    ['a text larger than the scratch', 200_000],
  ])('finds one non-ASCII character anywhere in %s', (_, size) => {
    const plain = 'a'.repeat(size);
    expect(escapeNonAscii(JSON.stringify(plain))).toBe(JSON.stringify(plain));
    for (const at of [0, Math.floor(size / 2), size - 1]) {
      const text = `${plain.slice(0, at)}é${plain.slice(at + 1)}`;
      const escaped = escapeNonAscii(JSON.stringify(text));
      expect(escaped).toBe(JSON.stringify(text).replace('é', '\\u00e9'));
      expect(toAsciiJson(JSON.stringify(text))).toEqual({ ascii: escaped, utf8Bytes: Buffer.byteLength(JSON.stringify(text)) });
    }
  });

  it('always gives ASCII that parses back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (value, text) => {
        for (const v of [value, text, { text }]) {
          const out = stringifyAscii(v);
          expect([...out].every((c) => c.charCodeAt(0) < 0x80)).toBe(true);
          expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(v)));
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('toAsciiJson', () => {
  it('measures the UTF-8 size of the unescaped JSON, like Buffer.byteLength', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const json = JSON.stringify({ text });
        const { ascii, utf8Bytes } = toAsciiJson(json);
        expect(utf8Bytes).toBe(Buffer.byteLength(json, 'utf8'));
        expect(ascii).toBe(escapeNonAscii(json));
      }),
      { numRuns: 500 },
    );
    expect(toAsciiJson('"é☕😀"').utf8Bytes).toBe(2 + 2 + 3 + 4);
  });
});
