/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are untyped JSON */
import type { Attributes } from '@opentelemetry/api';
import { SpanKind, trace } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { OpenAIInstrumentation } from '@traceloop/instrumentation-openai';
import type * as NodeHttp from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import type * as OtelLLMObs from 'otel-llmobs';
import { LLMObsExporter, LLMObsPropagator, LLMObsSpanProcessor, llmobs } from 'otel-llmobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalServer } from './support/llmobs-kit.js';
import type { ReadableSpan, SpanProcessor } from './support/sdk.js';
import { CompositePropagator, InMemorySpanExporter, NodeTracerProvider, resourceFromAttributes, SimpleSpanProcessor, W3CTraceContextPropagator } from './support/sdk.js';
import { API_KEY, spanEvents, startFakeOpenAI, startIntake } from './support/llmobs-kit.js';

/**
 * Mixed traces with real instrumentation libraries from npm, against the built package:
 * `llmobs.trace` workflow and tool spans, OpenLLMetry's `@traceloop/instrumentation-openai` spans for
 * real `openai` SDK calls to a fake OpenAI server, and `@opentelemetry/instrumentation-http` spans in
 * between; our processor beside a stock `SimpleSpanProcessor`.
 */

const require = createRequire(import.meta.url);

let intake: LocalServer;
let openaiServer: LocalServer;
let toolServer: NodeHttp.Server;
let toolUrl = '';
let provider: NodeTracerProvider;
let stockExporter: InMemorySpanExporter;
let client: OpenAI;
const snapshots = new Map<string, Attributes>();

/** Placed before ours: what every span looked like when it ended, before our processor saw it. */
const snapshotProcessor: SpanProcessor = {
  onStart: () => {},
  onEnd: (span: ReadableSpan) => void snapshots.set(span.spanContext().spanId, structuredClone(span.attributes)),
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

beforeAll(async () => {
  intake = await startIntake();
  openaiServer = await startFakeOpenAI();
  stockExporter = new InMemorySpanExporter();
  const processor = new LLMObsSpanProcessor({
    exporter: new LLMObsExporter({ intakeUrl: intake.url, apiKey: API_KEY, flushIntervalMillis: 20 }),
    mlApp: 'mixed-app',
  });
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'mixed-svc' }),
    spanProcessors: [snapshotProcessor, processor, new SimpleSpanProcessor(stockExporter)],
  });
  provider.register({ propagator: new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new LLMObsPropagator()] }) });

  registerInstrumentations({ instrumentations: [new HttpInstrumentation()], tracerProvider: provider });
  const openaiInstrumentation = new OpenAIInstrumentation();
  openaiInstrumentation.setTracerProvider(provider);
  // The test runner loads `openai` outside Node's require hooks: patch the loaded module directly.
  openaiInstrumentation.manuallyInstrument(OpenAI);
  client = new OpenAI({ apiKey: 'sk-fake', baseURL: `${openaiServer.url}/v1` });

  // Loaded after the HTTP instrumentation is enabled, so it is the patched module.
  const http = require('node:http') as typeof NodeHttp;
  toolServer = http.createServer((req, res) => {
    // A tool behind an HTTP hop: its LLM Observability parent is the caller's workflow.
    void llmobs.trace({ kind: 'tool', name: 'lookup-city' }, async () => {
      const completion = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: `Facts about ${req.url ?? ''}` }] });
      const text = completion.choices[0]?.message.content ?? '';
      llmobs.annotate({ inputData: req.url, outputData: text });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => toolServer.listen(0, '127.0.0.1', () => resolve()));
  toolUrl = `http://127.0.0.1:${(toolServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await provider?.shutdown();
  await new Promise<void>((resolve) => toolServer?.close(() => resolve()));
  await intake?.close();
  await openaiServer?.close();
});

function httpGet(url: string): Promise<string> {
  const http = require('node:http') as typeof NodeHttp;
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let data = '';
        res.on('data', (chunk: Buffer) => (data += chunk.toString()));
        res.on('end', () => resolve(data));
      })
      .on('error', reject);
  });
}

describe('a workflow with OpenLLMetry LLM spans and an HTTP hop to a tool', () => {
  let events: any[] = [];
  let workflowExport = { traceId: '', spanId: '' };

  beforeAll(async () => {
    await llmobs.trace({ kind: 'workflow', name: 'answer-question', sessionId: 'sess-int' }, async (span) => {
      workflowExport = llmobs.exportSpan(span);
      llmobs.annotate({ inputData: 'What is the capital of France?' });
      const completion = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'What is the capital of France?' },
        ],
        temperature: 0.2,
      });
      const facts = await httpGet(`${toolUrl}/paris`);
      llmobs.annotate({ outputData: `${completion.choices[0]?.message.content ?? ''} ${facts}` });
    });
    await llmobs.flush();
    events = spanEvents(intake);
  });

  it('sends only LLM Observability spans: the workflow, the tool and both OpenAI calls (no HTTP spans)', () => {
    const kinds = events.map((e) => `${e.meta['span.kind']}:${e.name}`).sort();
    expect(kinds.filter((k) => k.startsWith('workflow') || k.startsWith('tool'))).toEqual(['tool:lookup-city', 'workflow:answer-question']);
    expect(kinds.filter((k) => k.startsWith('llm'))).toHaveLength(2);
    expect(events).toHaveLength(4);
    const stockNames = stockExporter.getFinishedSpans().map((s) => s.name);
    expect(stockNames.some((n) => n.startsWith('GET'))).toBe(true); // the HTTP spans exist, in the other pipeline
  });

  it('parents the OpenLLMetry span under the workflow, with the session, model, messages and tokens', () => {
    const workflow = events.find((e) => e.name === 'answer-question');
    const chat = events.find((e) => e.meta['span.kind'] === 'llm' && e.meta.model_name === 'gpt-4o-mini');
    expect(chat).toBeDefined();
    expect(chat.parent_id).toBe(workflow.span_id);
    expect(chat.trace_id).toBe(workflow.trace_id);
    expect(chat.session_id).toBe('sess-int');
    expect(chat.tags).toContain('ml_app:mixed-app');
    expect(chat.meta.model_provider).toBe('openai');
    expect(chat.meta.input.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'What is the capital of France?' },
    ]);
    expect(chat.meta.output.messages).toEqual([{ role: 'assistant', content: 'Paris is the capital of France.' }]);
    expect(chat.metrics).toMatchObject({ input_tokens: 12, output_tokens: 7, total_tokens: 19 });
  });

  it('skips the HTTP client and server spans: the tool’s parent is the workflow; the nested LLM call’s parent is the tool', () => {
    const workflow = events.find((e) => e.name === 'answer-question');
    const tool = events.find((e) => e.name === 'lookup-city');
    const nested = events.find((e) => e.meta['span.kind'] === 'llm' && e.meta.model_name === 'gpt-4o');
    expect(tool.parent_id).toBe(workflow.span_id);
    expect(nested.parent_id).toBe(tool.span_id);
    expect(new Set(events.map((e) => e.trace_id)).size).toBe(1);
    expect(tool.session_id).toBe('sess-int');
    expect(nested.session_id).toBe('sess-int');
    expect(tool.meta.input.value).toBe('/paris');
    // The HTTP hop really happened: a client and a server span between the workflow and the tool.
    const stock = stockExporter.getFinishedSpans();
    const toolSpan = stock.find((s) => s.name === 'lookup-city')!;
    const serverSpan = stock.find((s) => s.spanContext().spanId === toolSpan.parentSpanContext?.spanId)!;
    expect(serverSpan.name).toMatch(/^GET/);
    const clientSpan = stock.find((s) => s.spanContext().spanId === serverSpan.parentSpanContext?.spanId)!;
    expect(clientSpan.name).toMatch(/^GET/);
    expect(BigInt(`0x${clientSpan.parentSpanContext!.spanId}`).toString()).toBe(workflow.span_id);
  });

  it('exportSpan() names the workflow exactly as it was sent', () => {
    const workflow = events.find((e) => e.name === 'answer-question');
    expect(workflowExport).toEqual({ traceId: workflow.trace_id, spanId: workflow.span_id });
  });

  it('leaves the other pipeline’s spans untouched: same attributes, no _dd pollution beyond what the API writes', () => {
    const stock = stockExporter.getFinishedSpans();
    expect(stock.length).toBeGreaterThanOrEqual(6);
    for (const span of stock) {
      expect(span.attributes).toEqual(snapshots.get(span.spanContext().spanId));
      const ddKeys = Object.keys(span.attributes).filter((k) => k.startsWith('_dd'));
      if (span.instrumentationScope.name === 'otel-llmobs') {
        expect(ddKeys.every((k) => k.startsWith('_dd.ml_obs.'))).toBe(true);
      } else {
        expect(ddKeys).toEqual([]);
      }
    }
  });

  it('propagated the LLM Observability context on the HTTP hop (x-datadog-tags and tracestate)', () => {
    const client = stockExporter.getFinishedSpans().find((s) => s.name.startsWith('GET') && s.kind === SpanKind.CLIENT);
    expect(client).toBeDefined();
    // The server side saw our headers: its span carries them as the remote parent's state.
    const server = stockExporter.getFinishedSpans().find((s) => s.name.startsWith('GET') && s.kind === SpanKind.SERVER);
    expect(server?.parentSpanContext?.isRemote).toBe(true);
    expect(server?.parentSpanContext?.traceState?.get('dd')).toMatch(/t\.llmobs_parent_id:\d+/);
  });
});

describe('the ESM and CJS builds share one runtime', () => {
  it('a span made with the CJS API is processed by the ESM processor, and context keys agree', async () => {
    const cjs = require('otel-llmobs') as typeof OtelLLMObs;
    expect(cjs.llmobs).not.toBe(llmobs);
    expect(cjs.llmobs.enabled).toBe(true);
    const before = spanEvents(intake).length;
    await cjs.llmobs.trace({ kind: 'workflow', name: 'from-cjs' }, async () => {
      // The ESM API finds the span the CJS API made active.
      llmobs.trace({ kind: 'task', name: 'from-esm' }, () => {});
      await Promise.resolve();
    });
    await llmobs.flush();
    const fresh = spanEvents(intake).slice(before);
    const parent = fresh.find((e) => e.name === 'from-cjs');
    expect(fresh.find((e) => e.name === 'from-esm')?.parent_id).toBe(parent.span_id);
    expect(trace.getActiveSpan()).toBeUndefined();
  });
});
