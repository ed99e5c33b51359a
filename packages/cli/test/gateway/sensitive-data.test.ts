import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseDevArgs } from '../../src/dev/options.js';
import type { GatewayOptions, RunningGateway } from '../../src/gateway/gateway.js';
import { startGateway } from '../../src/gateway/gateway.js';
import { parseGatewayArgs } from '../../src/gateway/options.js';
import { CapturingExporter, chatAttributes, spanFactory, waitFor } from './kit.js';

/** `--sensitive-data <file.json>` for `otel-llmobs gateway` and `otel-llmobs dev`, and the gateway's scanning (on by default). */
const dir = mkdtempSync(join(tmpdir(), 'otel-llmobs-sds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

const gateways: RunningGateway[] = [];
afterEach(async () => {
  await Promise.all(gateways.splice(0).map((g) => g.close(100)));
});

describe('--sensitive-data <file.json>', () => {
  it('gateway and dev read the sensitiveData option from the file', () => {
    const options = { categories: { email: 'hash' }, allowlist: { exact: ['support@acme.com'] } };
    const path = file('ok.json', JSON.stringify(options));
    expect(parseGatewayArgs(['--sensitive-data', path], {}).options.processor?.sensitiveData).toEqual(options);
    expect(parseDevArgs(['--sensitive-data', path]).options.sensitiveData).toEqual(options);
    expect(parseGatewayArgs([], {}).options.processor?.sensitiveData).toBeUndefined();
    expect(parseDevArgs([]).options.sensitiveData).toBeUndefined();
  });

  it('a missing file, bad JSON or a bad option is a usage error naming the file and the problem', () => {
    expect(() => parseGatewayArgs(['--sensitive-data', join(dir, 'nope.json')], {})).toThrow(/--sensitive-data: cannot read .*nope\.json \(ENOENT\)/);
    expect(() => parseGatewayArgs(['--sensitive-data', file('bad.json', '{"categories":')], {})).toThrow(/--sensitive-data: .*bad\.json is not JSON/);
    expect(() => parseDevArgs(['--sensitive-data', file('array.json', '[]')])).toThrow(/must hold a JSON object/);
    expect(() => parseGatewayArgs(['--sensitive-data', file('typo.json', '{"categories":{"email":"mask"}}')], {})).toThrow(
      /--sensitive-data: .*typo\.json: Configuration: sensitiveData\.categories\.email is invalid/,
    );
  });
});

async function start(options: Partial<GatewayOptions> = {}): Promise<{ gateway: RunningGateway; exporter: CapturingExporter }> {
  const exporter = new CapturingExporter();
  const gateway = await startGateway({ port: 0, exporter, buffer: { quietMs: 30, maxWaitMs: 5_000 }, ...options });
  gateways.push(gateway);
  return { gateway, exporter };
}

function send(url: string, spans: ReadableSpan[]): Promise<{ code: number }> {
  return new Promise((resolve) => new OTLPTraceExporter({ url: `${url}/v1/traces` }).export(spans, resolve));
}

describe('gateway: sensitive data', () => {
  const trace = (): ReadableSpan[] => {
    const f = spanFactory();
    f.end(f.start('chat gpt-4o-mini', chatAttributes('write to ana.lopez@corp-mail.es, card 4539 1488 0343 6467')));
    return f.finished();
  };

  it('is redacted by default before the gateway sends anything', async () => {
    const { gateway, exporter } = await start();
    expect((await send(gateway.url, trace())).code).toBe(0);
    const [model] = await waitFor(() => (exporter.models().length === 1 ? exporter.models() : undefined));
    expect(model!.input.messages?.[0]?.content).toBe('write to [REDACTED:EMAIL_ADDRESS], card **** **** **** 6467');
    expect(model!.tags.sensitive_data).toBe('redacted');
  });

  it('follows the file: other actions, or off', async () => {
    const hashed = await start({ processor: { sensitiveData: parseGatewayArgs(['--sensitive-data', file('hash.json', '{"categories":{"email":"hash","credit_card":false}}')], {}).options.processor!.sensitiveData! } });
    await send(hashed.gateway.url, trace());
    const [h] = await waitFor(() => (hashed.exporter.models().length === 1 ? hashed.exporter.models() : undefined));
    expect(h!.input.messages?.[0]?.content).toMatch(/^write to \[HASH:EMAIL_ADDRESS:[0-9a-f]{16}\], card 4539 1488 0343 6467$/);

    const off = await start({ processor: { sensitiveData: { enabled: false } } });
    await send(off.gateway.url, trace());
    const [o] = await waitFor(() => (off.exporter.models().length === 1 ? off.exporter.models() : undefined));
    expect(o!.input.messages?.[0]?.content).toBe('write to ana.lopez@corp-mail.es, card 4539 1488 0343 6467');
  });
});
