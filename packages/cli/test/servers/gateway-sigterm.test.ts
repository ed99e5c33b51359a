/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are untyped JSON */
// SIGTERM to the built `otel-llmobs gateway`, in a child process that must exit by itself, while the
// intake fails: the gateway drains within its bound (retrying, not exiting in 200 ms with nothing
// sent) and says what it could not deliver; when the intake recovers during the drain, everything
// is delivered.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../gateway/kit.js';

const bin = resolve(import.meta.dirname, '../../dist/cli.js');

let intake: Server | undefined;
afterEach(async () => {
  if (!intake) return;
  const s = intake;
  intake = undefined;
  await new Promise<void>((done) => {
    s.close(() => done());
    s.closeAllConnections();
  });
});

/** An intake that answers 503 to its first `failures` requests (Infinity: always), then 202; records delivered span ids. */
async function startIntake(failures: number): Promise<{ url: string; requests: number[]; delivered: Set<string> }> {
  const requests: number[] = [];
  const delivered = new Set<string>();
  intake = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push(Date.now());
      if (requests.length <= failures) {
        res.writeHead(503, { 'retry-after': '0' });
        res.end();
        return;
      }
      for (const e of JSON.parse(Buffer.concat(chunks).toString('utf8')) as any[]) for (const s of e.spans) delivered.add(s.span_id);
      res.writeHead(202);
      res.end('{}');
    });
  });
  await new Promise<void>((done) => intake!.listen(0, '127.0.0.1', () => done()));
  return { url: `http://127.0.0.1:${(intake.address() as AddressInfo).port}`, requests, delivered };
}

function otlpTrace(spans: number): string {
  const traceId = '7b8efff798038103d269b633813fc60c';
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] },
        scopeSpans: [
          {
            scope: { name: 'test' },
            spans: Array.from({ length: spans }, (_, i) => ({
              traceId,
              spanId: (0x1000 + i).toString(16).padStart(16, '0'),
              name: `chat ${i}`,
              kind: 3,
              startTimeUnixNano: '1700000000000000000',
              endTimeUnixNano: '1700000000250000000',
              attributes: [
                { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
                { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o' } },
              ],
            })),
          },
        ],
      },
    ],
  });
}

async function runGateway(intakeUrl: string, drain: string, spans: number) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.DD_API_KEY;
  const child = spawn(process.execPath, [bin, 'gateway', '--port', '0', '--intake-url', intakeUrl, '--trace-quiet', '0', '--drain-timeout', drain], { env });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; at: number }>((done) => child.on('close', (code) => done({ code, at: Date.now() })));
  const url = await waitFor(() => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1], 15_000);
  const res = await fetch(`${url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: otlpTrace(spans) });
  expect(res.status).toBe(200);
  await res.arrayBuffer();
  return { child, exited, out: () => out, err: () => err };
}

describe.skipIf(!existsSync(bin))('otel-llmobs gateway on SIGTERM', () => {
  it('while the intake keeps failing: drains up to its bound, retrying, then exits by itself and says what it could not deliver', { timeout: 60_000 }, async () => {
    const sink = await startIntake(Infinity);
    const g = await runGateway(sink.url, '3s', 4);
    // The spans reach the exporter and its first attempt fails.
    await waitFor(() => sink.requests.length >= 1, 15_000);
    const termAt = Date.now();
    const before = sink.requests.length;
    g.child.kill('SIGTERM');
    const { code, at } = await g.exited;
    expect(code).toBe(0);
    // It stayed up to retry (it used to exit in ~200 ms having sent nothing more), and stopped at its bound.
    expect(sink.requests.length).toBeGreaterThan(before);
    expect(at - termAt).toBeGreaterThanOrEqual(2_500);
    expect(at - termAt).toBeLessThan(30_000);
    expect(sink.delivered.size).toBe(0);
    expect(g.out()).toMatch(/warning: 0 LLM Observability span event\(s\) delivered; .*could NOT deliver 4: /);
    expect(g.out()).toContain("4 still being sent or retried when the 3 s drain bound was reached");
  });

  it('when the intake recovers during the drain: everything is delivered before the exit', { timeout: 60_000 }, async () => {
    const sink = await startIntake(2);
    const g = await runGateway(sink.url, '20s', 5);
    await waitFor(() => sink.requests.length >= 1, 15_000);
    g.child.kill('SIGTERM');
    const { code } = await g.exited;
    expect(code).toBe(0);
    expect(sink.delivered.size).toBe(5);
    expect(g.out()).toContain('5 LLM Observability span event(s) delivered; nothing left undelivered');
    expect(g.out()).not.toContain('warning:');
    expect(g.err()).toBe('');
  });
});
