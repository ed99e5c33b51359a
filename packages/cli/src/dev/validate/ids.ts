// Id formats on the wire (spec/datadog-intake.md §2.2, design.md "Ids on the wire").

const MAX_U64 = (1n << 64n) - 1n;

/** A span id: an unsigned 64-bit decimal string, not zero, without leading zeros. */
export function isDecimalSpanId(value: string): boolean {
  if (!/^[1-9]\d{0,19}$/.test(value)) return false;
  return BigInt(value) <= MAX_U64;
}

/** An LLM Observability (or APM) trace id: 32 lowercase hex digits, not all zero. */
export function isHexTraceId(value: string): boolean {
  return /^[0-9a-f]{32}$/.test(value) && !/^0+$/.test(value);
}

export const ROOT_PARENT_ID = 'undefined';
