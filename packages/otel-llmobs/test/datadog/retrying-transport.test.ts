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

  const retry = { initialBackoffMillis: 100, maxBackoffMillis: 1000, multiplier: 2, maxAttempts: 5 };
  const gapsOf = (calls: Array<{ at: number }>) => calls.slice(1).map((c, i) => c.at - calls[i]!.at);

  it('backs off exponentially (here random = 1: the whole ceiling), capped', async () => {
    const transport = scripted([retryable(), retryable(), retryable(), retryable(), retryable(), retryable()]);
    const onRetry = vi.fn();
    const t = createRetryingTransport({ transport, retry: { ...retry, maxAttempts: 7 }, requestTimeoutMillis: 5000, onRetry, random: () => 1 });
    const done = t.send(request, Date.now() + 60_000);
    await vi.runAllTimersAsync();
    expect(await done).toEqual({ status: 'success', statusCode: 202 });
    expect(gapsOf(transport.calls)).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(onRetry).toHaveBeenCalledTimes(6);
  });

  it('jitter never goes below half the ceiling (random = 0)', async () => {
    const transport = scripted([retryable(), retryable()]);
    const t = createRetryingTransport({ transport, retry, requestTimeoutMillis: 5000, random: () => 0 });
    const done = t.send(request, Date.now() + 60_000);
    await vi.runAllTimersAsync();
    await done;
    expect(gapsOf(transport.calls)).toEqual([50, 100]);
  });

  it('gives up after maxAttempts (OTel: 5), with the last error', async () => {
    const transport = scripted(Array.from({ length: 10 }, () => retryable()));
    const onRetry = vi.fn();
    const t = createRetryingTransport({ transport, retry, requestTimeoutMillis: 5000, onRetry, random: () => 0 });
    const done = t.send(request, Date.now() + 600_000);
    await vi.runAllTimersAsync();
    const result = await done;
    expect(result).toMatchObject({ status: 'retryable', statusCode: 503 });
    expect(transport.calls).toHaveLength(5);
    expect(onRetry).toHaveBeenCalledTimes(4);
  });

  it('honours a Retry-After longer than the backoff', async () => {
    const transport = scripted([retryable(3000)]);
    const t = createRetryingTransport({ transport, retry, requestTimeoutMillis: 5000, random: () => 1 });
    const done = t.send(request, Date.now() + 60_000);
    await vi.runAllTimersAsync();
    await done;
    expect(transport.calls[1]!.at - transport.calls[0]!.at).toBe(3000);
  });

  it('Retry-After: 0 (or a past date) still waits the jittered backoff: no retry storm', async () => {
    const transport = scripted(Array.from({ length: 10 }, () => retryable(0)));
    const t = createRetryingTransport({ transport, retry, requestTimeoutMillis: 5000, random: () => 0 });
    const done = t.send(request, Date.now() + 60_000);
    await vi.runAllTimersAsync();
    await done;
    expect(gapsOf(transport.calls)).toEqual([50, 100, 200, 400]);
  });

  it('a Retry-After holds every send of the transport, not only the batch that got it', async () => {
    const transport = scripted([retryable(2000)]);
    const t = createRetryingTransport({ transport, retry, requestTimeoutMillis: 5000, random: () => 0 });
    const first = t.send(request, Date.now() + 60_000);
    await vi.advanceTimersByTimeAsync(10); // the first answer (Retry-After: 2 s) is in
    const second = t.send(request, Date.now() + 60_000);
    await vi.runAllTimersAsync();
    await Promise.all([first, second]);
    expect(transport.calls.map((c) => c.at - 1_000_000)).toEqual([0, 2000, 2000]);
  });

  it('a Retry-After past the deadline: gives up at once', async () => {
    const transport = scripted([retryable(10_000)]);
    const t = createRetryingTransport({ transport, retry, requestTimeoutMillis: 5000, random: () => 0 });
    const first = await t.send(request, Date.now() + 5000);
    expect(first.status).toBe('retryable');
    const second = await t.send(request, Date.now() + 5000); // a new batch does not hammer either
    expect(second.status).toBe('retryable');
    expect(transport.calls).toHaveLength(1);
  });

  it('an aborted signal stops the back-off and further attempts at once', async () => {
    const transport = scripted(Array.from({ length: 10 }, () => retryable()));
    const t = createRetryingTransport({ transport, retry, requestTimeoutMillis: 5000, random: () => 1 });
    const controller = new AbortController();
    const done = t.send(request, Date.now() + 60_000, controller.signal);
    await vi.advanceTimersByTimeAsync(50); // in the first 100 ms back-off
    controller.abort();
    const result = await done;
    expect(result.status).toBe('retryable');
    expect(transport.calls).toHaveLength(1);
    expect(Date.now() - 1_000_000).toBe(50);
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
