// Reading the viewer API's query parameters and path ids strictly: a malformed value is the
// client's mistake (400 naming the parameter), never a 500 from SQLite or `decodeURIComponent`.

/** A malformed parameter; the API answers 400 with its message. */
export class BadQuery extends Error {
  override readonly name = 'BadQuery';
}

/** Largest integer a parameter may hold: timestamps in ms fit, 1e300 does not. */
const MAX_INTEGER = Number.MAX_SAFE_INTEGER;

export function textParam(url: URL, name: string): string | undefined {
  const v = url.searchParams.get(name);
  return v === null || v === '' ? undefined : v;
}

/** A non-negative integer in decimal digits (`limit=1.5`, `limit=1e300`, `limit=-1` are refused). */
export function intParam(url: URL, name: string): number | undefined {
  const v = textParam(url, name);
  if (v === undefined) return undefined;
  const n = /^\d{1,16}$/.test(v) ? Number(v) : NaN;
  if (!(n <= MAX_INTEGER)) throw new BadQuery(`${name} must be a non-negative integer (got ${JSON.stringify(v.slice(0, 40))})`);
  return n;
}

/** A path segment, percent-decoded; a bad escape (`%E0%A4%A`) is refused. */
export function pathId(raw: string | undefined, what: string): string {
  try {
    return decodeURIComponent(raw ?? '');
  } catch {
    throw new BadQuery(`the ${what} in the path is not valid percent-encoding`);
  }
}
