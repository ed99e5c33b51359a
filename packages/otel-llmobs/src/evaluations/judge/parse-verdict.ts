import type { JudgeCompletion } from '../types.js';

/** A judge's answer, checked against the evaluator's enum. */
export interface Verdict {
  reasoning: string;
  value: string;
  categories: string[];
  raw: Record<string, unknown>;
}

export type ParsedVerdict = { ok: true; verdict: Verdict } | { ok: false; problem: string; rawHead: string };

const RAW_HEAD_CHARS = 200;

/**
 * Tolerant parsing, in order (spec §2.2): the structured answer (a tool's input, a parsed schema
 * answer), `JSON.parse` of the text, the text without a ``` fence, the first balanced `{…}` in it.
 * Then `value` must be one of `values`; nothing is invented when it is not.
 */
export function parseVerdict(completion: JudgeCompletion, values: readonly string[], categoryValues: readonly string[] = []): ParsedVerdict {
  const text = typeof completion.text === 'string' ? completion.text : '';
  const object = asObject(completion.structured) ?? parseObject(text);
  const rawHead = text !== '' ? text.slice(0, RAW_HEAD_CHARS) : safeHead(completion.structured);
  if (!object) return { ok: false, problem: 'the answer is not a JSON object', rawHead };
  const value = object.value;
  if (typeof value !== 'string' || !values.includes(value)) {
    return { ok: false, problem: `value ${JSON.stringify(value) ?? 'undefined'} is not one of ${values.join(', ')}`, rawHead };
  }
  const reasoning = typeof object.reasoning === 'string' ? object.reasoning.trim() : '';
  const categories = Array.isArray(object.categories)
    ? object.categories.filter((c): c is string => typeof c === 'string' && categoryValues.includes(c))
    : [];
  return { ok: true, verdict: { reasoning, value, categories: [...new Set(categories)], raw: object } };
}

function parseObject(text: string): Record<string, unknown> | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const direct = tryJson(trimmed);
  if (direct) return direct;
  const fenced = /```(?:json|JSON)?\s*\n?([\s\S]*?)```/.exec(trimmed);
  if (fenced) {
    const inside = tryJson((fenced[1] as string).trim());
    if (inside) return inside;
  }
  const balanced = firstBalancedObject(trimmed);
  return balanced === undefined ? undefined : tryJson(balanced);
}

function tryJson(text: string): Record<string, unknown> | undefined {
  try {
    return asObject(JSON.parse(text));
  } catch {
    return undefined;
  }
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The first `{…}` whose braces balance, skipping braces inside JSON strings. */
export function firstBalancedObject(text: string): string | undefined {
  let start = text.indexOf('{');
  while (start >= 0) {
    let depth = 0;
    let inString = false;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{') depth++;
      else if (c === '}') {
        depth--;
        if (depth === 0) {
          const candidate = text.slice(start, i + 1);
          if (tryJson(candidate)) return candidate;
          break;
        }
      }
    }
    start = text.indexOf('{', start + 1);
  }
  return undefined;
}

function safeHead(value: unknown): string {
  try {
    return (JSON.stringify(value) ?? '').slice(0, RAW_HEAD_CHARS);
  } catch {
    return '';
  }
}
