import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BoundedQueue } from '../../src/datadog/bounded-queue.js';
import type { Transport } from '../../src/datadog/fetch-transport.js';
import { parseRetryAfter } from '../../src/datadog/retry-after.js';
import { createRetryingTransport } from '../../src/datadog/retrying-transport.js';
import type { SendResult } from '../../src/datadog/send-result.js';

const request = { url: 'http://127.0.0.1:1/api/v2/llmobs', headers: {}, body: '[]' };
const retryable = (retryAfterMs?: number): SendResult => ({ status: 'retryable', error: new Error('503'), statusCode: 503, retryAfterMs });

/** A transport answering from a script, recording when (fake time) each attempt happened. */
function scripted(results: SendResult[]): Transport & { calls: Array<{ at: number; timeout: number }> } {
  const calls: Array<{ at: number; timeout: number }> = [];
  return {
    calls,
    send(_req, timeout) {
      calls.push({ at: Date.now(), timeout });
      return Promise.resolve(results.shift() ?? { status: 'success', statusCode: 202 });
    },
  };
}

describe('createRetryingTransport (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const retry = { initialBackoffMillis: 100, maxBackoffMillis: 1000, multiplier: 2 };

  it('backs off exponentially (full jitter, here random = 1), capped', async () => {
    const transport = scripted([retryable(), retryable(), retryable(), retryable(), retryable()]);
    const onRetry = vi.fn();
    const t = createRetryingTransport({ transport, retry, requestTimeoutMillis: 5000, onRetry, random: () => 1 });
    const done = t.send(request, Date.now() + 60_000);
    await vi.runAllTimersAsync();
    expect(await done).toEqual({ status: 'success', statusCode: 202 });
    const gaps = transport.calls.slice(1).map((c, i) => c.at - transport.calls[i]!.at);
    expect(gaps).toEqual([100, 200, 400, 800, 1000]);
    expect(onRetry).toHaveBeenCalledTimes(5);
  });

  it('full jitter: the delay is random() × ceiling', async () => {
    const transport = scripted([retryable(), retryable()]);
    const t = createRetryingTransport({ transport, retry, requestTimeoutMillis: 5000, random: () => 0.25 });
    const done = t.send(request, Date.now() + 60_000);
    await vi.runAllTimersAsync();
    await done;
    expect(transport.calls.slice(1).map((c, i) => c.at - transport.calls[i]!.at)).toEqual([25, 50]);
  });

  it('honours Retry-After instead of the computed backoff', async () => {
    const transport = scripted([retryable(3000)]);
    const t = createRetryingTransport({ transport, retry, requestTimeoutMillis: 5000, random: () => 1 });
    const done = t.send(request, Date.now() + 60_000);
    await vi.runAllTimersAsync();
    await done;
    expect(transport.calls[1]!.at - transport.calls[0]!.at).toBe(3000);
  });

  it('gives up at once when the next attempt could not start before the deadline', async () => {
    const transport = scripted([retryable(), retryable(10_000)]);
    const t = createRetryingTransport({ transport, retry, requestTimeoutMillis: 5000, random: () => 1 });
    const done = t.send(request, Date.now() + 5000);
    await vi.runAllTimersAsync();
    const result = await done;
    expect(result.status).toBe('retryable');
    expect(transport.calls).toHaveLength(2);
    expect(Date.now() - 1_000_000).toBe(100); // did not sleep 10 s for nothing
  });

  it('bounds each attempt by the time left', async () => {
    const transport = scripted([retryable()]);
    const t = createRetryingTransport({ transport, retry, requestTimeoutMillis: 5000, random: () => 1 });
    const done = t.send(request, Date.now() + 1000);
    await vi.runAllTimersAsync();
    await done;
    expect(transport.calls.map((c) => c.timeout)).toEqual([1000, 900]);
  });

  it('does not retry a failure or a success', async () => {
    for (const answer of [{ status: 'failure', error: new Error('400'), statusCode: 400 } as SendResult, { status: 'success', statusCode: 200 } as SendResult]) {
      const transport = scripted([answer]);
      const t = createRetryingTransport({ transport, retry, requestTimeoutMillis: 5000 });
      expect(await t.send(request, Date.now() + 60_000)).toBe(answer);
      expect(transport.calls).toHaveLength(1);
    }
  });

  it('a deadline already past sends nothing', async () => {
    const transport = scripted([]);
    const t = createRetryingTransport({ transport, retry, requestTimeoutMillis: 5000 });
    expect((await t.send(request, Date.now() - 1)).status).toBe('retryable');
    expect(transport.calls).toHaveLength(0);
  });
});

describe('parseRetryAfter', () => {
  it('seconds or an HTTP date', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
  });
});

describe('BoundedQueue', () => {
  it('bounds by count and by bytes, FIFO', () => {
    const q = new BoundedQueue<string>(3, 10);
    expect(q.push('a', 4)).toBe(true);
    expect(q.push('b', 4)).toBe(true);
    expect(q.push('c', 4)).toBe(false); // bytes
    expect(q.push('c', 2)).toBe(true);
    expect(q.push('d', 0)).toBe(false); // count
    expect([q.length, q.bytes, q.peekBytes()]).toEqual([3, 10, 4]);
    expect([q.shift(), q.shift()]).toEqual(['a', 'b']);
    expect(q.bytes).toBe(2);
    expect(q.clear()).toBe(1);
    expect(q.shift()).toBeUndefined();
  });

  it('stays FIFO across compaction', () => {
    const q = new BoundedQueue<number>(10_000, Infinity);
    for (let i = 0; i < 5000; i++) q.push(i, 1);
    const out: number[] = [];
    for (let i = 0; i < 3000; i++) out.push(q.shift()!);
    for (let i = 5000; i < 6000; i++) q.push(i, 1);
    while (q.length > 0) out.push(q.shift()!);
    expect(out).toEqual(Array.from({ length: 6000 }, (_, i) => i));
    expect(q.bytes).toBe(0);
  });
});
