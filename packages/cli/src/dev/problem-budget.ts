// How many problems one request may record. A request of a million invalid items must not store a
// million rows (nor build a million objects to answer with): the first `MAX_RECORDED_PROBLEMS` are
// kept, each cut to a sane length, and one `limits.problems` warning says how many more there were.
// The error and warning counts stay exact.
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

/** Collects a request's problems: request-level ones first (`addFirst`), then item-level ones, up to the cap. */
export class ProblemBudget {
  readonly #first: NewProblem[] = [];
  readonly #items: NewProblem[] = [];
  #errors = 0;
  #total = 0;
  #anyStored = false;

  add(problem: NewProblem): void {
    this.#count(problem);
    if (this.#items.length < MAX_RECORDED_PROBLEMS) this.#items.push(shorten(problem));
  }

  /** Request-level problems (transport, payload shape): listed before the items'. */
  addFirst(problems: readonly NewProblem[]): void {
    for (const p of problems) {
      this.#count(p);
      this.#first.push(shorten(p));
    }
  }

  /** Rewrites the recorded messages (the sensitive-data scan: a message may quote a value). */
  redact(rewrite: (message: string) => string): void {
    for (const list of [this.#first, this.#items]) {
      for (let i = 0; i < list.length; i++) {
        const p = list[i] as NewProblem;
        list[i] = { ...p, message: rewrite(p.message) };
      }
    }
  }

  result(): RecordedProblems {
    const problems = [...this.#first, ...this.#items].slice(0, MAX_RECORDED_PROBLEMS);
    const omitted = this.#total - problems.length;
    if (omitted > 0) {
      problems.push({
        severity: 'warning',
        code: 'limits.problems',
        path: '',
        message: `This request has ${this.#total} problems (${this.#errors} errors); only the first ${MAX_RECORDED_PROBLEMS} are recorded.`,
        stored: this.#anyStored,
      });
    }
    return { problems, errors: this.#errors, warnings: this.#total - this.#errors, omitted };
  }

  #count(p: NewProblem): void {
    this.#total++;
    if (p.severity === 'error') this.#errors++;
    if (p.stored) this.#anyStored = true;
  }
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
