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

/** Collects violations while walking a value; paths are built by the caller. */
export class ViolationList {
  readonly items: Violation[] = [];

  error(path: string, code: string, message: string): void {
    this.items.push({ severity: 'error', code, path, message });
  }

  warn(path: string, code: string, message: string): void {
    this.items.push({ severity: 'warning', code, path, message });
  }

  get hasErrors(): boolean {
    return this.items.some((v) => v.severity === 'error');
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
