// How many problems one request may record. A request of a million invalid items must not store a
// million rows (nor answer with them): the first `MAX_RECORDED_PROBLEMS` are kept, each cut to a
// sane length, and one `limits.problems` warning says how many more there were. The error and
// warning counts stay exact.
import type { NewProblem } from './store/dev-store.js';

export const MAX_RECORDED_PROBLEMS = 100;
const MAX_PATH_CHARS = 300;
const MAX_MESSAGE_CHARS = 1_000;
const MAX_NAME_CHARS = 200;

export interface RecordedProblems {
  /** What is stored and reported: at most `MAX_RECORDED_PROBLEMS` + 1 (the summary). */
  problems: NewProblem[];
  /** Exact counts over every problem found, recorded or not. */
  errors: number;
  warnings: number;
  omitted: number;
}

export function recordableProblems(all: readonly NewProblem[]): RecordedProblems {
  let errors = 0;
  for (const p of all) if (p.severity === 'error') errors++;
  const problems = all.slice(0, MAX_RECORDED_PROBLEMS).map(shorten);
  const omitted = all.length - problems.length;
  if (omitted > 0) {
    problems.push({
      severity: 'warning',
      code: 'limits.problems',
      path: '',
      message: `This request has ${all.length} problems (${errors} errors); only the first ${MAX_RECORDED_PROBLEMS} are recorded.`,
      stored: all.some((p) => p.stored),
    });
  }
  return { problems, errors, warnings: all.length - errors, omitted };
}

function shorten(p: NewProblem): NewProblem {
  const out = { ...p, path: cut(p.path, MAX_PATH_CHARS), message: cut(p.message, MAX_MESSAGE_CHARS) };
  if (p.itemName !== undefined) out.itemName = cut(p.itemName, MAX_NAME_CHARS);
  if (p.traceId !== undefined) out.traceId = cut(p.traceId, MAX_NAME_CHARS);
  if (p.spanId !== undefined) out.spanId = cut(p.spanId, MAX_NAME_CHARS);
  return out;
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
