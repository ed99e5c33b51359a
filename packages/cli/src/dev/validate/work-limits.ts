// Bounds on the work one request can cause, whatever it holds. These are the dev intake's own (the
// intake contract has no such rules): they keep one hostile or broken request from holding the
// server for seconds, filling memory, or blowing the stack of a recursive walk later (validation,
// storage, `JSON.stringify`, the viewer).
import type { Violation } from './violations.js';

/**
 * Items (span envelopes, evaluation metrics) validated per request. A valid span event is well over
 * 100 bytes, so a 5 MiB body cannot hold this many valid ones; past it, items are refused unread.
 */
export const MAX_ITEMS_PER_REQUEST = 50_000;

/** Nesting kept in a request body (arrays and objects, from the top); deeper values are replaced. */
export const MAX_JSON_DEPTH = 64;

/** What a value nested past `MAX_JSON_DEPTH` becomes. */
export const TOO_DEEP_PLACEHOLDER = `[nested deeper than ${MAX_JSON_DEPTH} levels: dropped by the dev intake]`;

export function tooManyItemsViolation(count: number, path: string): Violation {
  return {
    severity: 'error',
    code: 'limits.items',
    path,
    message: `The request holds ${count} items; the dev intake reads at most ${MAX_ITEMS_PER_REQUEST} per request. The ${count - MAX_ITEMS_PER_REQUEST} after them were neither validated nor stored.`,
  };
}

/**
 * Replaces, in place, every array or object nested deeper than `MAX_JSON_DEPTH` with
 * `TOO_DEEP_PLACEHOLDER`, and says where (the first paths, then a count), as a warning: the rest of
 * the item is kept. Iterative: a body nested 100 000 levels deep (which `JSON.parse` accepts) costs no
 * stack here.
 */
export function boundJsonDepth(body: unknown): Violation[] {
  let cut = 0;
  const paths: string[] = [];
  const stack: { value: object; depth: number; path: string }[] = [];
  if (typeof body === 'object' && body !== null) stack.push({ value: body, depth: 1, path: '' });
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!;
    const visit = (key: string | number, child: unknown): void => {
      if (typeof child !== 'object' || child === null) return;
      const childPath = typeof key === 'number' ? `${path}[${key}]` : `${path}${path ? '.' : ''}${key.length > 40 ? `${key.slice(0, 40)}…` : key}`;
      if (depth < MAX_JSON_DEPTH) {
        stack.push({ value: child, depth: depth + 1, path: childPath });
        return;
      }
      // defineProperty: a `__proto__` key (an own property after JSON.parse) is replaced too.
      Object.defineProperty(value, key, { value: TOO_DEEP_PLACEHOLDER, writable: true, enumerable: true, configurable: true });
      cut++;
      if (paths.length < 3) paths.push(childPath);
    };
    // Indexes for arrays, no entry tuples: a body can be a million-element array.
    if (Array.isArray(value)) for (let i = 0; i < value.length; i++) visit(i, value[i]);
    else for (const key of Object.keys(value)) visit(key, (value as Record<string, unknown>)[key]);
  }
  if (cut === 0) return [];
  return [
    {
      severity: 'warning',
      code: 'limits.depth',
      path: paths[0]!,
      message: `${cut} value(s) nested deeper than ${MAX_JSON_DEPTH} levels were replaced by ${JSON.stringify(TOO_DEEP_PLACEHOLDER)} (at ${paths.join(', ')}${cut > paths.length ? ', …' : ''}); the rest was kept.`,
    },
  ];
}
