/** `major.minor.patch` compared numerically (a pre-release suffix is ignored); unparsable sorts lowest. */
export function compareVersions(a: string | undefined, b: string | undefined): number {
  const pa = parse(a);
  const pb = parse(b);
  if (pa === undefined || pb === undefined) return pa === undefined ? (pb === undefined ? 0 : -1) : 1;
  for (let i = 0; i < 3; i++) {
    const d = pa[i]! - pb[i]!;
    if (d !== 0) return d;
  }
  return 0;
}

function parse(version: string | undefined): [number, number, number] | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version ?? '');
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}
