/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are untyped JSON */
import type { ProxyTracerProvider } from '@opentelemetry/api';
import { context, defaultTextMapSetter, propagation, trace } from '@opentelemetry/api';
import { CompositePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { LLMObsExporter, LLMObsPropagator, LLMObsSpanProcessor, llmobs } from 'otel-llmobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalServer } from './support/llmobs-kit.js';
import { API_KEY, spanEvents, startIntake } from './support/llmobs-kit.js';
import { SDK_3 } from './support/sdk.js';

/**
 * SDK 2.x only: `@opentelemetry/sdk-node` 0.2xx is built on SDK 2.x and registers the global context
 * manager and tracer provider through API 1.9, which the API 1.10 of an SDK 3 run cannot read.
 */
const SDK_2_ONLY = '(SDK 2.x only: @opentelemetry/sdk-node 0.2xx registers through SDK 2.x / API 1.9)';

/**
 * `@opentelemetry/sdk-node`'s NodeSDK with our processor in `spanProcessors`, beside a stock batch
 * processor, the LLM Observability propagator in `textMapPropagator`, and the global `llmobs` API.
 * A second `LLMObsSpanProcessor` sends to an OTLP/HTTP collector: derived spans are real `ReadableSpan`s.
 */

let intake: LocalServer;
let collector: LocalServer;
let sdk: NodeSDK;
const stock = new InMemorySpanExporter();

beforeAll(async () => {
  if (SDK_3) return;
  intake = await startIntake();
  collector = await startIntake();
  sdk = new NodeSDK({
    resource: resourceFromAttributes({ 'service.name': 'node-sdk-svc' }),
    spanProcessors: [
      new LLMObsSpanProcessor({ exporter: new LLMObsExporter({ intakeUrl: intake.url, apiKey: API_KEY, flushIntervalMillis: 20 }), mlApp: 'node-sdk-app' }),
      new LLMObsSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${collector.url}/v1/traces` }), mlApp: 'node-sdk-app' }),
      new BatchSpanProcessor(stock),
    ],
    textMapPropagator: new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new LLMObsPropagator()] }),
    instrumentations: [],
  });
  sdk.start();
});

afterAll(async () => {
  await sdk?.shutdown();
  await intake?.close();
  await collector?.close();
});

describe.skipIf(SDK_3)(`NodeSDK ${SDK_3 ? SDK_2_ONLY : ''}`, () => {
  it('processes llmobs API spans and sends them to LLM Observability; the stock processor still exports everything', async () => {
    const headers: Record<string, string> = {};
    await llmobs.trace({ kind: 'agent', name: 'support-agent', sessionId: 'ticket-7' }, async () => {
      llmobs.annotate({ inputData: 'My order is late', tags: { channel: 'email' } });
      await llmobs.trace({ kind: 'llm', name: 'draft-reply', modelName: 'gpt-4o', modelProvider: 'openai' }, async () => {
        await Promise.resolve();
        llmobs.annotate({ inputData: [{ role: 'user', content: 'My order is late' }], outputData: [{ role: 'assistant', content: 'Sorry!' }], metrics: { inputTokens: 5, outputTokens: 2 } });
      });
      propagation.inject(context.active(), headers, defaultTextMapSetter);
      llmobs.annotate({ outputData: 'Sorry!' });
    });
    await llmobs.flush();

    const events = spanEvents(intake);
    expect(events.map((e) => e.name)).toEqual(['draft-reply', 'support-agent']);
    const [reply, agent] = events;
    expect(reply.parent_id).toBe(agent.span_id);
    expect(reply.meta.agent_attribution).toEqual({ pagent_name: 'support-agent', pagent_span_id: agent.span_id });
    expect(reply.session_id).toBe('ticket-7');
    expect(agent.tags).toEqual(expect.arrayContaining(['ml_app:node-sdk-app', 'service:node-sdk-svc', 'channel:email', 'session_id:ticket-7']));
    expect(reply.metrics).toEqual({ input_tokens: 5, output_tokens: 2, total_tokens: 7 });

    expect(headers['x-datadog-tags']).toContain(`_dd.p.llmobs_parent_id=${agent.span_id}`);
    expect(headers.tracestate).toMatch(/^dd=t\.llmobs_pagent_name:support-agent;.*t\.llmobs_trace_id:\d+;/);

    // The stock BatchSpanProcessor exported them too (InMemorySpanExporter forgets at shutdown: flush instead).
    await ((trace.getTracerProvider() as ProxyTracerProvider).getDelegate() as unknown as { forceFlush(): Promise<void> }).forceFlush();
    expect(stock.getFinishedSpans().map((s) => s.name).sort()).toEqual(['draft-reply', 'support-agent']);
  });

  it('an OTLP exporter behind the processor receives the derived spans, intact', () => {
    const bodies = collector.requests.filter((r) => r.path === '/v1/traces').map((r) => r.json);
    const spans = bodies.flatMap((b: any) => b.resourceSpans.flatMap((rs: any) => rs.scopeSpans.flatMap((ss: any) => ss.spans.map((s: any) => ({ ...s, scope: ss.scope.name, resource: rs.resource })))));
    expect(spans.map((s: any) => s.name).sort()).toEqual(['draft-reply', 'support-agent']);
    const reply = spans.find((s: any) => s.name === 'draft-reply');
    const agent = spans.find((s: any) => s.name === 'support-agent');
    expect(reply.parentSpanId).toBe(agent.spanId);
    expect(reply.scope).toBe('otel-llmobs');
    expect(reply.resource.attributes).toContainEqual({ key: 'service.name', value: { stringValue: 'node-sdk-svc' } });
    // Canonical OTel GenAI attributes of the model (docs/otlp.md), not the llmobs API's own `_dd.ml_obs.*` carriers.
    const keys = (reply.attributes as Array<{ key: string }>).map((a) => a.key);
    expect(keys).toEqual(expect.arrayContaining(['gen_ai.operation.name', 'gen_ai.request.model', 'gen_ai.input.messages', 'gen_ai.output.messages', 'gen_ai.usage.input_tokens', '_dd.ml_obs.ml_app']));
    expect(keys).not.toContain('_dd.ml_obs.input');
  });
});
