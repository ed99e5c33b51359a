/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON */
// `otel-llmobs dev` under bad input, over real HTTP on 127.0.0.1: each case gets a clear status,
// stores nothing it should not (and loses nothing valid), and the server keeps answering.
import { statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/dev/store/sqlite.js';
import { MAX_RECORDED_PROBLEMS } from '../../src/dev/problem-budget.js';
import { MAX_ITEMS_PER_REQUEST, MAX_JSON_DEPTH, TOO_DEEP_PLACEHOLDER } from '../../src/dev/validate/work-limits.js';
import { startTestDev, type TestDev } from '../helpers/dev-server.js';
import { spanEvent, spanPayload } from '../helpers/payloads.js';
import { rawRequest } from '../gateway/kit.js';

let dev: TestDev | undefined;
afterEach(async () => {
  await dev?.dispose();
  dev = undefined;
});

const JSON_HEADERS = { 'content-type': 'application/json' };

function count(dbPath: string, sql: string): number {
  const db = openSqlite(dbPath);
  try {
    return Number(db.prepare(sql).get()?.n);
  } finally {
    db.close();
  }
}

/** The server still answers, and still stores a valid span. */
async function stillServes(d: TestDev): Promise<void> {
  const ok = await d.post('/api/v2/llmobs', spanPayload(spanEvent({ name: 'after' })), JSON_HEADERS);
  expect(ok.status).toBe(202);
  expect(ok.json.accepted).toBe(1);
}

/** `{"a":{"a":…1…}}`, `levels` objects deep. */
function nested(levels: number): string {
  return `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
}

function depthOf(value: unknown): number {
  let depth = 0;
  let v = value;
  while (typeof v === 'object' && v !== null) {
    depth++;
    v = (v as any).a;
  }
  return depth;
}

describe('writes a web page could make', () => {
  it('refuses the content types a browser sends without a preflight, on every storing route', async () => {
    dev = await startTestDev();
    const body = spanPayload(spanEvent());
    for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      for (const path of ['/api/v2/llmobs', '/evp_proxy/v2/api/v2/llmobs', '/api/intake/llm-obs/v2/eval-metric']) {
        const res = await dev.post(path, body, { 'content-type': type });
        expect(res.status, `${type} ${path}`).toBe(415);
        expect(res.json.error).toMatch(/web page/);
      }
    }
    expect((await dev.get('/api/summary')).json.spans).toBe(0);
    // Not even recorded as a request: a web page must not be able to write anything.
    expect((await dev.get('/api/requests')).json.requests).toEqual([]);
    await stillServes(dev);
  });

  it('refuses a write whose Origin is not the server itself, and takes one that is', async () => {
    dev = await startTestDev();
    const host = new URL(dev.server.url).host;
    for (const origin of ['https://evil.example', 'null', `http://${host}.evil.example`, 'http://localhost:1']) {
      const res = await rawRequest(`${dev.server.url}/api/v2/llmobs`, { headers: { ...JSON_HEADERS, origin }, body: spanPayload(spanEvent()) });
      expect(res.status, origin).toBe(403);
      expect(JSON.parse(res.body.toString()).error).toMatch(/cross-origin/);
    }
    const same = await rawRequest(`${dev.server.url}/api/v2/llmobs`, { headers: { ...JSON_HEADERS, origin: `http://${host}` }, body: spanPayload(spanEvent()) });
    expect(same.status).toBe(202);
    expect((await dev.get('/api/summary')).json.spans).toBe(1);
    // Reads are not writes: a cross-origin GET is answered (CORS stays closed: no Allow-Origin header).
    const read = await rawRequest(`${dev.server.url}/api/summary`, { method: 'GET', headers: { origin: 'https://evil.example' } });
    expect(read.status).toBe(200);
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('bodies', () => {
  it('answers 400 to malformed JSON and to a body that is not UTF-8, and records why', async () => {
    dev = await startTestDev();
    const bad = await dev.post('/api/v2/llmobs', '[{"_dd.stage": "raw", ', JSON_HEADERS);
    expect(bad.status).toBe(400);
    expect(bad.json.problems[0].code).toBe('payload.not_json');
    const latin1 = Buffer.concat([Buffer.from('[{"name":"caf'), Buffer.from([0xe9]), Buffer.from('"}]')]);
    const notUtf8 = await dev.post('/api/v2/llmobs', latin1, JSON_HEADERS);
    expect(notUtf8.status).toBe(400);
    expect(notUtf8.json.problems[0].code).toBe('payload.not_utf8');
    // A lone continuation byte inside an otherwise valid payload.
    const valid = Buffer.from(spanPayload(spanEvent({ name: 'x' })));
    const broken = Buffer.concat([valid.subarray(0, 20), Buffer.from([0x80]), valid.subarray(20)]);
    expect((await dev.post('/api/v2/llmobs', broken, JSON_HEADERS)).status).toBe(400);
    expect((await dev.get('/api/summary')).json.spans).toBe(0);
    await stillServes(dev);
  });

  it('stops a gzip bomb at the size limit, with or without Content-Encoding', { timeout: 60_000 }, async () => {
    dev = await startTestDev();
    // 80 MiB of zeros in ~80 KB: over the 64 MiB limit once inflated.
    const bomb = gzipSync(Buffer.alloc(80 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const declared = await dev.post('/api/v2/llmobs', bomb, { ...JSON_HEADERS, 'content-encoding': 'gzip' });
    expect(declared.status).toBe(413);
    const sniffed = await dev.post('/api/v2/llmobs', bomb, JSON_HEADERS);
    expect(sniffed.status).toBe(413);
    await stillServes(dev);
  });

  it('answers 413 to a body over the limit, by its Content-Length, without reading it', async () => {
    dev = await startTestDev();
    const res = await rawRequest(`${dev.server.url}/api/v2/llmobs`, { headers: { ...JSON_HEADERS, 'content-length': 200 * 1024 * 1024 }, chunks: ['[', '1'], delayMs: 10 }).catch((err: Error) => err);
    // Answered before the body: either the 413 arrives, or the socket is closed under the writer.
    if (!(res instanceof Error)) expect(res.status).toBe(413);
    await stillServes(dev);
  });
});

describe('work per request', () => {
  it('a request of a million invalid items: bounded work, the first problems recorded, then a count', { timeout: 60_000 }, async () => {
    dev = await startTestDev();
    const items = 1_000_000;
    const body = `[${Array.from({ length: items }, () => '1').join(',')}]`;
    expect(body.length).toBeLessThan(2 * 1024 * 1024);
    const before = statSync(dev.dbPath).size;
    const res = await dev.post('/api/v2/llmobs', body, JSON_HEADERS);
    // Nothing could be stored and the body breaks a request-level rule: refused.
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ status: 'rejected', accepted: 0, rejected: items });
    // Exact counts: one error per item read, and one for the items past the cap.
    expect(res.json.errors).toBe(MAX_ITEMS_PER_REQUEST + 1);
    expect(res.json.problems.length).toBe(MAX_RECORDED_PROBLEMS + 1);
    expect(res.json.problems_truncated).toBeGreaterThan(0);
    expect(res.json.problems.map((p: any) => p.code)).toEqual(expect.arrayContaining(['limits.items', 'limits.problems', 'envelope.type']));
    expect(count(dev.dbPath, 'SELECT COUNT(*) AS n FROM problems')).toBe(MAX_RECORDED_PROBLEMS + 1);
    const [request] = (await dev.get('/api/requests')).json.requests;
    expect(request).toMatchObject({ errors: MAX_ITEMS_PER_REQUEST + 1, rejected: items });
    await stillServes(dev);
    // The database grew by a few pages, not by a row per item (586 KB used to add 53 MiB).
    expect(statSync(dev.dbPath).size - before).toBeLessThan(2 * 1024 * 1024);
  });

  it('an item with a hundred thousand unknown keys lists its first violations only', async () => {
    dev = await startTestDev();
    const e = spanEvent({ name: 'wide' });
    const envelope: Record<string, unknown> = { '_dd.stage': 'raw', '_dd.tracer_version': '1', event_type: 'span', spans: [e] };
    for (let i = 0; i < 100_000; i++) envelope[`k${i}`] = i;
    const res = await dev.post('/api/v2/llmobs', JSON.stringify([envelope]), JSON_HEADERS);
    expect(res.status).toBe(202);
    // Unknown envelope keys are warnings: the span is stored.
    expect(res.json.accepted).toBe(1);
    expect(res.json.problems.length).toBeLessThanOrEqual(MAX_RECORDED_PROBLEMS + 1);
    expect(res.json.problems.map((p: any) => p.code)).toContain('limits.violations');
  });

  it('values nested thousands of levels deep are cut (a warning), the span is kept, and its trace reads back', async () => {
    dev = await startTestDev();
    for (const levels of [4_000, 9_000, 100_000]) {
      const e = spanEvent({ name: `deep-${levels}` });
      const body = spanPayload(e).replace('"metrics":{}', `"metrics":{}` ).replace('"span.kind"', `"metadata":${nested(levels)},"span.kind"`);
      const res = await dev.post('/api/v2/llmobs', body, JSON_HEADERS);
      expect(res.status, `${levels} levels`).toBe(202);
      expect(res.json.accepted).toBe(1);
      const depth = res.json.problems.find((p: any) => p.code === 'limits.depth');
      expect(depth).toMatchObject({ severity: 'warning' });
      expect(depth.path).toMatch(/^\[0\]\.spans\[0\]\.meta\.metadata\.a\.a/);
      const trace = await dev.get(`/api/traces/${e.trace_id}`);
      expect(trace.status).toBe(200);
      const metadata = trace.json.spans[0].event.meta.metadata;
      // The body's array, the envelope, spans, the event and meta hold metadata: it keeps the rest of the 64 levels.
      expect(depthOf(metadata)).toBe(MAX_JSON_DEPTH - 5);
      expect(JSON.stringify(metadata)).toContain(TOO_DEEP_PLACEHOLDER);
    }
    await stillServes(dev);
  });
});

describe('viewer API parameters', () => {
  it('answers 400 to malformed numbers and percent escapes, and clamps limits', async () => {
    dev = await startTestDev();
    await stillServes(dev);
    for (const path of [
      '/api/traces?limit=1.5',
      '/api/traces?limit=1e300',
      '/api/traces?limit=-1',
      '/api/traces?limit=abc',
      '/api/traces?from=12.5',
      '/api/sessions?limit=1.5',
      '/api/stats?buckets=1e3',
      '/api/problems?limit=0x10',
      '/api/requests?limit=1.5',
      '/api/traces/%E0%A4%A',
      '/api/sessions/%',
    ]) {
      const res = await dev.get(path);
      expect(res.status, path).toBe(400);
      expect(typeof res.json.error, path).toBe('string');
    }
    const many = await dev.get('/api/requests?limit=99999999');
    expect(many.status).toBe(200);
    expect(many.json.requests.length).toBe(1);
    expect((await dev.get('/api/traces?limit=99999999')).status).toBe(200);
    expect((await dev.get('/api/traces/%20nope')).status).toBe(404);
  });
});
