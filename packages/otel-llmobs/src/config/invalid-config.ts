/**
 * Errors for bad values passed in code. Those are programming errors, so they throw, with a
 * message precise enough to fix the call: `Configuration: <name> is invalid, expected … (actual: '…')`.
 */
export function invalidConfig(name: string, expected: string, actual: unknown, secret = false): TypeError {
  return new TypeError(`Configuration: ${name} is invalid, expected ${expected} (actual: '${secret ? '<redacted>' : describe(actual)}')`);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value.length > 200 ? `${value.slice(0, 200)}…` : value;
  if (typeof value === 'function') return 'function';
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || typeof value !== 'object') return String(value);
  try {
    const json = JSON.stringify(value);
    return json.length > 200 ? `${json.slice(0, 200)}…` : json;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

export function checkString(name: string, value: unknown, opts: { secret?: boolean; nonEmpty?: boolean } = {}): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || (opts.nonEmpty !== false && value.trim() === '')) {
    throw invalidConfig(name, 'a non-empty string', value, opts.secret);
  }
  return value;
}

export function checkBoolean(name: string, value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw invalidConfig(name, 'a boolean', value);
  return value;
}

export function checkNumber(name: string, value: unknown, opts: { integer?: boolean; min?: number } = {}): number | undefined {
  if (value === undefined) return undefined;
  const min = opts.min ?? 0;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || (opts.integer === true && !Number.isInteger(value))) {
    throw invalidConfig(name, `${opts.integer === true ? 'an integer' : 'a finite number'} >= ${min}`, value);
  }
  return value;
}
