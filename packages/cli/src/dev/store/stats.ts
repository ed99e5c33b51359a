// Time-bucketed trace latency percentiles, error counts, estimated cost and evaluation fail rates, and
// tokens per model, for the charts.
import type { EvaluationRates, ModelTokens, Stats, StatsBucket } from '../../shared/api.js';

const NICE_BUCKETS_MS = [1_000, 5_000, 10_000, 30_000, 60_000, 300_000, 900_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000];

export interface TracePoint {
  start_ns: number;
  duration: number;
  errors: number;
}

/** One model call, placed at its trace's start: its estimated cost, or `null` when its model has no price. */
export interface CallCost {
  trace_start_ns: number;
  usd: number | null;
}

/** One assessed evaluation, placed at the start of the trace it evaluates. */
export interface AssessmentPoint {
  label: string;
  trace_start_ns: number;
  fail: boolean;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1] ?? null;
}

export function computeStats(
  traces: readonly TracePoint[],
  tokens: ModelTokens[],
  options: { buckets?: number; from_ms?: number; to_ms?: number } = {},
  calls: readonly CallCost[] = [],
  assessments: readonly AssessmentPoint[] = [],
): Stats {
  const target = Math.min(Math.max(options.buckets ?? 40, 1), 500);
  if (traces.length === 0) {
    return { from_ms: options.from_ms ?? 0, to_ms: options.to_ms ?? 0, bucket_ms: 0, buckets: [], tokens_by_model: tokens, evaluations: [] };
  }
  const starts = traces.map((t) => t.start_ns / 1e6);
  const from = options.from_ms ?? Math.min(...starts);
  const to = options.to_ms ?? Math.max(...starts) + 1;
  const span = Math.max(to - from, 1);
  const bucketMs = NICE_BUCKETS_MS.find((b) => span / b <= target) ?? Math.ceil(span / target);
  const first = Math.floor(from / bucketMs) * bucketMs;
  const count = Math.max(Math.ceil((to - first) / bucketMs), 1);
  const durations: number[][] = Array.from({ length: count }, () => []);
  const errors = new Array<number>(count).fill(0);
  for (const t of traces) {
    const i = Math.floor((t.start_ns / 1e6 - first) / bucketMs);
    if (i < 0 || i >= count) continue;
    durations[i]!.push(t.duration);
    if (t.errors > 0) errors[i]!++;
  }
  const cost = new Array<number>(count).fill(0);
  const unpriced = new Array<number>(count).fill(0);
  for (const c of calls) {
    const i = Math.floor((c.trace_start_ns / 1e6 - first) / bucketMs);
    if (i < 0 || i >= count) continue;
    if (c.usd === null) unpriced[i]!++;
    else cost[i]! += c.usd;
  }
  const buckets: StatsBucket[] = durations.map((d, i) => {
    d.sort((a, b) => a - b);
    return {
      t: first + i * bucketMs,
      traces: d.length,
      errors: errors[i] ?? 0,
      p50_ns: percentile(d, 50),
      p95_ns: percentile(d, 95),
      cost_usd: cost[i] ?? 0,
      unpriced_calls: unpriced[i] ?? 0,
    };
  });
  return { from_ms: first, to_ms: first + count * bucketMs, bucket_ms: bucketMs, buckets, tokens_by_model: tokens, evaluations: evaluationRates(assessments, first, bucketMs, count) };
}

/** Pass and fail counts per label and bucket, labels in name order. */
function evaluationRates(points: readonly AssessmentPoint[], first: number, bucketMs: number, count: number): EvaluationRates[] {
  const byLabel = new Map<string, EvaluationRates>();
  for (const p of points) {
    const i = Math.floor((p.trace_start_ns / 1e6 - first) / bucketMs);
    if (i < 0 || i >= count) continue;
    let rates = byLabel.get(p.label);
    if (!rates) {
      rates = { label: p.label, pass: 0, fail: 0, buckets: Array.from({ length: count }, (_, j) => ({ t: first + j * bucketMs, pass: 0, fail: 0 })) };
      byLabel.set(p.label, rates);
    }
    const bucket = rates.buckets[i]!;
    if (p.fail) {
      rates.fail++;
      bucket.fail++;
    } else {
      rates.pass++;
      bucket.pass++;
    }
  }
  return [...byLabel.values()].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}
