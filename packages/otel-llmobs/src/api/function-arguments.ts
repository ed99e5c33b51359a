/**
 * `wrap()` auto-annotation input, as dd-trace computes it: a single argument is the input itself;
 * several become `{ <parameter name>: argument }`, the names read from the function's source
 * (defaults and destructuring skipped, a rest parameter collects the remaining arguments).
 */
const namesCache = new WeakMap<(...args: never[]) => unknown, string[]>();

export function functionArgumentsInput(fn: (...args: never[]) => unknown, args: readonly unknown[]): unknown {
  if (args.length === 0) return undefined;
  if (args.length === 1) return args[0];
  try {
    let names = namesCache.get(fn);
    if (!names) {
      names = parameterNames(Function.prototype.toString.call(fn));
      namesCache.set(fn, names);
    }
    const input: Record<string, unknown> = {};
    for (let i = 0; i < args.length; i++) {
      const name = names[i];
      if (name?.startsWith('...')) {
        input[name.slice(3)] = args.slice(i);
        break;
      }
      input[name ?? String(i)] = args[i];
    }
    return input;
  } catch {
    return [...args];
  }
}

/** The parameter names in a function's source text (`...rest` keeps its dots; a destructured parameter is its pattern). */
export function parameterNames(source: string): string[] {
  const { start, end } = argumentBounds(source);
  return start === -1 ? [] : parseArgumentNames(source.slice(start + 1, end === -1 ? undefined : end));
}

/** The parameter list's parentheses (an arrow function without them has a single argument anyway). */
function argumentBounds(source: string): { start: number; end: number } {
  let start = -1;
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '(') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === ')') {
      depth--;
      if (depth === 0) return { start, end: i };
    }
  }
  return { start, end: -1 };
}

function parseArgumentNames(text: string): string[] {
  const result: string[] = [];
  let current = '';
  let depth = 0;
  let recording = true;
  let lineComment = false;
  let blockComment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    const next = text[i + 1];
    if (!blockComment && !lineComment && c === '/' && next === '/') {
      lineComment = true;
      i++;
      continue;
    }
    if (!lineComment && !blockComment && c === '/' && next === '*') {
      blockComment = true;
      i++;
      continue;
    }
    if (lineComment) {
      if (c === '\n') lineComment = false;
      continue;
    }
    if (blockComment) {
      if (c === '*' && next === '/') {
        blockComment = false;
        i++;
      }
      continue;
    }
    if (c === '{' || c === '[' || c === '(') depth++;
    else if (c === '}' || c === ']' || c === ')') depth--;
    else if (c === '=' && next !== '>' && depth === 0) {
      // A default value: the name is complete, skip to the next comma.
      if (recording) result.push(current.trim());
      recording = false;
      current = '';
      continue;
    } else if (c === ',' && depth === 0) {
      if (recording) result.push(current.trim());
      current = '';
      recording = true;
      continue;
    }
    if (recording) current += c;
  }
  if (recording && current.trim() !== '') result.push(current.trim());
  return result;
}
