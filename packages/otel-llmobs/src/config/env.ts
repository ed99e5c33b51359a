import { diag } from '@opentelemetry/api';
import { FALSE_WORDS, TRUE_WORDS } from './boolean-words.js';

/**
 * The one place that reads the process environment. `globalThis.process?.env` so that edge
 * runtimes (no `process`) and Deno without `--allow-env` (throws on access) simply see nothing.
 */
export function readEnv(name: string): string | undefined {
  let value: string | undefined;
  try {
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
    value = env?.[name];
  } catch {
    return undefined;
  }
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** The first of `names` that is set, with the name it came from (for messages). */
export function readFirstEnv(names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = readEnv(name);
    if (value !== undefined) return { name, value };
  }
  return undefined;
}

const logger = diag.createComponentLogger({ namespace: 'otel-llmobs/config' });

/**
 * Report an environment value we cannot use. Bad environment values never throw (the app may not
 * control its environment); we say so once and fall back. `secret` keeps the value out of the log.
 */
export function warnInvalidEnv(name: string, expected: string, actual: string, secret = false): void {
  const shown = secret ? '<redacted>' : actual;
  logger.warn(`Configuration: environment variable ${name} is invalid, expected ${expected} (actual: '${shown}'); using the default`);
}

/** dd-trace accepts `true`/`1` and `false`/`0`; we also take yes/no/on/off, case-insensitively. */
export function readBooleanEnv(names: readonly string[]): boolean | undefined {
  const found = readFirstEnv(names);
  if (!found) return undefined;
  const v = found.value.toLowerCase();
  if (TRUE_WORDS.has(v)) return true;
  if (FALSE_WORDS.has(v)) return false;
  warnInvalidEnv(found.name, 'true or false', found.value);
  return undefined;
}

/** A positive number (`integer` for counts); anything else warns and gives `undefined`. */
export function readNumberEnv(names: readonly string[], opts: { integer?: boolean; min?: number } = {}): number | undefined {
  const found = readFirstEnv(names);
  if (!found) return undefined;
  const n = Number(found.value);
  const min = opts.min ?? 0;
  if (!Number.isFinite(n) || n < min || (opts.integer === true && !Number.isInteger(n))) {
    warnInvalidEnv(found.name, `${opts.integer === true ? 'an integer' : 'a number'} >= ${min}`, found.value);
    return undefined;
  }
  return n;
}
