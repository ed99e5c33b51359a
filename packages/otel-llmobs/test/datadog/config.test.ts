import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseDdTags } from '../../src/config/dd-tags.js';
import { resolveTransportConfig, TRANSPORT_DEFAULTS } from '../../src/config/datadog-transport-config.js';
import { resolveEvaluationConfig } from '../../src/config/resolve-evaluation-config.js';
import { resolveExporterConfig } from '../../src/config/resolve-exporter-config.js';
import { captureDiag, DATADOG_ENV_NAMES } from './diag-capture.js';

const KEY = 'abcdef0123456789abcdef0123456789';

let diagLogs: ReturnType<typeof captureDiag>;
beforeEach(() => {
  for (const name of DATADOG_ENV_NAMES) vi.stubEnv(name, '');
  diagLogs = captureDiag();
});
afterEach(() => {
  vi.unstubAllEnvs();
  diagLogs.restore();
});

describe('transport configuration: code > environment > default', () => {
  it('defaults', () => {
    const c = resolveTransportConfig();
    expect(c).toMatchObject({
      apiKey: undefined,
      site: 'datadoghq.com',
      agentless: undefined,
      agentUrl: 'http://127.0.0.1:8126',
      agentUrlExplicit: false,
      intakeUrl: undefined,
      requestTimeoutMillis: 5000,
      exportTimeoutMillis: 30_000,
      flushIntervalMillis: 1000,
      agentProbeTimeoutMillis: 1000,
      maxQueueSize: TRANSPORT_DEFAULTS.maxQueueSize,
      maxConcurrentRequests: 2,
      retry: { initialBackoffMillis: 500, maxBackoffMillis: 10_000, multiplier: 2 },
    });
  });

  it('environment', () => {
    vi.stubEnv('DATADOG_API_KEY', KEY);
    vi.stubEnv('DD_SITE', ' DatadogHQ.EU ');
    vi.stubEnv('DD_LLMOBS_AGENTLESS_ENABLED', 'false');
    vi.stubEnv('DD_AGENT_HOST', 'agent.local');
    vi.stubEnv('DD_TRACE_AGENT_PORT', '9126');
    vi.stubEnv('_DD_LLMOBS_TIMEOUT', '2500');
    vi.stubEnv('_DD_LLMOBS_FLUSH_INTERVAL', '200');
    vi.stubEnv('OTEL_LLMOBS_INTAKE_URL', 'http://127.0.0.1:8787/api/v2/llmobs');
    expect(resolveTransportConfig()).toMatchObject({
      apiKey: KEY,
      site: 'datadoghq.eu',
      agentless: false,
      agentUrl: 'http://agent.local:9126',
      agentUrlExplicit: true,
      intakeUrl: 'http://127.0.0.1:8787',
      requestTimeoutMillis: 2500,
      flushIntervalMillis: 200,
    });
  });

  it('DD_API_KEY wins over DATADOG_API_KEY; DD_TRACE_AGENT_URL over DD_TRACE_URL and host/port', () => {
    vi.stubEnv('DD_API_KEY', 'key-one');
    vi.stubEnv('DATADOG_API_KEY', 'key-two');
    vi.stubEnv('DD_TRACE_URL', 'http://b:1');
    vi.stubEnv('DD_TRACE_AGENT_URL', 'http://a:2/');
    vi.stubEnv('DD_AGENT_HOST', 'c');
    expect(resolveTransportConfig()).toMatchObject({ apiKey: 'key-one', agentUrl: 'http://a:2' });
  });

  it('DD_AGENTLESS_ENABLED=true forces agentless; false decides nothing', () => {
    vi.stubEnv('DD_AGENTLESS_ENABLED', 'true');
    expect(resolveTransportConfig().agentless).toBe(true);
    vi.stubEnv('DD_AGENTLESS_ENABLED', 'false');
    expect(resolveTransportConfig().agentless).toBeUndefined();
  });

  it('code wins over the environment', () => {
    vi.stubEnv('DD_API_KEY', 'env-key');
    vi.stubEnv('DD_SITE', 'datadoghq.eu');
    vi.stubEnv('DD_LLMOBS_AGENTLESS_ENABLED', 'true');
    vi.stubEnv('DD_TRACE_AGENT_URL', 'http://env:1');
    const c = resolveTransportConfig({ apiKey: 'code-key', site: 'us3.datadoghq.com', agentless: false, agentUrl: 'https://code:2' });
    expect(c).toMatchObject({ apiKey: 'code-key', site: 'us3.datadoghq.com', agentless: false, agentUrl: 'https://code:2' });
  });

  it('IPv6 agent hosts are bracketed', () => {
    vi.stubEnv('DD_AGENT_HOST', '::1');
    expect(resolveTransportConfig().agentUrl).toBe('http://[::1]:8126');
  });

  it.each([
    [{ site: 'https://datadoghq.com' }, "Configuration: site is invalid, expected a host name such as 'datadoghq.eu' (no scheme) (actual: 'https://datadoghq.com')"],
    [{ agentless: 'yes' }, "Configuration: agentless is invalid, expected a boolean (actual: 'yes')"],
    [{ agentUrl: 'unix:///var/run/datadog/apm.socket' }, "Configuration: agentUrl is invalid, expected an http(s) URL (actual: 'unix:///var/run/datadog/apm.socket')"],
    [{ intakeUrl: 'ftp://x' }, "Configuration: intakeUrl is invalid, expected an http(s) URL (actual: 'ftp://x')"],
    [{ requestTimeoutMillis: 0 }, "Configuration: requestTimeoutMillis is invalid, expected a finite number >= 1 (actual: '0')"],
    [{ maxQueueSize: 1.5 }, "Configuration: maxQueueSize is invalid, expected an integer >= 1 (actual: '1.5')"],
    [{ retry: { initialBackoffMillis: 100, maxBackoffMillis: 10 } }, "Configuration: retry.maxBackoffMillis is invalid, expected a number >= retry.initialBackoffMillis (100) (actual: '10')"],
    [{ fetch: 'fetch' }, "Configuration: fetch is invalid, expected a fetch function (actual: 'fetch')"],
  ])('throws on a bad code value %j', (options, message) => {
    expect(() => resolveTransportConfig(options as never)).toThrow(message);
  });

  it('a bad API key in code throws without showing it', () => {
    const secret = 'sekret key with spaces';
    let error: unknown;
    try {
      resolveTransportConfig({ apiKey: secret });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe(
      "Configuration: apiKey is invalid, expected a non-empty string of visible ASCII characters (actual: '<redacted>')",
    );
    expect(String((error as Error).stack)).not.toContain('sekret');
  });

  it('bad environment values warn and fall back (the API key is never shown)', () => {
    vi.stubEnv('DD_API_KEY', 'sekret\u00e9key');
    vi.stubEnv('DD_SITE', 'http://bad');
    vi.stubEnv('DD_TRACE_AGENT_URL', 'unix:///var/run/datadog/apm.socket');
    vi.stubEnv('DD_LLMOBS_AGENTLESS_ENABLED', 'maybe');
    vi.stubEnv('_DD_LLMOBS_TIMEOUT', '-5');
    const c = resolveTransportConfig();
    expect(c).toMatchObject({ apiKey: undefined, site: 'datadoghq.com', agentUrl: 'http://127.0.0.1:8126', agentless: undefined, requestTimeoutMillis: 5000 });
    const warnings = diagLogs.logs.filter((l) => l.level === 'warn').map((l) => l.message);
    expect(warnings).toHaveLength(5);
    expect(warnings).toContain(
      "otel-llmobs/config Configuration: environment variable DD_SITE is invalid, expected a host name such as 'datadoghq.eu' (no scheme) (actual: 'http://bad'); using the default",
    );
    expect(warnings.join('\n')).toContain('DD_API_KEY is invalid');
    expect(diagLogs.text()).not.toContain('sekret');
  });
});

describe('exporter configuration: service identity', () => {
  it('from the environment', () => {
    vi.stubEnv('OTEL_SERVICE_NAME', 'otel-svc');
    vi.stubEnv('DD_ENV', 'prod');
    vi.stubEnv('DD_VERSION', '1.2.3');
    vi.stubEnv('DD_TAGS', 'team:llm-obs, region:eu,bare');
    expect(resolveExporterConfig().identity).toEqual({
      service: 'otel-svc',
      env: 'prod',
      version: '1.2.3',
      ddTags: [['team', 'llm-obs'], ['region', 'eu'], ['bare', '']],
    });
    vi.stubEnv('DD_SERVICE', 'dd-svc');
    expect(resolveExporterConfig().identity.service).toBe('dd-svc');
  });

  it('from code', () => {
    vi.stubEnv('DD_TAGS', 'a:b');
    expect(resolveExporterConfig({ service: 's', env: 'e', version: 'v', tags: { x: 'y' } }).identity).toEqual({
      service: 's',
      env: 'e',
      version: 'v',
      ddTags: [['x', 'y']],
    });
    expect(() => resolveExporterConfig({ tags: { x: 1 } as never })).toThrow("Configuration: tags.x is invalid, expected a string (actual: '1')");
  });

  it('parseDdTags: commas or spaces, value after the first colon, last value wins in first position', () => {
    expect(parseDdTags('a:1 b:2:3')).toEqual([['a', '1'], ['b', '2:3']]);
    expect(parseDdTags('a:1,b:2,a:3')).toEqual([['a', '3'], ['b', '2']]);
  });
});

describe('evaluation configuration', () => {
  it('ml_app and source:otel from the environment, code wins', () => {
    vi.stubEnv('DD_LLMOBS_ML_APP', 'env-app');
    vi.stubEnv('DD_TRACE_OTEL_ENABLED', 'true');
    expect(resolveEvaluationConfig()).toMatchObject({ mlApp: 'env-app', otelSource: true });
    expect(resolveEvaluationConfig({ mlApp: 'code-app', otelSource: false })).toMatchObject({ mlApp: 'code-app', otelSource: false });
  });
});
