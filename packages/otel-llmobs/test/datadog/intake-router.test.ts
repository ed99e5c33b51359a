import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resolveTransportConfig } from '../../src/config/datadog-transport-config.js';
import { createIntakeRouter } from '../../src/datadog/intake-route.js';
import type { FetchLike, FetchResponseLike } from '../../src/internal/fetch-like.js';
import { captureDiag, DATADOG_ENV_NAMES } from './diag-capture.js';

/** An Agent `/info` endpoint played by a script: each call takes the next answer ('refused' rejects like undici). */
function scriptedAgent(answers: Array<'refused' | { status: number; body: string }>): FetchLike & { calls: number } {
  const f = ((_url: string) => {
    f.calls++;
    const answer = answers.shift() ?? 'refused';
    if (answer === 'refused') return Promise.reject(Object.assign(new Error('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }));
    const response: FetchResponseLike = { status: answer.status, headers: { get: () => null }, text: () => Promise.resolve(answer.body) };
    return Promise.resolve(response);
  }) as unknown as FetchLike & { calls: number };
  f.calls = 0;
  return f;
}

const EVP = { status: 200, body: JSON.stringify({ endpoints: ['/info', '/evp_proxy/v2/'] }) };
const NO_EVP = { status: 200, body: JSON.stringify({ endpoints: ['/info'] }) };

let logs: ReturnType<typeof captureDiag>;
beforeEach(() => {
  for (const name of DATADOG_ENV_NAMES) vi.stubEnv(name, '');
  logs = captureDiag();
});
afterEach(() => {
  logs.restore();
  vi.unstubAllEnvs();
});

describe('createIntakeRouter: the Agent probe', () => {
  const retry = { initialBackoffMillis: 1000, maxBackoffMillis: 4000, multiplier: 2 };

  it('no answer and no API key: waiting, asked again only once the jittered back-off has passed, then decided for good', async () => {
    let now = 1_000_000;
    const fetch = scriptedAgent(['refused', 'refused', EVP]);
    const router = createIntakeRouter(resolveTransportConfig({ fetch, retry }), { now: () => now, random: () => 0 });
    expect(router.status()).toBe('undecided');
    expect(await router.resolve()).toEqual({ mode: 'waiting', reason: 'agent_unreachable', retryAt: now + 500 });
    expect(router.status()).toBe('waiting_for_agent');
    now += 499;
    expect((await router.resolve()).mode).toBe('waiting');
    expect(fetch.calls).toBe(1); // not before retryAt
    now += 1;
    expect(await router.resolve()).toMatchObject({ mode: 'waiting', retryAt: now + 1000 }); // the back-off grows
    now += 1000;
    expect((await router.resolve()).mode).toBe('agent');
    expect(router.status()).toBe('agent');
    expect((await router.resolve()).mode).toBe('agent');
    expect(fetch.calls).toBe(3);
    const warnings = logs.logs.filter((l) => l.level === 'warn').map((l) => l.message);
    expect(warnings).toHaveLength(1); // said once
    expect(warnings[0]).toContain('did not answer (fetch failed (ECONNREFUSED))');
    expect(logs.logs.some((l) => l.level === 'info' && l.message.includes('answered after 2 failed probe(s)'))).toBe(true);
  });

  it('a 5xx from /info is no answer either; a 4xx or an answer without the EVP proxy is final', async () => {
    let now = 0;
    const flaky = createIntakeRouter(resolveTransportConfig({ fetch: scriptedAgent([{ status: 503, body: '' }, NO_EVP]), retry }), { now: () => now, random: () => 1 });
    expect((await flaky.resolve()).mode).toBe('waiting');
    now += 1000;
    expect(await flaky.resolve()).toEqual({ mode: 'unavailable', reason: 'no_api_key' });
    const old = createIntakeRouter(resolveTransportConfig({ fetch: scriptedAgent([{ status: 404, body: '' }]), retry }));
    expect(await old.resolve()).toEqual({ mode: 'unavailable', reason: 'no_api_key' });
  });

  it('no answer but an API key: agentless at once, as dd-trace does', async () => {
    const fetch = scriptedAgent(['refused']);
    const router = createIntakeRouter(resolveTransportConfig({ fetch, retry, apiKey: '0123456789abcdef0123456789abcdef' }));
    expect((await router.resolve()).mode).toBe('agentless');
    expect(fetch.calls).toBe(1);
  });

  it('concurrent callers share one probe', async () => {
    const fetch = scriptedAgent([EVP]);
    const router = createIntakeRouter(resolveTransportConfig({ fetch, retry }));
    const routes = await Promise.all([router.resolve(), router.resolve(), router.resolve()]);
    expect(routes.map((r) => r.mode)).toEqual(['agent', 'agent', 'agent']);
    expect(fetch.calls).toBe(1);
  });
});
