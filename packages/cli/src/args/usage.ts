// What every command's flag parser shares: the error for a bad command line (cli.ts prints its
// message and the command's help instead of a stack) and the flags more than one command takes.

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be an integer from 0 to 65535 (got ${value}).`);
  return port;
}
