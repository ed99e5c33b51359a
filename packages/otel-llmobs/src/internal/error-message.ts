/**
 * The text of a caught value, for a log line or a collection error. Never throws: what reaches a
 * `catch` may be anything, including an object whose `toString` or `message` getter throws.
 */
export function errorMessage(error: unknown): string {
  try {
    return error instanceof Error ? String(error.message) : String(error);
  } catch {
    return 'an error that cannot be turned into text';
  }
}
