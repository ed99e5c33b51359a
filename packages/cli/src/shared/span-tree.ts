// Spans in tree order (depth first, children by start time), for the terminal printer and the viewer.
// Spans whose parent is not among them (not received yet, or a propagated parent) are roots.

export interface TreeSpan {
  span_id: string;
  parent_id: string;
  start_ns: number;
}

export interface TreeRow<T> {
  span: T;
  depth: number;
  /** For each level from the root's children down to this span: is it the last child at that level? */
  lastAtLevel: boolean[];
}

export function spanTree<T extends TreeSpan>(spans: readonly T[]): TreeRow<T>[] {
  const ids = new Set(spans.map((s) => s.span_id));
  const children = new Map<string, T[]>();
  const roots: T[] = [];
  for (const s of spans) {
    if (s.parent_id !== 'undefined' && ids.has(s.parent_id)) {
      const list = children.get(s.parent_id) ?? [];
      list.push(s);
      children.set(s.parent_id, list);
    } else roots.push(s);
  }
  const byStart = (a: T, b: T): number => a.start_ns - b.start_ns;
  const rows: TreeRow<T>[] = [];
  const walk = (span: T, lastAtLevel: boolean[]): void => {
    rows.push({ span, depth: lastAtLevel.length, lastAtLevel });
    const kids = (children.get(span.span_id) ?? []).sort(byStart);
    kids.forEach((kid, i) => walk(kid, [...lastAtLevel, i === kids.length - 1]));
  };
  for (const root of roots.sort(byStart)) walk(root, []);
  return rows;
}
