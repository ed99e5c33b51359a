/**
 * Structural equality of JSON-like values, where a property set to `undefined` is the same as a
 * missing one (as after a trip through JSON). Used to check that what the canonical writer wrote
 * reads back as the model it came from.
 */
export function sameValue(a: unknown, b: unknown, depth = 0): boolean {
  if (a === b) return true;
  // Deeper than any message the writer produces; treat as different and let the exact copy travel.
  if (depth > 64) return false;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i], depth + 1)) return false;
    return true;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const key of keys) {
    const va = ra[key];
    const vb = rb[key];
    if (va === undefined && vb === undefined) continue;
    if (!sameValue(va, vb, depth + 1)) return false;
  }
  return true;
}
