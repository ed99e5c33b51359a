import { describe, expect, it } from 'vitest';
import type { BufferedSpan } from '../../src/otlp/replay-span.js';
import type { FlushReason, TraceBufferOptions } from '../../src/otlp/trace-buffer.js';
import { TraceBuffer } from '../../src/otlp/trace-buffer.js';

function span(traceId: string, spanId: string, parent?: string, bytes = 100): BufferedSpan {
  return {
    span: {} as never,
    traceId: traceId.padStart(32, '0'),
    spanId: spanId.padStart(16, '0'),
    parentSpanId: parent?.padStart(16, '0'),
    isLocalRoot: parent === undefined,
    startNs: 0n,
    endNs: 0n,
    bytes,
  };
}

function setup(options: Partial<TraceBufferOptions> = {}) {
  let now = 0;
  const flushed: Array<{ traceId: string; spans: string[]; reason: FlushReason }> = [];
  const warnings: string[] = [];
  const buffer = new TraceBuffer({
    quietMs: 100,
    maxWaitMs: 1000,
    tickMs: 1_000_000,
    now: () => now,
    onFlush: (traceId, spans, reason) => flushed.push({ traceId: traceId.replace(/^0+/, ''), spans: spans.map((s) => s.spanId.replace(/^0+/, '')), reason }),
    onFirstEviction: (m) => warnings.push(m),
    onFirstRejection: (m) => warnings.push(m),
    ...options,
  });
  return {
    buffer,
    flushed,
    warnings,
    advance(ms: number) {
      now += ms;
      buffer.flushDue();
    },
  };
}

describe('TraceBuffer', () => {
  it('holds a trace across requests until its root arrived and it has been quiet', () => {
    const t = setup();
    t.buffer.add([span('a', '2', '1'), span('a', '3', '2')]);
    t.advance(500);
    expect(t.flushed).toEqual([]);
    t.buffer.add([span('a', '1')]);
    t.advance(50);
    t.buffer.add([span('a', '4', '1')]);
    t.advance(99);
    expect(t.flushed).toEqual([]);
    t.advance(1);
    expect(t.flushed).toEqual([{ traceId: 'a', spans: ['2', '3', '1', '4'], reason: 'complete' }]);
    expect(t.buffer.stats()).toMatchObject({ traces: 0, spans: 0, bytes: 0, flushed: { complete: 1 } });
    t.buffer.close();
  });

  it('flushes a trace whose root never comes after maxWaitMs; a remote parent counts as a local root', () => {
    const t = setup();
    t.buffer.add([span('b', '2', '1')]);
    const remoteChild = { ...span('c', '5', '4'), isLocalRoot: true };
    t.buffer.add([remoteChild]);
    t.advance(100);
    expect(t.flushed.map((f) => f.traceId)).toEqual(['c']);
    t.advance(899);
    expect(t.flushed.map((f) => f.traceId)).toEqual(['c']);
    t.advance(1);
    expect(t.flushed.at(-1)).toEqual({ traceId: 'b', spans: ['2'], reason: 'max_wait' });
    t.buffer.close();
  });

  it('a trace that keeps receiving spans is still flushed at maxWaitMs', () => {
    const t = setup();
    t.buffer.add([span('d', '1')]);
    for (let i = 2; i < 30; i++) {
      t.advance(50);
      t.buffer.add([span('d', String(i), '1')]);
    }
    expect(t.flushed).toHaveLength(1);
    expect(t.flushed[0]!.reason).toBe('max_wait');
    t.buffer.close();
  });

  it('bounds traces, spans and bytes: the oldest traces are flushed early, reported once', () => {
    const t = setup({ maxTraces: 2, maxSpans: 5, maxBytes: 1000 });
    t.buffer.add([span('1', '1', '0')]);
    t.buffer.add([span('2', '1', '0')]);
    t.buffer.add([span('3', '1', '0')]);
    expect(t.flushed).toEqual([{ traceId: '1', spans: ['1'], reason: 'evicted' }]);
    t.buffer.add([span('3', '2', '0'), span('3', '3', '0'), span('3', '4', '0'), span('3', '5', '0')]);
    // 6 spans would be buffered: trace 2 goes.
    expect(t.flushed.map((f) => f.traceId)).toEqual(['1', '2']);
    t.buffer.add([span('4', '1', '0', 900)]);
    // 5 × 100 + 900 bytes > 1000: trace 3 goes.
    expect(t.flushed.map((f) => f.traceId)).toEqual(['1', '2', '3']);
    expect(t.buffer.stats()).toMatchObject({ traces: 1, spans: 1, bytes: 900, flushed: { evicted: 3 } });
    expect(t.warnings).toHaveLength(1);
    expect(t.warnings[0]).toMatch(/trace buffer full .* flushing the oldest traces early/);
    t.buffer.close();
  });

  it('a single trace over the bounds is flushed in parts rather than dropped', () => {
    const t = setup({ maxSpans: 3 });
    t.buffer.add([span('e', '1', '0'), span('e', '2', '0'), span('e', '3', '0'), span('e', '4', '0')]);
    expect(t.flushed).toEqual([{ traceId: 'e', spans: ['1', '2', '3'], reason: 'evicted' }]);
    expect(t.buffer.stats()).toMatchObject({ traces: 1, spans: 1 });
    t.buffer.close();
  });

  it('refuses only a span bigger than the whole byte bound, and counts retried duplicates once', () => {
    const t = setup({ maxBytes: 500 });
    expect(t.buffer.add([span('f', '1', undefined, 600), span('f', '2', '1')])).toEqual({ rejected: 1, reason: expect.stringMatching(/bigger than the whole trace buffer/) });
    expect(t.buffer.add([span('f', '2', '1')])).toEqual({ rejected: 0 });
    expect(t.buffer.stats()).toMatchObject({ spans: 1, bytes: 100, rejectedSpans: 1, duplicateSpans: 1 });
    expect(t.warnings).toEqual([expect.stringMatching(/refused 1 span/)]);
    t.buffer.close();
  });

  it('flushAll flushes everything; after close, spans are refused', () => {
    const t = setup();
    t.buffer.add([span('g', '1'), span('h', '2', '1')]);
    t.buffer.close();
    t.buffer.flushAll();
    expect(t.flushed.map((f) => [f.traceId, f.reason])).toEqual([
      ['g', 'shutdown'],
      ['h', 'shutdown'],
    ]);
    expect(t.buffer.add([span('i', '1')])).toEqual({ rejected: 1, reason: 'the gateway is shutting down' });
  });

  it('checks its options', () => {
    expect(() => new TraceBuffer({ onFlush: () => undefined, maxSpans: 0 })).toThrow(/maxSpans/);
    expect(() => new TraceBuffer({ onFlush: () => undefined, quietMs: Number.NaN })).toThrow(/quietMs/);
  });
});
