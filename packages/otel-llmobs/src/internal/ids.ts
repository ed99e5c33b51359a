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

/**
 * 16 hex digits → unsigned decimal, without BigInt: split into 24+24+16 bits and accumulate in
 * base 1e7 limbs, each well inside double precision. Throws `TypeError` on anything else.
 */
export function spanIdToDecimal(hex: string): string {
  if (typeof hex !== 'string' || !HEX16.test(hex)) {
    throw new TypeError(`span id must be 16 hex digits (actual: '${String(hex).slice(0, 40)}')`);
  }
  const hi = parseInt(hex.slice(0, 8), 16);
  const lo = parseInt(hex.slice(8), 16);
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

/** 32 hex digits → 32 lowercase hex digits. Throws `TypeError` otherwise. */
export function normalizeTraceId(hex: string): string {
  if (typeof hex !== 'string' || !HEX32.test(hex)) {
    throw new TypeError(`trace id must be 32 hex digits (actual: '${String(hex).slice(0, 40)}')`);
  }
  return hex.toLowerCase();
}

export function isHexTraceId(value: unknown): value is string {
  return typeof value === 'string' && HEX32.test(value);
}
