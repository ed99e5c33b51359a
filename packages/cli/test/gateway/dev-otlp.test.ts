/* eslint-disable @typescript-eslint/no-explicit-any -- API answers are untyped JSON */
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningDev } from '../../src/dev/run-dev.js';
import { runDev } from '../../src/dev/run-dev.js';
import { DEFAULT_RETENTION } from '../../src/dev/store/dev-store.js';
import { chatAttributes, spanFactory, waitFor, waitForAsync } from './kit.js';

/** `POST /v1/traces` on `otel-llmobs dev`: OTLP apps show up in the viewer, stored like agent traffic. */

let dev: RunningDev | undefined;
afterEach(async () => {
  await dev?.stop();
  dev = undefined;
});

describe('otel-llmobs dev: /v1/traces', () => {
  it('maps, validates and stores OTLP spans; the viewer API and the terminal show the trace', async () => {
    let output = '';
    dev = await runDev({ host: '127.0.0.1', port: 0, dbPath: ':memory:', retention: { ...DEFAULT_RETENTION }, quiet: false, color: false, write: (t) => (output += t) });
    expect(output).toContain(`otlp       OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=${dev.server.url}/v1/traces`);

    const f = spanFactory({ 'service.name': 'py-support-bot', 'deployment.environment.name': 'dev' });
    const root = f.start('invoke_agent support', { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'support', 'gen_ai.conversation.id': 'ticket-9' });
    const db = f.start('SELECT orders', { 'db.system.name': 'postgresql' }, root);
    f.end(db);
    const llm = f.start('chat gpt-4o-mini', chatAttributes('Where is my order?'), root);
    f.end(llm);
    f.end(root);
    const exporter = new OTLPTraceExporter({ url: `${dev.server.url}/v1/traces` });
    const result = await new Promise<{ code: number }>((resolve) => exporter.export(f.finished(), resolve));
    expect(result.code).toBe(0);
    await exporter.shutdown();

    const traceId = root.spanContext().traceId;
    const trace = await waitForAsync(async () => {
      const res = await fetch(`${dev!.server.url}/api/traces/${traceId}`);
      return res.status === 200 ? ((await res.json()) as any) : undefined;
    });
    const spans = trace.spans as any[];
    expect(spans.map((s) => s.name).sort()).toEqual(['chat gpt-4o-mini', 'support']);
    const agent = spans.find((s) => s.name === 'support');
    const chat = spans.find((s) => s.name === 'chat gpt-4o-mini');
    // The plain DB span is skipped; the llm span hangs off the agent.
    expect(chat.parent_id).toBe(agent.span_id);
    expect(chat.event.session_id).toBe('ticket-9');
    expect(chat.event.tags).toEqual(expect.arrayContaining(['ml_app:py-support-bot', 'service:py-support-bot', 'env:dev']));
    expect(chat.event.meta.input.messages).toEqual([{ role: 'user', content: 'Where is my order?' }]);
    expect(chat.event.metrics).toEqual({ input_tokens: 5, output_tokens: 2, total_tokens: 7 });
    expect(chat.warnings).toBe(0);

    await waitFor(() => output.includes('▸ trace'));
    expect(output).toMatch(/agent +support[\s\S]*llm +chat gpt-4o-mini/);
  });

  it('stores traces still buffered when it stops', async () => {
    dev = await runDev({ host: '127.0.0.1', port: 0, dbPath: ':memory:', retention: { ...DEFAULT_RETENTION }, quiet: true, color: false, write: () => undefined });
    const f = spanFactory({ 'service.name': 'late' });
    // No root: it would wait for one; stopping replays it anyway.
    const parent = f.start('parent');
    const llm = f.start('chat gpt-4o-mini', chatAttributes(), parent);
    f.end(llm);
    const exporter = new OTLPTraceExporter({ url: `${dev.server.url}/v1/traces` });
    await new Promise((resolve) => exporter.export(f.finished(), resolve));
    await exporter.shutdown();
    const store = dev.store;
    expect(store.summary().spans).toBe(0);
    const running = dev;
    dev = undefined;
    let spansBeforeClose = -1;
    const close = store.close.bind(store);
    store.close = () => {
      spansBeforeClose = store.summary().spans;
      close();
    };
    await running.stop();
    expect(spansBeforeClose).toBe(1);
  });
});
