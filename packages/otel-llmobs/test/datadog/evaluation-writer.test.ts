import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EvaluationWriter } from '../../src/datadog/evaluation-writer.js';
import { createEvaluationWriter } from '../../src/datadog/evaluation-writer.js';
import { captureDiag, DATADOG_ENV_NAMES } from './diag-capture.js';
import { API_KEY, FAST } from './exporter-test-kit.js';
import { agentInfo, FakeIntake } from './fake-intake.js';

const TRACE = '6b03964a0000000005d39bbefd979069';
const SPAN = { traceId: TRACE, spanId: '3010199362470123731' };

let diagLogs: ReturnType<typeof captureDiag>;
const servers: FakeIntake[] = [];
const writers: EvaluationWriter[] = [];

async function intake(respond?: Parameters<typeof FakeIntake.start>[0]) {
  const s = await FakeIntake.start(respond);
  servers.push(s);
  return s;
}
function writer(options: Parameters<typeof createEvaluationWriter>[0]) {
  const w = createEvaluationWriter({ ...FAST, mlApp: 'golden-app', ...options });
  writers.push(w);
  return w;
}

beforeEach(() => {
  for (const name of DATADOG_ENV_NAMES) vi.stubEnv(name, '');
  diagLogs = captureDiag();
});
afterEach(async () => {
  await Promise.all(writers.splice(0).map((w) => w.shutdown()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
  vi.unstubAllEnvs();
  diagLogs.restore();
});

describe('createEvaluationWriter', () => {
  it('agentless: all pending metrics in one request to the eval-metric endpoint', async () => {
    const server = await intake();
    const w = writer({ intakeUrl: server.url, apiKey: API_KEY, flushIntervalMillis: 60_000 });
    w.submit({ label: 'sentiment', metricType: 'categorical', value: 'positive', tags: { evaluator: 'rule-based', n: 3 }, timestampMs: 1_700_000_000_000 }, SPAN);
    w.submit({ label: 'relevance', metricType: 'score', value: 0.87, reasoning: 'mostly relevant', assessment: 'pass', metadata: { judge: 'gpt-4o' }, mlApp: 'other-ml-app', timestampMs: 1 }, SPAN);
    w.submit({ label: 'by-tag', metricType: 'boolean', value: true, timestampMs: 2 }, { tag: { key: 'msg_id', value: 'abc' } });
    await w.forceFlush();

    expect(server.posts).toHaveLength(1);
    const [request] = server.posts;
    expect(request!.path).toBe('/api/intake/llm-obs/v2/eval-metric');
    expect(request!.headers['dd-api-key']).toBe(API_KEY);
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.json).toEqual({
      data: {
        type: 'evaluation_metric',
        attributes: {
          metrics: [
            {
              event_kind: 'evaluation', join_on: { span: { span_id: SPAN.spanId, trace_id: TRACE } }, label: 'sentiment', metric_type: 'categorical',
              ml_app: 'golden-app', categorical_value: 'positive', timestamp_ms: 1_700_000_000_000, tags: ['ml_app:golden-app', 'evaluator:rule-based', 'n:3'],
            },
            {
              event_kind: 'evaluation', join_on: { span: { span_id: SPAN.spanId, trace_id: TRACE } }, label: 'relevance', metric_type: 'score',
              ml_app: 'other-ml-app', score_value: 0.87, timestamp_ms: 1, tags: ['ml_app:other-ml-app'], reasoning: 'mostly relevant', metadata: { judge: 'gpt-4o' }, assessment: 'pass',
            },
            {
              event_kind: 'evaluation', join_on: { tag: { key: 'msg_id', value: 'abc' } }, label: 'by-tag', metric_type: 'boolean',
              ml_app: 'golden-app', boolean_value: true, timestamp_ms: 2, tags: ['ml_app:golden-app'],
            },
          ],
        },
      },
    });
    expect(w.getStats()).toMatchObject({ sent: 3, requests: 1, dropped: {} });
  });

  it('agent mode: EVP path and the `api` subdomain, no key', async () => {
    const agent = await intake((r) => (r.path === '/info' ? agentInfo(true) : { status: 202 }));
    const w = writer({ agentUrl: agent.url, apiKey: API_KEY });
    w.submit({ label: 'l', metricType: 'score', value: 1 }, SPAN);
    await w.forceFlush();
    expect(agent.posts.map((r) => r.path)).toEqual(['/evp_proxy/v2/api/intake/llm-obs/v2/eval-metric']);
    expect(agent.posts[0]!.headers['x-datadog-evp-subdomain']).toBe('api');
    expect(agent.posts[0]!.headers['dd-api-key']).toBeUndefined();
  });

  it('flushes every interval on its own', async () => {
    const server = await intake();
    const w = writer({ intakeUrl: server.url });
    w.submit({ label: 'l', metricType: 'score', value: 1 }, SPAN);
    w.submit({ label: 'm', metricType: 'score', value: 2 }, SPAN);
    await vi.waitFor(() => expect(server.posts).toHaveLength(1), { timeout: 10_000, interval: 10 });
    expect(server.posts[0]!.json.data.attributes.metrics).toHaveLength(2);
  });

  it('invalid evaluations throw synchronously and are not queued', () => {
    const w = writer({ intakeUrl: 'http://127.0.0.1:9' });
    expect(() => w.submit({ label: '', metricType: 'score', value: 1 }, SPAN)).toThrow('label must be the specified name of the evaluation metric');
    expect(() => w.submit({ label: 'l', metricType: 'score', value: 1 }, { traceId: TRACE } as never)).toThrow('spanId and traceId must both be specified');
    expect(w.getStats().queued).toBe(0);
  });

  it('ml_app is required: no fallback to the service (DD_LLMOBS_ML_APP or the option)', () => {
    vi.stubEnv('DD_SERVICE', 'svc');
    const w = createEvaluationWriter({ ...FAST, intakeUrl: 'http://127.0.0.1:9' });
    writers.push(w);
    expect(() => w.submit({ label: 'l', metricType: 'score', value: 1 }, SPAN)).toThrow('ML App name is required');
    vi.stubEnv('DD_LLMOBS_ML_APP', 'env-app');
    const w2 = createEvaluationWriter({ ...FAST, intakeUrl: 'http://127.0.0.1:9', exportTimeoutMillis: 200 });
    writers.push(w2);
    expect(() => w2.submit({ label: 'l', metricType: 'score', value: 1 }, SPAN)).not.toThrow();
  });

  it('source:otel when DD_TRACE_OTEL_ENABLED=true', async () => {
    vi.stubEnv('DD_TRACE_OTEL_ENABLED', 'true');
    const server = await intake();
    const w = writer({ intakeUrl: server.url });
    w.submit({ label: 'l', metricType: 'score', value: 1 }, SPAN);
    await w.forceFlush();
    expect(server.posts[0]!.json.data.attributes.metrics[0].tags).toEqual(['ml_app:golden-app', 'source:otel']);
  });

  it('retries like the span exporter and counts drops; submissions after shutdown are counted, not thrown', async () => {
    const server = await intake((_r, i) => (i === 0 ? { status: 503 } : { status: 202 }));
    const w = writer({ intakeUrl: server.url });
    w.submit({ label: 'l', metricType: 'score', value: 1 }, SPAN);
    await w.shutdown();
    expect(w.getStats()).toMatchObject({ sent: 1, retries: 1 });
    expect(() => w.submit({ label: 'l', metricType: 'score', value: 1 }, SPAN)).not.toThrow();
    expect(w.getStats().dropped).toEqual({ shutdown: 1 });
  });
});
