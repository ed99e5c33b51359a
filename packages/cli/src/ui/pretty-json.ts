// Pretty JSON for the viewer, bounded: a value nested thousands of levels deep pretty-printed in full
// is millions of characters (the indentation alone grows with the square of the depth) and hung the
// page for 20+ s. Levels past `maxDepth` are summarized, and the text stops at `maxChars`.

export interface PrettyLimits {
  /** Levels shown; deeper arrays and objects become a one-line summary. */
  maxDepth: number;
  /** Characters of output at most; the rest is cut with a note. */
  maxChars: number;
}

export const PRETTY_LIMITS: PrettyLimits = { maxDepth: 24, maxChars: 200_000 };

export interface Pretty {
  text: string;
  /** Something was left out (too deep, or too long): say so next to the text. */
  cut: boolean;
}

export function prettyJson(value: unknown, limits: PrettyLimits = PRETTY_LIMITS): Pretty {
  const parts: string[] = [];
  let size = 0;
  let cut = false;
  const full = (): boolean => size >= limits.maxChars;
  const push = (text: string): void => {
    if (full()) {
      cut = true;
      return;
    }
    const room = limits.maxChars - size;
    if (text.length > room) {
      parts.push(text.slice(0, room));
      size = limits.maxChars;
      cut = true;
      return;
    }
    parts.push(text);
    size += text.length;
  };
  // Recursion is bounded by maxDepth.
  const write = (v: unknown, depth: number, indent: string): void => {
    if (full()) {
      cut = true;
      return;
    }
    if (v === null || typeof v !== 'object') {
      push(scalar(v));
      return;
    }
    const isArray = Array.isArray(v);
    const keys = isArray ? undefined : Object.keys(v);
    const count = isArray ? v.length : keys!.length;
    if (count === 0) {
      push(isArray ? '[]' : '{}');
      return;
    }
    if (depth >= limits.maxDepth) {
      cut = true;
      push(isArray ? `[… ${count} item${count === 1 ? '' : 's'} nested deeper than ${limits.maxDepth} levels]` : `{… ${count} key${count === 1 ? '' : 's'} nested deeper than ${limits.maxDepth} levels}`);
      return;
    }
    const inner = `${indent}  `;
    push(isArray ? '[\n' : '{\n');
    for (let i = 0; i < count && !full(); i++) {
      push(inner);
      if (isArray) write((v as unknown[])[i], depth + 1, inner);
      else {
        const key = keys![i]!;
        push(`${JSON.stringify(key)}: `);
        write((v as Record<string, unknown>)[key], depth + 1, inner);
      }
      push(i < count - 1 ? ',\n' : '\n');
    }
    push(`${indent}${isArray ? ']' : '}'}`);
  };
  write(value, 0, '');
  return { text: parts.join(''), cut };
}

function scalar(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'boolean') return String(v);
  // undefined, functions, symbols, bigints: not in parsed JSON; shown as JSON.stringify shows them in arrays.
  return 'null';
}
