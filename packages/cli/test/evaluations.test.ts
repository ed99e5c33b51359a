/* eslint-disable @typescript-eslint/no-explicit-any -- API answers are untyped JSON */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseDevArgs } from '../src/dev/options.js';
import type { RunningDev } from '../src/dev/run-dev.js';
import { runDev } from '../src/dev/run-dev.js';
import { DEFAULT_RETENTION } from '../src/dev/store/dev-store.js';
import { parseGatewayArgs } from '../src/gateway/options.js';
import type { CliFakeJudge } from './helpers/fake-judge.js';
import { JUDGE_KEY, startFakeJudge } from './helpers/fake-judge.js';
import { chatAttributes, spanFactory, waitForAsync } from './gateway/kit.js';
import { spanEvent, spanPayload } from './helpers/payloads.js';
import { LLMObsExporter } from 'otel-llmobs';
import { startGateway } from '../src/gateway/gateway.js';

/** `otel-llmobs dev --evaluations` and `gateway --evaluations`: the same runner on what those servers receive. */

let judge: CliFakeJudge;
let dev: RunningDev | undefined;
let dir: string;

beforeAll(async () => {
  judge = await startFakeJudge();
  dir = mkdtempSync(join(tmpdir(), 'otel-llmobs-evals-'));
});
afterEach(async () => {
  await dev?.stop();
  dev = undefined;
});
afterAll(async () => {
  await judge.close();
  rmSync(dir, { recursive: true, force: true });
});

function evaluationsFile(content: unknown): string {
  const path = join(dir, `evals-${Math.random().toString(16).slice(2)}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('--evaluations <file.json>', () => {
  it('dev and gateway read the same object; a bad file is a usage error', () => {
    const config = { judge: { provider: 'openai', baseURL: 'http://127.0.0.1:11434/v1' }, evaluators: { toxicity: {} } };
    const path = evaluationsFile(config);
    expect(parseDevArgs(['--evaluations', path]).options.evaluations).toEqual(config);
    expect(parseGatewayArgs(['--evaluations', path], {}).options.processor?.evaluations).toEqual(config);
    expect(() => parseDevArgs(['--evaluations', evaluationsFile('{ not json')])).toThrow(/--evaluations: .* is not JSON/);
    expect(() => parseGatewayArgs(['--evaluations', join(dir, 'missing.json')], {})).toThrow(/--evaluations: cannot read/);
    expect(() => parseDevArgs(['--evaluations', evaluationsFile('[]')])).toThrow(/must hold an object/);
  });

  it('otel-llmobs dev evaluates OTLP traces and stores the results beside them, printed in the tree', async () => {
    let output = '';
    dev = await runDev({
      host: '127.0.0.1',
      port: 0,
      dbPath: ':memory:',
      retention: { ...DEFAULT_RETENTION },
      quiet: false,
      color: false,
      write: (t) => (output += t),
      evaluations: {
        judge: { provider: 'openai', apiKey: JUDGE_KEY, baseURL: `${judge.url}/v1` },
        evaluators: { toxicity: {}, failure_to_answer: {}, language_mismatch: {} },
      },
    });
    expect(output).toContain('evaluate   toxicity, failure_to_answer, language_mismatch; judged by openai at http://127.0.0.1:');

    const f = spanFactory({ 'service.name': 'py-bot' });
    const llm = f.start('chat gpt-4o-mini', chatAttributes('You are an idiot [[judge:toxicity=harassment]]'));
    f.end(llm);
    const exporter = new OTLPTraceExporter({ url: `${dev.server.url}/v1/traces` });
    await new Promise<{ code: number }>((resolve) => exporter.export(f.finished(), resolve));
    await exporter.shutdown();

    const traceId = llm.spanContext().traceId;
    const trace = await waitForAsync(async () => {
      const res = await fetch(`${dev!.server.url}/api/traces/${traceId}`);
      const body = res.status === 200 ? ((await res.json()) as any) : undefined;
      return body && body.evaluations.length >= 2 ? body : undefined;
    }, 20_000);
    const byLabel = Object.fromEntries((trace.evaluations as any[]).map((e) => [e.label, e]));
    expect(Object.keys(byLabel).sort()).toEqual(['failure_to_answer', 'toxicity']);
    expect(byLabel.toxicity).toMatchObject({ value: 'harassment', assessment: 'fail', ml_app: 'py-bot' });
    const span = (trace.spans as any[])[0];
    expect(byLabel.toxicity.join_span_id).toBe(span.span_id);
    expect(output).toMatch(/◆ \d evaluation\(s\): .*toxicity=harassment/);
  });

  it('otel-llmobs dev evaluates span events sent by dd-trace SDKs and otel-llmobs (the wire format), joined on their ids', async () => {
    dev = await runDev({
      host: '127.0.0.1',
      port: 0,
      dbPath: ':memory:',
      retention: { ...DEFAULT_RETENTION },
      quiet: true,
      color: false,
      write: () => undefined,
      evaluations: { judge: { provider: 'openai', apiKey: JUDGE_KEY, baseURL: `${judge.url}/v1` }, evaluators: { failure_to_answer: {}, language_mismatch: {} } },
    });
    const event = spanEvent({
      kind: 'llm',
      ml_app: 'ruby-shop',
      input: { messages: [{ role: 'user', content: '¿Dónde está mi pedido? Lo compré hace una semana.' }] },
      output: { messages: [{ role: 'assistant', content: 'Your order left our warehouse yesterday and arrives on Friday.' }] },
    });
    const res = await fetch(`${dev.server.url}/api/v2/llmobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: spanPayload(event) });
    expect(res.status).toBe(202);
    await res.body?.cancel();
    const trace = await waitForAsync(async () => {
      const r = await fetch(`${dev!.server.url}/api/traces/${event.trace_id}`);
      const body = r.status === 200 ? ((await r.json()) as any) : undefined;
      return body && body.evaluations.length >= 2 ? body : undefined;
    }, 20_000);
    const byLabel = Object.fromEntries((trace.evaluations as any[]).map((e) => [e.label, e]));
    expect(byLabel.language_mismatch).toMatchObject({ value: 'mismatch', assessment: 'fail', ml_app: 'ruby-shop', join_span_id: event.span_id });
    expect(byLabel.failure_to_answer).toMatchObject({ value: 'answered', assessment: 'pass', join_span_id: event.span_id });
  });

  it('otel-llmobs gateway evaluates what it replays and sends the results the spans’ way, joined on their ids', async () => {
    // The gateway sends to an otel-llmobs dev intake (agentless paths): it stores what arrives.
    dev = await runDev({ host: '127.0.0.1', port: 0, dbPath: ':memory:', retention: { ...DEFAULT_RETENTION }, quiet: true, color: false, write: () => undefined });
    const gateway = await startGateway({
      port: 0,
      exporter: new LLMObsExporter({ intakeUrl: dev.server.url, agentless: true, apiKey: 'dd-key', flushIntervalMillis: 20 }),
      buffer: { quietMs: 30, maxWaitMs: 5_000 },
      processor: { evaluations: { judge: { provider: 'openai', apiKey: JUDGE_KEY, baseURL: `${judge.url}/v1` }, evaluators: { toxicity: {} } } },
    });
    try {
      const f = spanFactory({ 'service.name': 'go-bot' });
      const llm = f.start('chat gpt-4o-mini', chatAttributes('Shut up, you stupid bot [[judge:toxicity=harassment]]'));
      f.end(llm);
      const exporter = new OTLPTraceExporter({ url: `${gateway.url}/v1/traces` });
      await new Promise<{ code: number }>((resolve) => exporter.export(f.finished(), resolve));
      await exporter.shutdown();
      const traceId = llm.spanContext().traceId;
      const trace = await waitForAsync(async () => {
        const r = await fetch(`${dev!.server.url}/api/traces/${traceId}`);
        const body = r.status === 200 ? ((await r.json()) as any) : undefined;
        return body && body.evaluations.length >= 1 ? body : undefined;
      }, 20_000);
      expect(trace.evaluations).toHaveLength(1);
      expect(trace.evaluations[0]).toMatchObject({ label: 'toxicity', value: 'harassment', assessment: 'fail', ml_app: 'go-bot', join_span_id: trace.spans[0].span_id });
      expect(gateway.stats().processor.evaluations).toMatchObject({ submitted: 1 });
    } finally {
      await gateway.close();
    }
  });
});
