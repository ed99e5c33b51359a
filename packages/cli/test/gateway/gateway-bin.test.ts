import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/args/usage.js';
import { parseDuration, parseGatewayArgs, parseSize } from '../../src/gateway/options.js';
import { spanEventsOf, startRecorder, waitFor } from './kit.js';

describe('otel-llmobs gateway options', () => {
  it('parses flags, with the environment as fallback for the token', () => {
    const parsed = parseGatewayArgs(
      ['--host', '0.0.0.0', '--port', '0', '--ml-app', 'shop', '--sample-rate', '0.5', '--intake-url', 'http://127.0.0.1:8126', '--max-body', '1MiB', '--trace-quiet', '250ms', '--trace-max-wait', '1m', '--max-traces', '10'],
      { OTEL_LLMOBS_GATEWAY_TOKEN: ' t0k ' },
    );
    expect(parsed.options).toMatchObject({
      host: '0.0.0.0',
      port: 0,
      processor: { mlApp: 'shop', sampleRate: 0.5 },
      exporterOptions: { intakeUrl: 'http://127.0.0.1:8126' },
      maxBodyBytes: 1024 * 1024,
      buffer: { quietMs: 250, maxWaitMs: 60_000, maxTraces: 10 },
      authToken: 't0k',
    });
    expect(parseGatewayArgs(['--auth-token', 'flag'], { OTEL_LLMOBS_GATEWAY_TOKEN: 'env' }).options.authToken).toBe('flag');
    expect(parseGatewayArgs([], {}).options).toMatchObject({ host: '127.0.0.1', port: 4318, maxBodyBytes: 16 * 1024 * 1024, bodyTimeoutMs: 30_000 });
    expect(parseGatewayArgs([], {}).options.authToken).toBeUndefined();
  });

  it('refuses bad values with a usage error', () => {
    expect(() => parseGatewayArgs(['--sample-rate', '2'], {})).toThrow(UsageError);
    expect(() => parseGatewayArgs(['--intake-url', 'ftp://x'], {})).toThrow(/http\(s\) URL/);
    expect(() => parseGatewayArgs(['--max-spans', '0'], {})).toThrow(/positive integer/);
    expect(() => parseSize('lots', '--max-body')).toThrow(/16MiB/);
    expect(() => parseDuration('0', '--body-timeout', 1)).toThrow(UsageError);
    expect(parseSize('512KiB', 'x')).toBe(512 * 1024);
    expect(parseDuration('2s', 'x', 0)).toBe(2000);
    expect(parseDuration('1500', 'x', 0)).toBe(1500);
  });
});

describe('the otel-llmobs gateway bin', () => {
  const bin = resolve(import.meta.dirname, '../../dist/cli.js');
  const built = existsSync(bin);

  it.skipIf(!built)('--help, a bad flag, and a run: receives a trace, and SIGTERM delivers what it buffered before exiting', { timeout: 30_000 }, async () => {
    const help = await new Promise<{ code: number | null; out: string }>((done) => {
      const child = spawn(process.execPath, [bin, 'gateway', '--help']);
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('close', (code) => done({ code, out }));
    });
    expect(help.code).toBe(0);
    expect(help.out).toContain('--trace-max-wait <dur>');
    const bad = await new Promise<{ code: number | null; err: string }>((done) => {
      const child = spawn(process.execPath, [bin, 'gateway', '--nope']);
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('close', (code) => done({ code, err }));
    });
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("Unknown option '--nope'");

    const intake = await startRecorder();
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', DD_SERVICE: 'gateway-itself' };
      delete env.DD_API_KEY;
      const child = spawn(process.execPath, [bin, 'gateway', '--port', '0', '--intake-url', intake.url, '--trace-max-wait', '1m'], { env });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const exited = new Promise<number | null>((done) => child.on('close', done));
      const url = await waitFor(() => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1], 10_000);
      expect(out).toContain(`sends to   intake ${intake.url}`);
      // A trace without its root: it would wait for up to a minute.
      const body = {
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'py-agent' } }] },
            scopeSpans: [
              {
                scope: { name: 'opentelemetry.instrumentation.openai_v2' },
                spans: [
                  {
                    traceId: '5b8efff798038103d269b633813fc60c',
                    spanId: 'eee19b7ec3c1b174',
                    parentSpanId: 'eee19b7ec3c1b173',
                    name: 'chat gpt-4o',
                    kind: 3,
                    startTimeUnixNano: '1700000000000000000',
                    endTimeUnixNano: '1700000000250000000',
                    attributes: [
                      { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
                      { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o' } },
                      { key: 'gen_ai.usage.input_tokens', value: { intValue: '9' } },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      };
      const res = await fetch(`${url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({});
      expect(spanEventsOf(intake.requests)).toEqual([]);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(out).toContain('SIGTERM: stopping');
      expect(out).toMatch(/stopped: 1 buffered trace\(s\) \(1 spans\) flushed/);
      const events = spanEventsOf(intake.requests);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ name: 'chat gpt-4o', trace_id: '5b8efff798038103d269b633813fc60c', parent_id: 'undefined', metrics: { input_tokens: 9 } });
      // ml_app and service come from the span's resource, not from the gateway's DD_SERVICE.
      expect(events[0].tags).toEqual(expect.arrayContaining(['ml_app:py-agent', 'service:py-agent']));
      expect(err).toBe('');
    } finally {
      await intake.close();
    }
  });
});
