// Small type guards for walking untrusted JSON.

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Strings up to this length are quoted in validation messages; longer ones are described by their length. */
const MAX_QUOTED = 40;

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  // Quoted whole or not at all: a cut value (the head of a key) could slip past the sensitive-data
  // scan that runs over the stored message, where the whole value would not.
  if (typeof value === 'string') return value.length <= MAX_QUOTED ? `a string (${JSON.stringify(value)})` : `a string (${value.length} characters)`;
  if (typeof value === 'number') return `a number (${String(value)})`;
  return typeof value;
}

