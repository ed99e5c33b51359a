/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies and golden files are untyped JSON */
// The dev intake over real HTTP on 127.0.0.1: golden dd-trace-js requests replayed byte for byte,
// invalid payloads, gzip, the Agent surface, persistence across restarts, and retention.
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../src/dev/store/sqlite.js';
import { goldenIntakeRequests, goldenRequestsOf, isEvalPath, replayHeaders } from './helpers/golden.js';
import { gzip, startTestDev, type TestDev } from './helpers/dev-server.js';
import { envelope, evalMetric, evalPayload, hexTraceId, spanEvent, spanPayload } from './helpers/payloads.js';

let dev: TestDev | undefined;
afterEach(async () => {
  await dev?.dispose();
  dev = undefined;
});

function countRows(dbPath: string, sql: string, ...params: string[]): number {
  const db = openSqlite(dbPath);
  try {
    return Number(db.prepare(sql).get(...params)?.n);
  } finally {
    db.close();
  }
}

describe('golden dd-trace-js requests', () => {
  const requests = goldenIntakeRequests();

  it('covers every span and evaluation request of the golden files', () => {
    expect(requests.length).toBeGreaterThanOrEqual(30);
    expect(requests.filter((r) => isEvalPath(r.path)).length).toBe(4);
  });

  it('accepts, stores and shows every golden payload', async () => {
    dev = await startTestDev();
    let spans = 0;
    let evaluations = 0;
    const traceIds = new Set<string>();
    for (const r of requests) {
      const res = await dev.post(r.path, r.body_raw, replayHeaders(r.headers));
      expect(res.status, `${r.file} ${r.path}`).toBe(202);
      expect(res.json.errors, `${r.file}: ${JSON.stringify(res.json.problems)}`).toBe(0);
      expect(res.json.rejected).toBe(0);
      if (isEvalPath(r.path)) {
        evaluations += (r.body as any).data.attributes.metrics.length;
      } else {
        for (const e of r.body as any[]) traceIds.add(e.spans[0].trace_id);
        spans += (r.body as any[]).length;
      }
      expect(res.json.accepted).toBe(isEvalPath(r.path) ? (r.body as any).data.attributes.metrics.length : (r.body as any[]).length);
    }
    // Only j-validation's deliberately bogus evaluation ids ("s"/"t") warn.
    const warned = dev.outcomes.filter((o) => o.problems.length > 0);
    expect(warned.map((o) => o.problems.map((p) => p.code))).toEqual([['eval.join_on.span_id', 'eval.join_on.trace_id']]);

    // Some golden files share nothing, but trace ids never collide: every span is distinct.
    const summary = (await dev.get('/api/summary')).json;
    expect(summary.spans).toBe(spans);
    expect(summary.evaluations).toBe(evaluations);
    expect(summary.traces).toBe(traceIds.size);
    expect(countRows(dev.dbPath, 'SELECT COUNT(*) AS n FROM spans')).toBe(spans);
    expect(countRows(dev.dbPath, 'SELECT COUNT(*) AS n FROM evaluations')).toBe(evaluations);

    // b-tree-session: the tree, the session and the tokens, through the API.
    const [b] = goldenRequestsOf('b-tree-session');
    const bTrace = (b!.body as any[])[0].spans[0].trace_id as string;
    const detail = (await dev.get(`/api/traces/${bTrace}`)).json;
    expect(detail.trace).toMatchObject({ name: 'handle-request', kind: 'workflow', ml_app: 'golden-app', session_id: 'session-1234', span_count: 4, input_tokens: 30, output_tokens: 8 });
    const byName = Object.fromEntries(detail.spans.map((s: any) => [s.name, s]));
    expect(byName['weather-agent'].parent_id).toBe(byName['handle-request'].span_id);
    expect(byName.summarize).toMatchObject({ kind: 'llm', model_name: 'claude-3-5-sonnet', model_provider: 'anthropic', total_tokens: 38 });
    expect(byName.summarize.event.meta.output.messages[0].content).toBe('It is 21C in Paris.');
    expect(countRows(dev.dbPath, 'SELECT COUNT(*) AS n FROM spans WHERE trace_id = ?', bTrace)).toBe(4);

    const sessions = (await dev.get('/api/sessions')).json.sessions.map((s: any) => s.session_id);
    expect(sessions).toEqual(expect.arrayContaining(['session-1234', 'sess-child', 'sess-other', 'sess-prop']));
    const session = (await dev.get('/api/sessions/session-1234')).json;
    expect(session.traces.map((t: any) => t.name)).toEqual(['handle-request']);
    expect(session.traces[0].input.value).toBe('What is the weather in Paris?');

    // g-evaluations: evaluations joined to the span (and feedback by span_id).
    const [gSpans] = goldenRequestsOf('g-evaluations');
    const gTrace = (gSpans!.body as any[])[0].spans[0].trace_id as string;
    const g = (await dev.get(`/api/traces/${gTrace}`)).json;
    expect(g.evaluations.map((e: any) => [e.label, e.value])).toEqual(
      expect.arrayContaining([
        ['sentiment', 'positive'],
        ['relevance', 0.87],
        ['toxic', false],
        ['details', { a: 1, b: ['x'] }],
        ['thumbs', true],
      ]),
    );

    // Filters.
    const errors = (await dev.get('/api/traces?error=1')).json.traces.map((t: any) => t.name);
    expect(errors).toEqual(expect.arrayContaining(['failing-llm', 'failing-task']));
    expect(errors).toHaveLength(2);
    const override = (await dev.get('/api/traces?ml_app=override-app')).json.traces;
    expect(override.map((t: any) => t.name)).toEqual(['renamed-by-context']);
    const claude = (await dev.get('/api/traces?model=claude-3-5-sonnet')).json.traces;
    expect(claude.map((t: any) => t.trace_id)).toEqual([bTrace]);
    const retrieval = (await dev.get('/api/traces?kind=retrieval')).json.traces.map((t: any) => t.name);
    expect(retrieval).toEqual(expect.arrayContaining(['vector-search', 'vector-search-obj-input']));

    const facets = (await dev.get('/api/facets')).json;
    expect(facets.ml_apps.map((f: any) => f.value)).toEqual(expect.arrayContaining(['golden-app', 'override-app', 'ddtrace']));
    const stats = (await dev.get('/api/stats')).json;
    expect(stats.buckets.reduce((n: number, b: any) => n + b.traces, 0)).toBe(traceIds.size);
    expect(stats.tokens_by_model.find((m: any) => m.model === 'gpt-4o-mini')).toMatchObject({ input_tokens: expect.any(Number) });
  });
});

describe('invalid payloads', () => {
  it('answers 400 to a body that is not JSON, and records it as a problem', async () => {
    dev = await startTestDev();
    const res = await dev.post('/evp_proxy/v2/api/v2/llmobs', '[{"_dd.stage": "raw",', { 'content-type': 'application/json', 'x-datadog-evp-subdomain': 'llmobs-intake' });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ status: 'rejected', accepted: 0, problems: [{ severity: 'error', code: 'payload.not_json' }] });
    const problems = (await dev.get('/api/problems')).json.requests;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ status: 400, path: '/evp_proxy/v2/api/v2/llmobs', problems: [{ code: 'payload.not_json', stored: false }] });
  });

  it('answers 400 to JSON that is not an array of envelopes', async () => {
    dev = await startTestDev();
    const res = await dev.post('/api/v2/llmobs', JSON.stringify({ data: { type: 'span' } }), { 'content-type': 'application/json', 'dd-api-key': 'x' });
    expect(res.status).toBe(400);
    expect(res.json.problems[0]).toMatchObject({ code: 'payload.not_array' });
    expect(res.json.problems[0].message).toContain('public HTTP API');
  });

  it('stores nothing of a wholly invalid payload, and says why', async () => {
    dev = await startTestDev();
    const bad1 = spanEvent({ name: 'bad-trace-id' });
    bad1.trace_id = 'not-hex';
    const bad2 = spanEvent({ name: 'bad-kind' });
    bad2.meta['span.kind'] = 'chain';
    const res = await dev.post('/evp_proxy/v2/api/v2/llmobs', spanPayload(bad1, bad2), { 'content-type': 'application/json', 'x-datadog-evp-subdomain': 'llmobs-intake' });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ status: 'rejected', accepted: 0, rejected: 2, errors: 2 });
    expect(res.json.problems).toEqual([
      expect.objectContaining({ index: 0, code: 'span.trace_id', path: '[0].spans[0].trace_id' }),
      expect.objectContaining({ index: 1, code: 'meta.span_kind', path: '[1].spans[0].meta["span.kind"]' }),
    ]);
    expect((await dev.get('/api/summary')).json).toMatchObject({ spans: 0, traces: 0, problems: { errors: 2 } });
    expect(countRows(dev.dbPath, 'SELECT COUNT(*) AS n FROM spans')).toBe(0);
    const [group] = (await dev.get('/api/problems')).json.requests;
    expect(group).toMatchObject({ accepted: 0, rejected: 2, errors: 2 });
    expect(group.problems.map((p: any) => [p.item_name, p.stored])).toEqual([
      ['bad-trace-id', false],
      ['bad-kind', false],
    ]);
  });

  it('stores the valid events of a partially invalid payload, all in one go, and reports the rest', async () => {
    dev = await startTestDev();
    const traceId = hexTraceId();
    const root = spanEvent({ trace_id: traceId, name: 'root', kind: 'workflow' });
    const llm = spanEvent({ trace_id: traceId, parent_id: root.span_id, name: 'llm', kind: 'llm' });
    const broken = spanEvent({ trace_id: traceId, parent_id: root.span_id, name: 'broken-tool-call', kind: 'llm' });
    broken.meta.output.messages = [{ role: 'assistant', tool_calls: [{ name: 'f', arguments: '{"a":1}' }] }];
    const warned = spanEvent({ trace_id: traceId, parent_id: root.span_id, name: 'camel-metric', kind: 'task', metrics: { inputTokens: 3 } });
    const res = await dev.post('/evp_proxy/v2/api/v2/llmobs', spanPayload(llm, broken, warned, root), { 'content-type': 'application/json', 'x-datadog-evp-subdomain': 'llmobs-intake' });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ status: 'partial', accepted: 3, rejected: 1, errors: 1, warnings: 1 });
    expect(res.json.problems).toEqual([
      expect.objectContaining({ severity: 'error', index: 1, code: 'message.tool_call.arguments', path: '[1].spans[0].meta.output.messages[0].tool_calls[0].arguments' }),
      expect.objectContaining({ severity: 'warning', index: 2, code: 'metric.alias' }),
    ]);
    const trace = (await dev.get(`/api/traces/${traceId}`)).json;
    expect(trace.spans.map((s: any) => s.name).sort()).toEqual(['camel-metric', 'llm', 'root']);
    expect(trace.spans.find((s: any) => s.name === 'camel-metric').warnings).toBe(1);
    // The rejected span's problem is findable from its trace, flagged as not stored.
    expect(trace.problems.map((p: any) => [p.item_name, p.severity, p.stored])).toEqual([
      ['broken-tool-call', 'error', false],
      ['camel-metric', 'warning', true],
    ]);
  });

  it('rejects a payload over 5 MiB with 413, storing nothing', async () => {
    dev = await startTestDev();
    const big = spanEvent({ input: { value: 'x'.repeat(3 * 1024 * 1024) } });
    const big2 = spanEvent({ input: { value: 'y'.repeat(3 * 1024 * 1024) } });
    const res = await dev.post('/evp_proxy/v2/api/v2/llmobs', spanPayload(big, big2), { 'content-type': 'application/json', 'x-datadog-evp-subdomain': 'llmobs-intake' });
    expect(res.status).toBe(413);
    expect(res.json.problems[0].code).toBe('limits.payload_size');
    expect((await dev.get('/api/summary')).json.spans).toBe(0);
  });

  it('validates evaluations: metric_type and value field must agree', async () => {
    dev = await startTestDev();
    const good = evalMetric({ label: 'ok' });
    const bad = evalMetric({ label: 'mismatch', metric_type: 'score', score_value: undefined, categorical_value: 'high' });
    const res = await dev.post('/evp_proxy/v2/api/intake/llm-obs/v2/eval-metric', evalPayload(good, bad), { 'content-type': 'application/json', 'x-datadog-evp-subdomain': 'api' });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ status: 'partial', accepted: 1, rejected: 1 });
    expect(res.json.problems.map((p: any) => p.code)).toEqual(['eval.value_field', 'eval.value']);
    expect((await dev.get('/api/summary')).json.evaluations).toBe(1);
  });

  it('warns about transport mistakes but keeps the data', async () => {
    dev = await startTestDev();
    // (text/plain is refused outright: a web page can send it, see servers/dev-hostile-input.test.ts)
    const res = await dev.post('/evp_proxy/v2/api/v2/llmobs', spanPayload(spanEvent()), { 'content-type': 'application/octet-stream', 'x-datadog-evp-subdomain': 'api' });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ status: 'accepted', accepted: 1, warnings: 2 });
    expect(res.json.problems.map((p: any) => p.code)).toEqual(['transport.evp_subdomain', 'transport.content_type']);
  });
});

describe('transport', () => {
  it('accepts gzip bodies, with or without Content-Encoding', async () => {
    dev = await startTestDev();
    const a = await dev.post('/api/v2/llmobs', gzip(spanPayload(spanEvent())), { 'content-type': 'application/json', 'content-encoding': 'gzip', 'dd-api-key': 'k' });
    const b = await dev.post('/api/v2/llmobs', gzip(spanPayload(spanEvent())), { 'content-type': 'application/json', 'dd-api-key': 'k' });
    expect([a.status, a.json.accepted, b.status, b.json.accepted]).toEqual([202, 1, 202, 1]);
    const bad = await dev.post('/api/v2/llmobs', Buffer.from('not gzip'), { 'content-type': 'application/json', 'content-encoding': 'gzip', 'dd-api-key': 'k' });
    expect(bad.status).toBe(400);
    expect(bad.json.problems[0].code).toBe('transport.body');
    const br = await dev.post('/api/v2/llmobs', spanPayload(spanEvent()), { 'content-type': 'application/json', 'content-encoding': 'br', 'dd-api-key': 'k' });
    expect(br.status).toBe(415);
    expect(br.json.problems[0]).toMatchObject({ code: 'transport.body', message: expect.stringContaining('unsupported Content-Encoding "br"') });
    expect((await dev.get('/api/summary')).json).toMatchObject({ spans: 2, rejected_requests: 2 });
  });

  it('advertises the EVP proxy in /info like an Agent, and swallows other agent traffic', async () => {
    dev = await startTestDev();
    const info = await dev.get('/info');
    expect(info.status).toBe(200);
    expect(info.json.endpoints).toEqual(expect.arrayContaining(['/evp_proxy/v2/', '/evp_proxy/v4/', '/v0.4/traces']));
    expect(info.json.endpoints.some((e: string) => e.startsWith('/evp_proxy/v2/'))).toBe(true);
    const traces = await fetch(`${dev.server.url}/v0.4/traces`, { method: 'PUT', body: Buffer.from([0x90]), headers: { 'content-type': 'application/msgpack' } });
    expect(traces.status).toBe(200);
    expect(await traces.json()).toEqual({ rate_by_service: { 'service:,env:': 1 } });
    for (const [method, path, status] of [
      ['POST', '/v0.5/traces', 200],
      ['POST', '/telemetry/proxy/api/v2/apmtelemetry', 202],
      ['POST', '/evp_proxy/v2/api/v2/exposures', 202],
      ['POST', '/evp_proxy/v4/api/v2/citestcycle', 202],
    ] as const) {
      const res = await fetch(`${dev.server.url}${path}`, { method, body: '{}' });
      expect(res.status, path).toBe(status);
      await res.arrayBuffer();
    }
    expect((await dev.get('/api/summary')).json.spans).toBe(0);
    expect((await dev.get('/nope')).status).toBe(404);
    expect((await fetch(`${dev.server.url}/api/v2/llmobs`)).status).toBe(405);
  });

  it('serves the API only to a loopback Host', async () => {
    dev = await startTestDev();
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${dev!.server.url}/api/summary`, { headers: { host: 'evil.example:8126' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });
});

describe('storage', () => {
  it('keeps data across a restart on the same database file', async () => {
    dev = await startTestDev();
    const [b] = goldenRequestsOf('b-tree-session');
    await dev.post(b!.path, b!.body_raw, replayHeaders(b!.headers));
    const [g, gEval] = goldenRequestsOf('g-evaluations');
    await dev.post(g!.path, g!.body_raw, replayHeaders(g!.headers));
    await dev.post(gEval!.path, gEval!.body_raw, replayHeaders(gEval!.headers));
    const before = (await dev.get('/api/summary')).json;
    const dbPath = dev.dbPath;
    await dev.stop();

    const again = await startTestDev({ dbPath });
    try {
      const after = (await again.get('/api/summary')).json;
      expect(after).toMatchObject({ traces: before.traces, spans: before.spans, evaluations: before.evaluations });
      expect(after.spans).toBe(5);
      const bTrace = (b!.body as any[])[0].spans[0].trace_id;
      expect((await again.get(`/api/traces/${bTrace}`)).json.spans).toHaveLength(4);
    } finally {
      await again.dispose();
    }
  });

  it('evicts whole traces, least recently received first, past the span limit', async () => {
    dev = await startTestDev({ retention: { maxSpans: 5 } });
    const traces: string[] = [];
    for (let i = 0; i < 4; i++) {
      const trace_id = hexTraceId();
      traces.push(trace_id);
      const root = spanEvent({ trace_id, name: `root-${i}` });
      const child = spanEvent({ trace_id, parent_id: root.span_id, name: `child-${i}` });
      await dev.post('/api/v2/llmobs', spanPayload(child, root), { 'content-type': 'application/json', 'dd-api-key': 'k' });
    }
    const summary = (await dev.get('/api/summary')).json;
    expect(summary).toMatchObject({ traces: 2, spans: 4 });
    const kept = (await dev.get('/api/traces')).json.traces.map((t: any) => t.trace_id);
    expect(kept.sort()).toEqual(traces.slice(2).sort());
    expect(countRows(dev.dbPath, 'SELECT COUNT(*) AS n FROM spans')).toBe(4);
  });

  it('evicts by age on insert', async () => {
    let now = 1_000_000;
    dev = await startTestDev({ retention: { maxAgeMs: 60_000 }, now: () => now });
    const old = spanEvent({ name: 'old' });
    await dev.post('/api/v2/llmobs', spanPayload(old), { 'content-type': 'application/json', 'dd-api-key': 'k' });
    await dev.post('/api/intake/llm-obs/v2/eval-metric', evalPayload(evalMetric({ join_on: { span: { span_id: old.span_id, trace_id: old.trace_id } } })), {
      'content-type': 'application/json',
      'dd-api-key': 'k',
    });
    now += 61_000;
    await dev.post('/api/v2/llmobs', spanPayload(spanEvent({ name: 'new' })), { 'content-type': 'application/json', 'dd-api-key': 'k' });
    const names = (await dev.get('/api/traces')).json.traces.map((t: any) => t.name);
    expect(names).toEqual(['new']);
    expect((await dev.get('/api/summary')).json.evaluations).toBe(0);
  });

  it('replaces a span sent twice instead of duplicating it', async () => {
    dev = await startTestDev();
    const span = spanEvent({ name: 'first' });
    await dev.post('/api/v2/llmobs', spanPayload(span), { 'content-type': 'application/json', 'dd-api-key': 'k' });
    await dev.post('/api/v2/llmobs', spanPayload({ ...span, name: 'second' }), { 'content-type': 'application/json', 'dd-api-key': 'k' });
    const traces = (await dev.get('/api/traces')).json.traces;
    expect(traces.map((t: any) => [t.name, t.span_count])).toEqual([['second', 1]]);
  });
});

describe('evaluations', () => {
  it('joins an evaluation sent before its span', async () => {
    dev = await startTestDev();
    const span = spanEvent({ kind: 'llm', name: 'late' });
    await dev.post('/api/intake/llm-obs/v2/eval-metric', evalPayload(evalMetric({ join_on: { span: { span_id: span.span_id, trace_id: span.trace_id } } })), {
      'content-type': 'application/json',
      'dd-api-key': 'k',
    });
    await dev.post('/api/v2/llmobs', JSON.stringify([envelope(span)]), { 'content-type': 'application/json', 'dd-api-key': 'k' });
    const trace = (await dev.get(`/api/traces/${span.trace_id}`)).json;
    expect(trace.evaluations.map((e: any) => e.label)).toEqual(['quality']);
  });
});
