// Relative time ranges of the filter bar.

/** [key in the URL, label, length in ms]. */
export const RANGES: [string, string, number | undefined][] = [
  ['', 'All time', undefined],
  ['15m', 'Last 15 min', 15 * 60_000],
  ['1h', 'Last hour', 3_600_000],
  ['24h', 'Last 24 h', 86_400_000],
  ['7d', 'Last 7 days', 7 * 86_400_000],
];

export function rangeFrom(range: string | undefined): string | undefined {
  const r = RANGES.find(([key]) => key === range);
  return r?.[2] === undefined ? undefined : String(Date.now() - r[2]);
}
