/**
 * OTel ids are hex; LLM Observability wants span ids as unsigned 64-bit decimal strings and trace
 * ids as 32 lowercase hex digits.
 */

const HEX16 = /^[0-9a-fA-F]{16}$/;
const HEX32 = /^[0-9a-fA-F]{32}$/;
const DECIMAL_U64 = /^(0|[1-9][0-9]{0,19})$/;
const U64_MAX = '18446744073709551615';
const TWO_POW_32 = 4294967296;
const BASE = 10_000_000; // 1e7: three 7-digit limbs hold any uint64 (max 20 digits)

/** Value of each ASCII hex digit, -1 for anything else. */
const HEX_DIGIT = /* @__PURE__ */ (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < 10; i++) table[48 + i] = i;
  for (let i = 0; i < 6; i++) {
    table[65 + i] = 10 + i;
    table[97 + i] = 10 + i;
  }
  return table;
})();

/** 8 hex digits from `at` as a number, or -1 when one is not a hex digit (validates and parses in one pass). */
function hex8(hex: string, at: number): number {
  let value = 0;
  for (let i = at; i < at + 8; i++) {
    const code = hex.charCodeAt(i);
    const digit = code < 128 ? (HEX_DIGIT[code] as number) : -1;
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

/**
 * 16 hex digits → unsigned decimal, without BigInt: split into 24+24+16 bits and accumulate in
 * base 1e7 limbs, each well inside double precision. Throws `TypeError` on anything else.
 * (Validating while parsing, with no regex nor slices: 140 vs 380 ns per random id on Node 20; a
 * Map of recent conversions cost more than it saved.)
 */
export function spanIdToDecimal(hex: string): string {
  const hi = typeof hex === 'string' && hex.length === 16 ? hex8(hex, 0) : -1;
  const lo = hi < 0 ? -1 : hex8(hex, 8);
  if (lo < 0) {
    throw new TypeError(`span id must be 16 hex digits (actual: '${String(hex).slice(0, 40)}')`);
  }
  return hexHalvesToDecimal(hi, lo);
}

function hexHalvesToDecimal(hi: number, lo: number): string {
  // Below 2^53 a double is exact: the common case for ids whose top 11 bits are zero.
  if (hi < 0x200000) return String(hi * TWO_POW_32 + lo);

  const low = lo & 0xffffff; // bits 0..23
  const mid = ((lo >>> 24) | (hi << 8)) & 0xffffff; // bits 24..47
  const high = hi >>> 16; // bits 48..63
  // 2^24 = 1·1e7 + 6777216 ; 2^48 = 2·1e14 + 8147497·1e7 + 6710656
  let a = low + mid * 6777216 + high * 6710656;
  let b = mid + high * 8147497;
  let c = high * 2;
  b += Math.floor(a / BASE);
  a %= BASE;
  c += Math.floor(b / BASE);
  b %= BASE;
  if (c > 0) return `${c}${pad7(b)}${pad7(a)}`;
  if (b > 0) return `${b}${pad7(a)}`;
  return String(a);
}

function pad7(n: number): string {
  const s = String(n);
  return s.length >= 7 ? s : '0000000'.slice(s.length) + s;
}

/** Unsigned decimal (≤ 2^64−1) → 16 lowercase hex digits. Throws `TypeError` otherwise. */
export function decimalToSpanId(decimal: string): string {
  if (!isDecimalSpanId(decimal)) throw new TypeError(`span id must be an unsigned 64-bit decimal (actual: '${String(decimal).slice(0, 40)}')`);
  return BigInt(decimal).toString(16).padStart(16, '0');
}

export function isDecimalSpanId(value: unknown): value is string {
  if (typeof value !== 'string' || !DECIMAL_U64.test(value)) return false;
  return value.length < 20 || value <= U64_MAX;
}

export function isHexSpanId(value: unknown): value is string {
  return typeof value === 'string' && HEX16.test(value);
}

/** The last trace id normalized: the spans of a trace are encoded together. */
let lastTraceId: string | undefined;
let lastNormalizedTraceId = '';

/** 32 hex digits → 32 lowercase hex digits. Throws `TypeError` otherwise. */
export function normalizeTraceId(hex: string): string {
  if (hex === lastTraceId) return lastNormalizedTraceId;
  if (typeof hex !== 'string' || !HEX32.test(hex)) {
    throw new TypeError(`trace id must be 32 hex digits (actual: '${String(hex).slice(0, 40)}')`);
  }
  lastNormalizedTraceId = hex.toLowerCase();
  lastTraceId = hex;
  return lastNormalizedTraceId;
}

export function isHexTraceId(value: unknown): value is string {
  return typeof value === 'string' && HEX32.test(value);
}
