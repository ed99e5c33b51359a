import { afterEach, describe, expect, it } from 'vitest';
import { createFetchTransport } from '../../src/datadog/fetch-transport.js';
import { bodyText, piecewiseJsonArray } from '../../src/datadog/request-body.js';
import type { FetchInitLike } from '../../src/internal/fetch-like.js';
import { globalFetch } from '../../src/internal/fetch-like.js';
import { FakeIntake } from './fake-intake.js';

/** Envelopes of `size` characters, with non-trivial content and a distinct index each. */
const items = (count: number, size: number): string[] =>
  Array.from({ length: count }, (_, i) => {
    const head = `{"i":${i},"t":"`;
    return `${head}${'abcdefghij'.repeat(Math.ceil(size / 10)).slice(0, Math.max(0, size - head.length - 2))}"}`;
  });

describe('piecewiseJsonArray', () => {
  it.each([
    [0, 10],
    [1, 10],
    [3, 100],
    [700, 1_100],
    [64, 1_024],
    [65, 1_024],
    [3, 200_000],
  ])('%i items of %i characters: the same text as one join, in pieces of about 64 KiB', (count, size) => {
    const list = items(count, size);
    const body = piecewiseJsonArray(list);
    const joined = `[${list.join(',')}]`;
    expect(bodyText(body)).toBe(joined);
    expect(body.length).toBe(joined.length);
    expect(JSON.parse(bodyText(body))).toHaveLength(count);
    // A piece only grows past 64 KiB by its last item.
    const largest = Math.max(0, ...list.map((item) => item.length));
    for (const piece of body.pieces) expect(piece.length).toBeLessThan(64 * 1024 + largest + 2);
    if (count * size > 4 * 64 * 1024) expect(body.pieces.length).toBeGreaterThan(3);
  });
});

describe('the fetch transport and a body in pieces', () => {
  let intake: FakeIntake | undefined;
  afterEach(async () => {
    await intake?.close();
    intake = undefined;
  });

  it("the runtime's fetch sends exactly the bytes of the joined body (as a Blob), with its content-length", async () => {
    intake = await FakeIntake.start();
    const body = piecewiseJsonArray(items(900, 1_100)); // ~1 MiB: 16 pieces
    const transport = createFetchTransport({ fetch: globalFetch });
    const result = await transport.send({ url: `${intake.url}/api/v2/llmobs`, headers: { 'content-type': 'application/json' }, body }, 10_000);
    expect(result).toEqual({ status: 'success', statusCode: 202 });
    expect(intake.requests).toHaveLength(1);
    const received = intake.requests[0]!;
    expect(received.body).toBe(bodyText(body));
    expect(received.headers['content-length']).toBe(String(body.length));
    expect(received.headers['content-type']).toBe('application/json');
    expect(received.json).toHaveLength(900);
  });

  it('a fetch passed in the options gets the body as one string, as documented', async () => {
    const seen: unknown[] = [];
    const fetch = (_url: string, init: FetchInitLike) => {
      seen.push(init.body);
      return Promise.resolve({ status: 202, headers: { get: () => null }, text: () => Promise.resolve('') });
    };
    const body = piecewiseJsonArray(items(200, 1_000));
    const result = await createFetchTransport({ fetch }).send({ url: 'http://127.0.0.1:9/api/v2/llmobs', headers: {}, body }, 1_000);
    expect(result.status).toBe('success');
    expect(seen).toEqual([bodyText(body)]);
  });
});
