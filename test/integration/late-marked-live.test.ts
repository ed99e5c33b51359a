/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are untyped JSON */
import { context } from '@opentelemetry/api';
import { traceAgent, traceChain, traceTool } from '@arizeai/openinference-core';
import * as traceloop from '@traceloop/node-server-sdk';
import OpenAI from 'openai';
import { LLMObsExporter, LLMObsSpanProcessor } from 'otel-llmobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalServer } from './support/llmobs-kit.js';
import { API_KEY, spanEvents, startFakeOpenAI, startIntake } from './support/llmobs-kit.js';
import { AsyncLocalStorageContextManager, BasicTracerProvider, InMemorySpanExporter, resourceFromAttributes, SDK_3 } from './support/sdk.js';

/**
 * Spans marked after they start (issue 15 item 1), with the real libraries running live against the
 * built package: the Traceloop SDK's `withWorkflow` / `withAgent` / `withTool` / `withTask` (bare
 * span, `traceloop.span.kind` set inside the callback) around real `openai` calls to a fake provider
 * on 127.0.0.1, and OpenInference's `traceAgent` / `traceChain` / `traceTool` helpers. Every span
 * below such a span must have it as its LLM Observability parent.
 */

const SDK_2_ONLY = '(SDK 2.x only: the Traceloop SDK builds its own NodeSDK 0.2xx on SDK 2.x / API 1.9)';

let openaiServer: LocalServer;
beforeAll(async () => {
  openaiServer = await startFakeOpenAI();
});
afterAll(async () => {
  await openaiServer?.close();
});

/** name → wire span event; ids are decimal strings on the wire. */
function byName(events: any[]): Map<string, any> {
  return new Map(events.map((e) => [e.name as string, e]));
}

describe.skipIf(SDK_3)(`the Traceloop SDK, live ${SDK_3 ? SDK_2_ONLY : ''}`, () => {
  let intake: LocalServer;
  let processor: LLMObsSpanProcessor;
  let events: any[] = [];

  beforeAll(async () => {
    intake = await startIntake();
    processor = new LLMObsSpanProcessor({ exporter: new LLMObsExporter({ intakeUrl: intake.url, apiKey: API_KEY, flushIntervalMillis: 20 }), mlApp: 'traceloop-app' });
    traceloop.initialize({
      appName: 'traceloop-late-marked',
      processor,
      // Offline: Traceloop's own exporter keeps its copy in memory (its default sends to its cloud).
      exporter: new InMemorySpanExporter(),
      disableBatch: true,
      silenceInitializationMessage: true,
      traceloopSyncEnabled: false,
      // The SDK's types resolve `openai` as CommonJS, ours as ESM: the same class at run time.
      instrumentModules: { openAI: OpenAI as never },
    });
    const client = new OpenAI({ apiKey: 'sk-fake', baseURL: `${openaiServer.url}/v1` });
    const ask = (question: string) => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] });

    await traceloop.withWorkflow({ name: 'trip_planner', associationProperties: { session_id: 'sess-tl' } }, async () => {
      await traceloop.withAgent({ name: 'planner' }, async () => {
        await ask('Where should I go?');
        await traceloop.withTool({ name: 'get_weather' }, async () => {
          await ask('Weather in Paris?');
        });
      });
      await traceloop.withTask({ name: 'summarize' }, async () => ask('Summarize the plan'));
    });
    await traceloop.forceFlush(); // Traceloop's flush covers its own processor only
    await processor.forceFlush();
    events = spanEvents(intake);
  });

  afterAll(async () => {
    await processor?.shutdown();
    await intake?.close();
  });

  it('exports the workflow, agent, tool and task spans with the right parents, and every LLM span under its entity', () => {
    const spans = byName(events);
    const workflow = spans.get('trip_planner');
    const agent = spans.get('planner');
    const tool = spans.get('get_weather');
    const task = spans.get('summarize');
    expect(workflow?.meta['span.kind']).toBe('workflow');
    expect(agent?.meta['span.kind']).toBe('agent');
    expect(tool?.meta['span.kind']).toBe('tool');
    expect(task?.meta['span.kind']).toBe('task');
    expect(workflow.parent_id).toBe('undefined');
    expect(agent.parent_id).toBe(workflow.span_id);
    expect(tool.parent_id).toBe(agent.span_id);
    expect(task.parent_id).toBe(workflow.span_id);

    const llmSpans = events.filter((e) => e.meta['span.kind'] === 'llm');
    expect(llmSpans).toHaveLength(3);
    const parents = llmSpans.map((e) => e.parent_id).sort();
    expect(parents).toEqual([agent.span_id, tool.span_id, task.span_id].sort());
    for (const e of llmSpans) {
      expect(e.trace_id).toBe(workflow.trace_id);
      expect(e.session_id).toBe('sess-tl');
      expect(e.meta.model_name).toBe('gpt-4o-mini');
      expect(e.metrics.total_tokens).toBe(19);
    }
  });

  it('attributes the spans under the agent to it (agent_attribution)', () => {
    const spans = byName(events);
    const agent = spans.get('planner');
    const tool = spans.get('get_weather');
    // The LLM span under the agent, the tool, and the LLM span inside the tool.
    const underAgent = events.filter((e) => e.parent_id === agent.span_id || e.parent_id === tool.span_id);
    expect(underAgent).toHaveLength(3);
    for (const e of underAgent) expect(e.meta.agent_attribution).toEqual({ pagent_name: 'planner', pagent_span_id: agent.span_id });
    expect(spans.get('trip_planner').meta.agent_attribution).toBeUndefined();
  });
});

describe('OpenInference helpers, live', () => {
  let intake: LocalServer;
  let provider: BasicTracerProvider;
  let events: any[] = [];

  beforeAll(async () => {
    intake = await startIntake();
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    const processor = new LLMObsSpanProcessor({ exporter: new LLMObsExporter({ intakeUrl: intake.url, apiKey: API_KEY, flushIntervalMillis: 20 }), mlApp: 'oi-app' });
    provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': 'oi-svc' }), spanProcessors: [processor] });
    const tracer = provider.getTracer('my-agent-app');

    const lookup = traceTool((city: string) => Promise.resolve(`sunny in ${city}`), { name: 'lookup_weather', tracer });
    const plan = traceChain(async (city: string) => `${await lookup(city)}: go`, { name: 'plan_trip', tracer });
    const agent = traceAgent(async (question: string) => plan(question.split(' ').at(-1) ?? ''), { name: 'travel_agent', tracer });
    await agent('Weather in Paris');
    await processor.forceFlush();
    events = spanEvents(intake);
  });

  afterAll(async () => {
    await provider?.shutdown();
    await intake?.close();
  });

  it('nests chain and tool spans under the agent span', () => {
    const spans = byName(events);
    const agent = spans.get('travel_agent');
    const chain = spans.get('plan_trip');
    const tool = spans.get('lookup_weather');
    expect(agent?.meta['span.kind']).toBe('agent');
    expect(tool?.meta['span.kind']).toBe('tool');
    expect(agent.parent_id).toBe('undefined');
    expect(chain.parent_id).toBe(agent.span_id);
    expect(tool.parent_id).toBe(chain.span_id);
  });
});
