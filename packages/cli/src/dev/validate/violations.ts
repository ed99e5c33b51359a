// What the validator reports. A violation has a severity:
// - `error`: the event breaks the intake contract (spec/datadog-intake.md): a wrong type, an id the
//   backend cannot join on, a missing required field. The dev intake does not store such an event.
// - `warning`: the intake would take it, but it is probably not what the sender meant (no ml_app tag,
//   a prompt on a non-llm span, a camelCase metric). The event is stored and carries a badge.

export type Severity = 'error' | 'warning';

export interface Violation {
  severity: Severity;
  /** Stable rule id, e.g. `span.trace_id` or `message.tool_call.arguments`. */
  code: string;
  /** Where in the request body, as a JS-like path: `[0].spans[0].meta.input.messages[1].role`. */
  path: string;
  message: string;
}

/**
 * Violations listed per item at most: an item with 100 000 unknown keys must not cost 100 000
 * objects. Past it, one `limits.violations` warning says the list is cut; errors still count.
 */
export const MAX_VIOLATIONS_PER_ITEM = 20;

/** Collects violations while walking a value; paths are built by the caller. */
export class ViolationList {
  readonly items: Violation[] = [];
  #errors = false;
  #omitted = 0;

  error(path: string, code: string, message: string): void {
    this.#errors = true;
    this.#add({ severity: 'error', code, path, message });
  }

  warn(path: string, code: string, message: string): void {
    this.#add({ severity: 'warning', code, path, message });
  }

  get hasErrors(): boolean {
    return this.#errors || this.items.some((v) => v.severity === 'error');
  }

  /** Violations found but not listed (past `MAX_VIOLATIONS_PER_ITEM`). */
  get omitted(): number {
    return this.#omitted;
  }

  #add(violation: Violation): void {
    if (this.items.length < MAX_VIOLATIONS_PER_ITEM) {
      this.items.push(violation);
      return;
    }
    if (this.#omitted++ === 0) {
      this.items.push({ severity: 'warning', code: 'limits.violations', path: '', message: `More than ${MAX_VIOLATIONS_PER_ITEM} violations in this item: the rest are not listed.` });
    }
  }
}

export function hasErrors(violations: readonly Violation[]): boolean {
  return violations.some((v) => v.severity === 'error');
}

/** `a.b` for identifier-like keys, `a["span.kind"]` otherwise. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path ? `${path}.` : ''}${key}` : `${path}[${JSON.stringify(key)}]`;
}
