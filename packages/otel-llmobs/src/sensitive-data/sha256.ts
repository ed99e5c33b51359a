// SHA-256 and HMAC-SHA-256, synchronous and dependency-free: WebCrypto is async (the scanner runs
// inside a synchronous stage) and `node:crypto` does not exist on edge runtimes.

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const IV = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
/** The message schedule, reused: the functions here are synchronous and never re-entered. */
const w = new Uint32Array(64);
const tail = new Uint8Array(128);

/** One SHA-256 compression of the 64 bytes of `block` at `offset` into `h`. */
function compress(h: Uint32Array, block: Uint8Array, offset: number): void {
  for (let i = 0; i < 16; i++) {
    const o = offset + i * 4;
    w[i] = (((block[o] as number) << 24) | ((block[o + 1] as number) << 16) | ((block[o + 2] as number) << 8) | (block[o + 3] as number)) >>> 0;
  }
  for (let i = 16; i < 64; i++) {
    const a = w[i - 15] as number;
    const b = w[i - 2] as number;
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    w[i] = ((w[i - 16] as number) + s0 + (w[i - 7] as number) + s1) >>> 0;
  }
  let a = h[0] as number;
  let b = h[1] as number;
  let c = h[2] as number;
  let d = h[3] as number;
  let e = h[4] as number;
  let f = h[5] as number;
  let g = h[6] as number;
  let hh = h[7] as number;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (hh + S1 + ch + (K[i] as number) + (w[i] as number)) >>> 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) >>> 0;
    hh = g;
    g = f;
    f = e;
    e = (d + t1) >>> 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) >>> 0;
  }
  h[0] = ((h[0] as number) + a) >>> 0;
  h[1] = ((h[1] as number) + b) >>> 0;
  h[2] = ((h[2] as number) + c) >>> 0;
  h[3] = ((h[3] as number) + d) >>> 0;
  h[4] = ((h[4] as number) + e) >>> 0;
  h[5] = ((h[5] as number) + f) >>> 0;
  h[6] = ((h[6] as number) + g) >>> 0;
  h[7] = ((h[7] as number) + hh) >>> 0;
}

/**
 * The digest of `prefixLength` bytes already compressed into `state`, followed by `data`: the
 * whole blocks of `data` straight from it, the rest and the padding through a small buffer.
 */
function finish(state: Uint32Array, prefixLength: number, data: Uint8Array): Uint8Array {
  const h = new Uint32Array(state);
  const whole = data.length & ~63;
  for (let offset = 0; offset < whole; offset += 64) compress(h, data, offset);
  const rest = data.length - whole;
  const padded = rest + 9 <= 64 ? 64 : 128;
  tail.fill(0);
  tail.set(data.subarray(whole));
  tail[rest] = 0x80;
  const bits = (prefixLength + data.length) * 8;
  const hi = Math.floor(bits / 0x100000000);
  const lo = bits >>> 0;
  for (let i = 0; i < 4; i++) {
    tail[padded - 8 + i] = (hi >>> (24 - i * 8)) & 0xff;
    tail[padded - 4 + i] = (lo >>> (24 - i * 8)) & 0xff;
  }
  compress(h, tail, 0);
  if (padded === 128) compress(h, tail, 64);
  const out = new Uint8Array(32);
  for (let i = 0; i < 8; i++) {
    const v = h[i] as number;
    out[i * 4] = v >>> 24;
    out[i * 4 + 1] = (v >>> 16) & 0xff;
    out[i * 4 + 2] = (v >>> 8) & 0xff;
    out[i * 4 + 3] = v & 0xff;
  }
  return out;
}

export function sha256(data: Uint8Array): Uint8Array {
  return finish(IV, 0, data);
}

const encoder = new TextEncoder();

/** The states after the key's inner and outer pad blocks: computed once per key, so an HMAC costs two compressions for a short value. */
const padStates = new WeakMap<Uint8Array, { inner: Uint32Array; outer: Uint32Array }>();

function keyPadStates(key: Uint8Array): { inner: Uint32Array; outer: Uint32Array } {
  let states = padStates.get(key);
  if (states) return states;
  const k = new Uint8Array(64);
  k.set(key.length > 64 ? sha256(key) : key);
  const pad = new Uint8Array(64);
  const inner = new Uint32Array(IV);
  const outer = new Uint32Array(IV);
  for (let i = 0; i < 64; i++) pad[i] = (k[i] as number) ^ 0x36;
  compress(inner, pad, 0);
  for (let i = 0; i < 64; i++) pad[i] = (k[i] as number) ^ 0x5c;
  compress(outer, pad, 0);
  states = { inner, outer };
  padStates.set(key, states);
  return states;
}

/** HMAC-SHA-256 (RFC 2104) of `message` (UTF-8) under `key`. */
export function hmacSha256(key: Uint8Array, message: string): Uint8Array {
  const { inner, outer } = keyPadStates(key);
  return finish(outer, 64, finish(inner, 64, encoder.encode(message)));
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function toHex(bytes: Uint8Array, length = bytes.length): string {
  let s = '';
  for (let i = 0; i < length; i++) s += HEX[bytes[i] as number] as string;
  return s;
}

export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}
