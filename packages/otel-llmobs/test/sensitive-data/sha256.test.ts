import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacSha256, sha256, toHex, utf8 } from '../../src/sensitive-data/sha256.js';

// The `hash` action's dependency-free SHA-256 / HMAC-SHA-256 (pad states cached per key, whole
// blocks read in place), checked against node:crypto across block boundaries, multi-byte text and
// keys longer than a block.
describe('sha256 and hmacSha256', () => {
  it('agree with node:crypto for messages of 0 to 300 characters and keys of 0 to 89 bytes', () => {
    for (let n = 0; n < 300; n++) {
      const message = 'é😀abc'.repeat(n % 7) + 'x'.repeat(n);
      const key = 'k'.repeat(n % 90);
      expect(toHex(sha256(utf8(message)))).toBe(createHash('sha256').update(message).digest('hex'));
      expect(toHex(hmacSha256(utf8(key), message))).toBe(createHmac('sha256', key).update(message).digest('hex'));
    }
  });

  it('gives the same digest under the same key on every call (cached pad states)', () => {
    const key = utf8('per-process key');
    const once = toHex(hmacSha256(key, '10.0.0.1'));
    hmacSha256(key, 'something else entirely, longer than one block of sixty-four bytes at least');
    expect(toHex(hmacSha256(key, '10.0.0.1'))).toBe(once);
  });
});
