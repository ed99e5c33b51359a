/**
 * The words a boolean environment variable may hold (case-insensitive): dd-trace's `true`/`1` and
 * `false`/`0`, plus yes/no/on/off. Its own module, free of imports, because the zero-code entry point
 * (`otel-llmobs/register`) must decide whether it is enabled before loading anything.
 */
export const TRUE_WORDS: ReadonlySet<string> = new Set(['true', '1', 'yes', 'on']);
export const FALSE_WORDS: ReadonlySet<string> = new Set(['false', '0', 'no', 'off']);
