/* eslint-disable @typescript-eslint/no-explicit-any -- stored events are untyped JSON */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningDev } from '../src/dev/run-dev.js';
import { runDev } from '../src/dev/run-dev.js';
import { DEFAULT_RETENTION } from '../src/dev/store/dev-store.js';
import { chatAttributes, spanFactory, waitForAsync } from './gateway/kit.js';
import { decimalSpanId, evalMetric, evalPayload, hexTraceId, spanEvent, spanPayload } from './helpers/payloads.js';

/**
 * Every route of `otel-llmobs dev` stores what the in-process scan would have sent (spec
 * sensitive-data.md §5): the agentless intake, the agent's EVP proxy (v1–v4), the evaluation routes
 * and OTLP. Each test sends secrets to the real server and reads back the viewer API and the
 * database file itself: no byte of a secret is stored.
 */

const EMAIL = 'ana.lopez@corp-mail.es';
const AWS_KEY = 'AKIAQ3EGRX5HJ7KLM2NP';
const CARD = '4539 1488 0343 6467';
const SESSION = 'ana.lopez@corp-mail.es';
const SECRETS = [EMAIL, AWS_KEY, CARD, '4539148803436467'];

let dev: RunningDev | undefined;
let dir: string | undefined;
afterEach(async () => {
  await dev?.stop();
  dev = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function start(sensitiveData?: { enabled: boolean }): Promise<RunningDev> {
  dir = mkdtempSync(join(tmpdir(), 'otel-llmobs-sds-'));
  dev = await runDev({
    host: '127.0.0.1',
    port: 0,
    dbPath: join(dir, 'dev.db'),
    retention: { ...DEFAULT_RETENTION },
    quiet: true,
    color: false,
    write: () => undefined,
    ...(sensitiveData ? { sensitiveData } : {}),
  });
  return dev;
}

/** Every byte the dev intake wrote to disk (the database and its journal), read after it stopped. */
async function storedBytes(): Promise<string> {
  await dev!.stop();
  dev = undefined;
  return readdirSync(dir!)
    .map((f) => readFileSync(join(dir!, f)).toString('latin1'))
    .join('\n');
}

function secretSpan(traceId: string): Record<string, any> {
  return spanEvent({
    trace_id: traceId,
    kind: 'llm',
    session_id: SESSION,
    status: 'error',
    input: {
      messages: [
        { role: 'user', content: `Charge my card ${CARD} and mail ${EMAIL}` },
        { role: 'assistant', content: '', tool_calls: [{ name: 'charge', arguments: { card: CARD, note: `key ${AWS_KEY}` } }] },
      ],
      prompt: { template: 'Hello {{email}}', variables: { email: EMAIL } },
    },
    output: { messages: [{ role: 'assistant', content: `Done, receipt sent to ${EMAIL}` }] },
    extraMeta: { metadata: { customer: { email: EMAIL } }, 'error.message': `auth failed for ${AWS_KEY}`, 'error.type': 'AuthError' },
  });
}

async function post(path: string, body: string): Promise<any> {
  const evp = path.startsWith('/evp_proxy');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (evp) headers['x-datadog-evp-subdomain'] = path.includes('eval-metric') ? 'api' : 'llmobs-intake';
  const res = await fetch(`${dev!.server.url}${path}`, { method: 'POST', headers, body });
  expect(res.status).toBe(202);
  return res.json();
}

async function storedTrace(traceId: string): Promise<any> {
  return waitForAsync(async () => {
    const res = await fetch(`${dev!.server.url}/api/traces/${traceId}`);
    return res.status === 200 ? ((await res.json()) as any) : undefined;
  });
}

describe('otel-llmobs dev: sensitive data on every route', () => {
  it.each([
    ['agentless', '/api/v2/llmobs'],
    ['EVP proxy v1', '/evp_proxy/v1/api/v2/llmobs'],
    ['EVP proxy v2', '/evp_proxy/v2/api/v2/llmobs'],
    ['EVP proxy v3', '/evp_proxy/v3/api/v2/llmobs'],
    ['EVP proxy v4', '/evp_proxy/v4/api/v2/llmobs'],
  ])('%s spans (%s) are stored redacted, tagged, sessions still grouped', async (_name, path) => {
    await start();
    const traceId = hexTraceId();
    await post(path, spanPayload(secretSpan(traceId)));
    const [span] = (await storedTrace(traceId)).spans as any[];
    const event = span.event;
    expect(event.meta.input.messages[0].content).toBe('Charge my card **** **** **** 6467 and mail [REDACTED:EMAIL_ADDRESS]');
    expect(event.meta.input.messages[1].tool_calls[0].arguments).toEqual({ card: '**** **** **** 6467', note: 'key [REDACTED:AWS_ACCESS_KEY_ID]' });
    expect(event.meta.input.prompt.variables).toEqual({ email: '[REDACTED:EMAIL_ADDRESS]' });
    expect(event.meta.output.messages[0].content).toBe('Done, receipt sent to [REDACTED:EMAIL_ADDRESS]');
    expect(event.meta.metadata).toEqual({ customer: { email: '[REDACTED:EMAIL_ADDRESS]' } });
    expect(event.meta['error.message']).toBe('auth failed for [REDACTED:AWS_ACCESS_KEY_ID]');
    // Identifiers are hashed (keyed), in the field and in its tag alike, so a session still groups.
    expect(event.session_id).toMatch(/^\[HASH:EMAIL_ADDRESS:[0-9a-f]{16}\]$/);
    expect(event.tags).toContain(`session_id:${event.session_id}`);
    expect(event.tags).toEqual(
      expect.arrayContaining([
        'sensitive_data:redacted',
        'sensitive_data.entity:aws_access_key_id',
        'sensitive_data.entity:credit_card',
        'sensitive_data.entity:email_address',
        'sensitive_data.count:10',
      ]),
    );
    const bytes = await storedBytes();
    for (const secret of SECRETS) expect(bytes).not.toContain(secret);
  });

  it.each([
    ['agentless', '/api/intake/llm-obs/v2/eval-metric'],
    ['EVP proxy', '/evp_proxy/v2/api/intake/llm-obs/v2/eval-metric'],
  ])('%s evaluations (%s) are stored redacted', async (_name, path) => {
    await start();
    const traceId = hexTraceId();
    const spanId = decimalSpanId();
    await post('/api/v2/llmobs', spanPayload(spanEvent({ trace_id: traceId, span_id: spanId })));
    const metric = evalMetric({
      join_on: { span: { span_id: spanId, trace_id: traceId } },
      reasoning: `The answer leaked ${EMAIL} and ${AWS_KEY}`,
      metadata: { quoted: CARD },
      tags: ['ml_app:test-app', `reviewer:${EMAIL}`],
    });
    await post(path, evalPayload(metric));
    const trace = await waitForAsync(async () => {
      const t = await storedTrace(traceId);
      return t.evaluations.length > 0 ? t : undefined;
    });
    const stored = trace.evaluations[0].metric;
    expect(stored.reasoning).toBe('The answer leaked [REDACTED:EMAIL_ADDRESS] and [REDACTED:AWS_ACCESS_KEY_ID]');
    expect(stored.metadata).toEqual({ quoted: '**** **** **** 6467' });
    expect(stored.tags).toEqual(['ml_app:test-app', 'reviewer:[REDACTED:EMAIL_ADDRESS]']);
    const bytes = await storedBytes();
    for (const secret of SECRETS) expect(bytes).not.toContain(secret);
  });

  it('OTLP spans (/v1/traces) are stored redacted (the processor stage)', async () => {
    await start();
    const f = spanFactory({ 'service.name': 'otlp-app' });
    const llm = f.start('chat gpt-4o-mini', chatAttributes(`my card is ${CARD}, mail ${EMAIL}, key ${AWS_KEY}`));
    f.end(llm);
    const exporter = new OTLPTraceExporter({ url: `${dev!.server.url}/v1/traces` });
    const result = await new Promise<{ code: number }>((resolve) => exporter.export(f.finished(), resolve));
    expect(result.code).toBe(0);
    await exporter.shutdown();
    const [span] = (await storedTrace(llm.spanContext().traceId)).spans as any[];
    expect(span.event.meta.input.messages[0].content).toBe('my card is **** **** **** 6467, mail [REDACTED:EMAIL_ADDRESS], key [REDACTED:AWS_ACCESS_KEY_ID]');
    const bytes = await storedBytes();
    for (const secret of SECRETS) expect(bytes).not.toContain(secret);
  });

  it('a validation message that quotes a value is stored redacted', async () => {
    await start();
    const traceId = hexTraceId();
    // The session tag disagrees with session_id: the warning quotes the session id.
    const span = secretSpan(traceId);
    span.tags = span.tags.map((t: string) => (t.startsWith('session_id:') ? 'session_id:other' : t));
    const answer = await post('/evp_proxy/v2/api/v2/llmobs', spanPayload(span));
    expect(answer.problems.map((p: any) => p.code)).toContain('span.session_tag');
    const bytes = await storedBytes();
    for (const secret of SECRETS) expect(bytes).not.toContain(secret);
  });

  it('with {"enabled": false}, agent traffic is stored as sent', async () => {
    await start({ enabled: false });
    const traceId = hexTraceId();
    const sent = secretSpan(traceId);
    await post('/evp_proxy/v2/api/v2/llmobs', spanPayload(sent));
    const [span] = (await storedTrace(traceId)).spans as any[];
    expect(span.event).toEqual(sent);
    // The byte check of the other tests sees stored text: here the values are there.
    const bytes = await storedBytes();
    for (const secret of [EMAIL, AWS_KEY, CARD]) expect(bytes).toContain(secret);
  });
});
