// The viewer API's sensitive-data and evaluation filters, facets and fail-rate stats, over HTTP on a
// real dev server: spans carry the scanner's reporting tags, evaluations arrive on the intake route.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDev, type TestDev } from './helpers/dev-server.js';
import { evalMetric, evalPayload, spanEvent, spanPayload } from './helpers/payloads.js';

const EVAL_PATH = '/api/intake/llm-obs/v2/eval-metric';
const JSON_HEADERS = { 'content-type': 'application/json', 'dd-api-key': 'k' };
const HOUR_MS = 3_600_000;

let dev: TestDev;
/** trace name → trace id */
const ids = new Map<string, string>();

async function postSpan(name: string, startMs: number, tags: string[] = []): Promise<{ span_id: string; trace_id: string }> {
  const event = spanEvent({ name, kind: 'llm', ml_app: 'filters-app', start_ns: startMs * 1e6 });
  event.tags.push(...tags);
  const res = await dev.post('/api/v2/llmobs', spanPayload(event), JSON_HEADERS);
  expect(res.json.errors).toBe(0);
  ids.set(name, event.trace_id);
  return { span_id: event.span_id, trace_id: event.trace_id };
}

async function postEval(join: { span_id: string; trace_id: string }, label: string, value: string | boolean, assessment?: 'pass' | 'fail'): Promise<void> {
  const metric = evalMetric({
    join_on: { span: join },
    label,
    metric_type: typeof value === 'boolean' ? 'boolean' : 'categorical',
    ...(typeof value === 'boolean' ? { boolean_value: value } : { categorical_value: value }),
    score_value: undefined,
    ml_app: 'filters-app',
    ...(assessment ? { assessment } : {}),
  });
  const res = await dev.post(EVAL_PATH, evalPayload(metric), JSON_HEADERS);
  expect(res.status).toBe(202);
}

async function names(query: string): Promise<string[]> {
  const res = await dev.get(`/api/traces?ml_app=filters-app&${query}`);
  expect(res.status).toBe(200);
  return (res.json.traces as { name: string }[]).map((t) => t.name).sort();
}

describe('viewer API: sensitive data and evaluation filters', () => {
  const base = Date.UTC(2026, 0, 1, 0, 0, 0);

  beforeAll(async () => {
    dev = await startTestDev();
    const redacted = await postSpan('redacted-email', base, ['sensitive_data:redacted', 'sensitive_data.entity:email_address', 'sensitive_data.count:2']);
    const detected = await postSpan('detected-card', base + 1_000, ['sensitive_data:detected', 'sensitive_data.entity:credit_card', 'sensitive_data.entity:email_address', 'sensitive_data.count:3']);
    const clean = await postSpan('clean', base + HOUR_MS);
    // A tag that only looks like the scanner's (another key) is not a finding.
    const lookalike = await postSpan('lookalike', base + HOUR_MS + 1_000, ['sensitive_data_owner:team-a']);

    await postEval(redacted, 'toxicity', 'toxic', 'fail');
    await postEval(detected, 'toxicity', 'non-toxic', 'pass');
    await postEval(clean, 'toxicity', 'non-toxic', 'pass');
    await postEval(clean, 'hallucination', 'contradiction', 'fail');
    await postEval(lookalike, 'hallucination', 'none', 'pass');
    await postEval(lookalike, 'thumbs', true);
  });

  afterAll(async () => {
    await dev?.dispose();
  });

  it('filters traces with any finding, with none, and by entity type', async () => {
    expect(await names('')).toEqual(['clean', 'detected-card', 'lookalike', 'redacted-email']);
    expect(await names('sensitive=1')).toEqual(['detected-card', 'redacted-email']);
    expect(await names('sensitive=0')).toEqual(['clean', 'lookalike']);
    expect(await names('sensitive_entity=credit_card')).toEqual(['detected-card']);
    expect(await names('sensitive_entity=email_address')).toEqual(['detected-card', 'redacted-email']);
    expect(await names('sensitive_entity=ssn')).toEqual([]);
  });

  it('filters traces by evaluation label, value and assessment', async () => {
    expect(await names('eval=toxicity')).toEqual(['clean', 'detected-card', 'redacted-email']);
    expect(await names('eval=toxicity&eval_value=toxic')).toEqual(['redacted-email']);
    expect(await names('eval=toxicity&eval_value=non-toxic')).toEqual(['clean', 'detected-card']);
    expect(await names('eval=hallucination&assessment=fail')).toEqual(['clean']);
    expect(await names('assessment=fail')).toEqual(['clean', 'redacted-email']);
    expect(await names('eval=thumbs&eval_value=true')).toEqual(['lookalike']);
    expect(await names('eval=thumbs&eval_value=false')).toEqual([]);
    expect(await names('eval=no-such-label')).toEqual([]);
    expect((await dev.get('/api/traces?assessment=maybe')).status).toBe(400);
  });

  it('marks each listed trace with its entity types and failed evaluations', async () => {
    const res = await dev.get('/api/traces?ml_app=filters-app');
    const byName = new Map((res.json.traces as { name: string; sensitive_entities: string[]; failed_evaluations: string[] }[]).map((t) => [t.name, t]));
    expect(byName.get('detected-card')).toMatchObject({ sensitive_entities: ['credit_card', 'email_address'], failed_evaluations: [] });
    expect(byName.get('redacted-email')).toMatchObject({ sensitive_entities: ['email_address'], failed_evaluations: ['toxicity'] });
    expect(byName.get('clean')).toMatchObject({ sensitive_entities: [], failed_evaluations: ['hallucination'] });
    expect(byName.get('lookalike')).toMatchObject({ sensitive_entities: [], failed_evaluations: [] });
  });

  it('lists entity types and evaluation labels with their values as facets', async () => {
    const facets = (await dev.get('/api/facets')).json;
    expect(facets.sensitive_entities).toEqual([
      { value: 'email_address', count: 2 },
      { value: 'credit_card', count: 1 },
    ]);
    expect(facets.evaluations).toEqual([
      { label: 'hallucination', count: 2, values: [{ value: 'contradiction', count: 1 }, { value: 'none', count: 1 }] },
      { label: 'thumbs', count: 1, values: [{ value: 'true', count: 1 }] },
      { label: 'toxicity', count: 3, values: [{ value: 'non-toxic', count: 2 }, { value: 'toxic', count: 1 }] },
    ]);
  });

  it('counts pass and fail per evaluation label and bucket, placed at the evaluated trace', async () => {
    const stats = (await dev.get(`/api/stats?ml_app=filters-app&buckets=2&from=${base}&to=${base + 2 * HOUR_MS}`)).json;
    expect(stats.bucket_ms).toBe(HOUR_MS);
    expect(stats.evaluations).toEqual([
      {
        label: 'hallucination',
        pass: 1,
        fail: 1,
        buckets: [
          { t: base, pass: 0, fail: 0 },
          { t: base + HOUR_MS, pass: 1, fail: 1 },
        ],
      },
      {
        label: 'toxicity',
        pass: 2,
        fail: 1,
        buckets: [
          { t: base, pass: 1, fail: 1 },
          { t: base + HOUR_MS, pass: 1, fail: 0 },
        ],
      },
    ]);
    // The trace filters apply: only the traces with a finding.
    const sensitive = (await dev.get(`/api/stats?ml_app=filters-app&sensitive=1&buckets=2&from=${base}&to=${base + 2 * HOUR_MS}`)).json;
    expect(sensitive.evaluations.map((e: { label: string; pass: number; fail: number }) => [e.label, e.pass, e.fail])).toEqual([['toxicity', 1, 1]]);
  });
});
