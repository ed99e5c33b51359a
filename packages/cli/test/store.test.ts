/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies and golden files are untyped JSON */
// The dev store on each SQLite driver this Node can load, plus driver selection.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DevStore } from '../src/dev/store/dev-store.js';
import { openSqlite, SqliteUnavailableError, type SqliteDriverName } from '../src/dev/store/sqlite.js';
import { percentile } from '../src/dev/store/stats.js';
import { tempDir } from './helpers/dev-server.js';
import { evalMetric, hexTraceId, spanEvent } from './helpers/payloads.js';

function driverAvailable(driver: SqliteDriverName): boolean {
  try {
    openSqlite(':memory:', driver).close();
    return true;
  } catch {
    return false;
  }
}

const DRIVERS: SqliteDriverName[] = ['node:sqlite', 'better-sqlite3'];
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

it('has at least one SQLite driver on this Node', () => {
  const available = DRIVERS.filter(driverAvailable);
  expect(available.length).toBeGreaterThan(0);
  // node:sqlite exists from Node 22.13 without a flag; before that, better-sqlite3 must be there.
  const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
  if (major > 22 || (major === 22 && minor >= 13)) expect(available).toContain('node:sqlite');
  else expect(available).toContain('better-sqlite3');
  expect(openSqlite(':memory:').driver).toBe(available[0]);
});

// Asks for node:sqlite where Node does not have it (Node 20): skipped (not passed) where it does.
it.skipIf(driverAvailable('node:sqlite'))('explains what to install when no driver loads', () => {
  expect(() => openSqlite(':memory:', 'node:sqlite')).toThrow(SqliteUnavailableError);
  expect(() => openSqlite(':memory:', 'node:sqlite')).toThrow(/Node >= 22.13|better-sqlite3/);
});

describe.each(DRIVERS)('DevStore on %s', (driver) => {
  const available = driverAvailable(driver);

  function open(options: Partial<ConstructorParameters<typeof DevStore>[0]> = {}): DevStore {
    const dir = tempDir();
    dirs.push(dir);
    return new DevStore({ path: join(dir, 'nested', 'dev.sqlite'), driver, ...options });
  }

  it.skipIf(!available)('stores span events and derives trace summaries', () => {
    const store = open();
    expect(store.driver).toBe(driver);
    const trace_id = hexTraceId();
    const root = spanEvent({ trace_id, name: 'root', kind: 'agent', session_id: 's1', start_ns: 1_800_000_000_000_000_000, duration: 10_000_000 });
    const llm = spanEvent({
      trace_id,
      parent_id: root.span_id,
      name: 'call',
      kind: 'llm',
      start_ns: 1_800_000_000_002_000_000,
      duration: 5_000_000,
      status: 'error',
      metrics: { input_tokens: 10, output_tokens: 5 },
    });
    const tool = spanEvent({ trace_id, parent_id: root.span_id, name: 'tool', kind: 'tool', metrics: { input_tokens: 99 }, start_ns: 1_800_000_000_001_000_000 });
    store.writeRequest({ request: { method: 'POST', path: '/x', kind: 'spans', status: 202, bytes: 1 }, spans: [{ event: llm as never }, { event: tool as never, warnings: 2 }, { event: root as never }] });
    const [summary] = store.listTraces();
    expect(summary).toMatchObject({
      trace_id,
      root_span_id: root.span_id,
      name: 'root',
      kind: 'agent',
      session_id: 's1',
      status: 'error',
      span_count: 3,
      error_count: 1,
      // tokens of llm/embedding spans only
      input_tokens: 10,
      output_tokens: 5,
      total_tokens: 15,
      warnings: 2,
      duration: 10_000_000,
    });
    const detail = store.getTrace(trace_id)!;
    expect(detail.spans.map((s) => s.name)).toEqual(['root', 'tool', 'call']);
    // start_ns beyond 2^53 comes back as the same double it was sent as.
    expect(detail.spans[0]!.start_ns).toBe(1_800_000_000_000_000_000);
    expect(detail.spans[2]!.event).toEqual(llm);
    store.close();
  });

  it.skipIf(!available)('rolls back a whole request when one write fails', () => {
    const store = open();
    const good = spanEvent({ name: 'good' });
    const bad = spanEvent({ name: 'bad' }) as any;
    bad.meta['span.kind'] = null; // NOT NULL column: the insert throws mid-request
    expect(() =>
      store.writeRequest({ request: { method: 'POST', path: '/x', kind: 'spans', status: 202, bytes: 1 }, spans: [{ event: good as never }, { event: bad as never }] }),
    ).toThrow();
    expect(store.summary()).toMatchObject({ spans: 0, traces: 0 });
    expect(store.listRequests()).toEqual([]);
    store.close();
  });

  it.skipIf(!available)('keeps its data when reopened, and refuses a newer schema', () => {
    const store = open();
    const path = store.path;
    store.writeRequest({ request: { method: 'POST', path: '/x', kind: 'spans', status: 202, bytes: 1 }, spans: [{ event: spanEvent() as never }] });
    store.close();
    const again = new DevStore({ path, driver });
    expect(again.summary().spans).toBe(1);
    again.close();
    const raw = openSqlite(path, driver);
    raw.exec('PRAGMA user_version = 99');
    raw.close();
    expect(() => new DevStore({ path, driver })).toThrow(/schema version 99/);
  });

  it.skipIf(!available)('never evicts the trace it just wrote, even alone over the limit', () => {
    const store = open({ retention: { maxSpans: 2 } });
    const trace_id = hexTraceId();
    const spans = [1, 2, 3].map(() => ({ event: spanEvent({ trace_id }) as never }));
    const result = store.writeRequest({ request: { method: 'POST', path: '/x', kind: 'spans', status: 202, bytes: 1 }, spans });
    expect(result.evicted).toEqual({ traces: 0, spans: 0 });
    expect(store.summary().spans).toBe(3);
    const next = store.writeRequest({ request: { method: 'POST', path: '/x', kind: 'spans', status: 202, bytes: 1 }, spans: [{ event: spanEvent() as never }] });
    expect(next.evicted).toEqual({ traces: 1, spans: 3 });
    store.close();
  });

  it.skipIf(!available)('insertSpanEvents stores events from other producers, under the same retention', () => {
    const store = open({ retention: { maxSpans: 2 } });
    const before = store.revision;
    const a = spanEvent({ name: 'a' });
    const b = spanEvent({ name: 'b' });
    expect(store.insertSpanEvents([{ event: a as never }])).toEqual([a.trace_id]);
    store.insertSpanEvents([{ event: b as never }, { event: spanEvent({ trace_id: b.trace_id, parent_id: b.span_id }) as never }]);
    expect(store.revision).toBe(before + 2);
    expect(store.listTraces().map((t) => [t.name, t.span_count])).toEqual([['b', 2]]);
    store.close();
  });

  it.skipIf(!available)('joins evaluations by span, by tag and feedback by session', () => {
    const store = open();
    const span = spanEvent({ kind: 'llm', session_id: 'sess' });
    span.tags.push('request_id:r-1');
    store.writeRequest({ request: { method: 'POST', path: '/x', kind: 'spans', status: 202, bytes: 1 }, spans: [{ event: span as never }] });
    store.writeRequest({
      request: { method: 'POST', path: '/e', kind: 'evaluations', status: 202, bytes: 1 },
      evaluations: [
        evalMetric({ label: 'by-span', join_on: { span: { span_id: span.span_id, trace_id: span.trace_id } } }),
        evalMetric({ label: 'by-tag', join_on: { tag: { key: 'request_id', value: 'r-1' } } }),
        evalMetric({ label: 'elsewhere' }),
        { event_kind: 'feedback', session_id: 'sess', label: 'comment', metric_type: 'text', text_value: 'nice', ml_app: 'a', timestamp_ms: 1, submitter: { id: 'u' } },
      ] as never,
    });
    const detail = store.getTrace(span.trace_id)!;
    expect(detail.evaluations.map((e) => [e.label, e.join_span_id])).toEqual([
      ['by-span', span.span_id],
      ['by-tag', span.span_id],
    ]);
    // ordered by timestamp_ms: the feedback's is 1
    expect(store.getSession('sess')!.evaluations.map((e) => e.label)).toEqual(['comment', 'by-span']);
    store.close();
  });

  it.skipIf(!available)('computes latency percentiles, error counts and tokens per model', () => {
    const store = open();
    const base = 1_800_000_000_000; // ms
    const spans = Array.from({ length: 20 }, (_, i) =>
      spanEvent({
        kind: 'llm',
        start_ns: (base + i * 1000) * 1e6,
        duration: (i + 1) * 1e6,
        status: i === 19 ? 'error' : 'ok',
        metrics: { input_tokens: 10, output_tokens: 1 },
      }),
    );
    store.writeRequest({ request: { method: 'POST', path: '/x', kind: 'spans', status: 202, bytes: 1 }, spans: spans.map((event) => ({ event: event as never })) });
    const stats = store.stats({ buckets: 1, from_ms: base, to_ms: base + 20_000 });
    const total = stats.buckets.reduce((n, b) => n + b.traces, 0);
    expect(total).toBe(20);
    const all = stats.buckets.filter((b) => b.traces > 0);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ traces: 20, errors: 1, p50_ns: 10e6, p95_ns: 19e6 });
    expect(stats.tokens_by_model).toEqual([{ model: 'gpt-4o', provider: 'openai', spans: 20, input_tokens: 200, output_tokens: 20, total_tokens: 220 }]);
    store.close();
  });
});

it('percentile is nearest-rank', () => {
  expect(percentile([], 50)).toBeNull();
  expect(percentile([5], 95)).toBe(5);
  expect(percentile([1, 2, 3, 4], 50)).toBe(2);
  expect(percentile([1, 2, 3, 4], 95)).toBe(4);
});
