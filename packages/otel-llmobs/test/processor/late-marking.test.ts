import type { Span } from '@opentelemetry/api';
import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { blankProcessorEnv } from './env.js';
import type { Harness } from './harness.js';
import { byName, createHarness, resetRuntime } from './harness.js';

// Spans whose convention marker is set after they started, as real libraries do (issue 15 item 1),
// through the real OTel SDK: the tree must be right whenever the marker is on the span by the time
// its LLM children are placed.

let h: Harness;
beforeEach(() => {
  blankProcessorEnv();
});
afterEach(async () => {
  await h?.shutdown();
  resetRuntime();
  vi.unstubAllEnvs();
});

const CHAT = { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.provider.name': 'openai' };

/** The Traceloop SDK's `withEntity`: a bare active span, its kind and name set inside the callback. */
function withTraceloopEntity<T>(kind: string, name: string, fn: () => T): T {
  return h.provider.getTracer('@traceloop/node-server-sdk').startActiveSpan(`${name}.${kind}`, {}, (span) => {
    if (kind === 'workflow' || kind === 'agent') span.setAttribute('traceloop.workflow.name', name);
    span.setAttribute('traceloop.entity.name', name);
    span.setAttribute('traceloop.span.kind', kind);
    try {
      return fn();
    } finally {
      span.end();
    }
  });
}

function chat(name = 'openai.chat'): void {
  h.provider.getTracer('@traceloop/instrumentation-openai').startSpan(name, { attributes: CHAT }).end();
}

describe('spans marked after start become LLM Observability parents', () => {
  it('Traceloop-style withWorkflow › withAgent › withTool, and a chat span: the whole tree, with agent attribution', async () => {
    h = createHarness();
    withTraceloopEntity('workflow', 'trip', () => {
      withTraceloopEntity('agent', 'planner', () => {
        chat();
        withTraceloopEntity('tool', 'get_weather', () => chat('openai.chat.in-tool'));
      });
    });
    const spans = await h.exported();
    const workflow = byName(spans, 'trip');
    const agent = byName(spans, 'planner');
    const tool = byName(spans, 'get_weather');
    expect(workflow.kind).toBe('workflow');
    expect(workflow.parentId).toBeUndefined();
    expect(agent.kind).toBe('agent');
    expect(agent.parentId).toBe(workflow.spanId);
    expect(tool.kind).toBe('tool');
    expect(tool.parentId).toBe(agent.spanId);
    expect(byName(spans, 'openai.chat').parentId).toBe(agent.spanId);
    expect(byName(spans, 'openai.chat.in-tool').parentId).toBe(tool.spanId);
    // Children are attributed to the agent above them, by the name it got after start.
    expect(byName(spans, 'openai.chat').agentAttribution).toEqual({ name: 'planner', spanId: agent.spanId });
    expect(tool.agentAttribution).toEqual({ name: 'planner', spanId: agent.spanId });
  });

  it('OpenInference-style startSpan then setAttributes: the agent is the parent of the LLM span started in its context', async () => {
    h = createHarness();
    const tracer = h.provider.getTracer('my-app');
    const agent = tracer.startSpan('research-agent');
    agent.setAttributes({ 'openinference.span.kind': 'AGENT', 'input.value': 'question', 'session.id': 'sess-oi' });
    context.with(trace.setSpan(context.active(), agent), () => {
      const llm = tracer.startSpan('ChatOpenAI');
      llm.setAttributes({ 'openinference.span.kind': 'LLM', 'llm.model_name': 'gpt-4o-mini' });
      llm.end();
    });
    agent.end();
    const spans = await h.exported();
    expect(byName(spans, 'ChatOpenAI').parentId).toBe(agent.spanContext().spanId);
    expect(byName(spans, 'ChatOpenAI').sessionId).toBe('sess-oi');
    expect(byName(spans, 'research-agent').kind).toBe('agent');
  });

  it('a parent put in the context wrapped (OpenInference OISpan: the SDK span as `.span`) is looked at through the wrapper', async () => {
    h = createHarness();
    const tracer = h.provider.getTracer('my-app');
    const sdkSpan = tracer.startSpan('wrapped-agent');
    sdkSpan.setAttribute('openinference.span.kind', 'AGENT');
    const wrapper = { span: sdkSpan, spanContext: () => sdkSpan.spanContext(), isRecording: () => true };
    const llm = tracer.startSpan('llm', { attributes: { 'openinference.span.kind': 'LLM' } }, trace.setSpan(ROOT_CONTEXT, wrapper as unknown as Span));
    llm.end();
    sdkSpan.end();
    const spans = await h.exported();
    expect(byName(spans, 'llm').parentId).toBe(sdkSpan.spanContext().spanId);
  });

  it("OpenInference's LangChain tracer: spans start bare and children get only the parent's ids in their context, yet the tree is whole", async () => {
    h = createHarness();
    // OITracer starts every span without attributes and sets them right after; the LangChain
    // tracer parents each run with trace.setSpanContext (a non-recording wrapper of the ids).
    const tracer = h.provider.getTracer('@arizeai/openinference-instrumentation-langchain', '4.1.1');
    const start = (name: string, kind: string, parent?: Span): Span => {
      const span = tracer.startSpan(name, {}, parent ? trace.setSpanContext(ROOT_CONTEXT, parent.spanContext()) : ROOT_CONTEXT);
      span.setAttributes({ 'openinference.span.kind': kind });
      return span;
    };
    const chain = start('plan-trip', 'CHAIN');
    const llm = start('ChatOpenAI', 'LLM', chain);
    llm.setAttributes({ 'llm.model_name': 'gpt-4o-mini' });
    llm.end();
    const tool = start('get_weather', 'TOOL', chain);
    tool.end();
    await new Promise((resolve) => setTimeout(resolve, 5)); // the children are placed before the chain ends
    chain.end();
    const spans = await h.exported();
    expect(byName(spans, 'plan-trip').parentId).toBeUndefined();
    expect(byName(spans, 'ChatOpenAI').parentId).toBe(chain.spanContext().spanId);
    expect(byName(spans, 'get_weather').parentId).toBe(chain.spanContext().spanId);
    expect(h.processor.stats().liveSpans).toBe(0);
  });

  it('a marker set while the child runs, or after the child ended in the same task, still makes the parent its parent', async () => {
    h = createHarness();
    const tracer = h.provider.getTracer('app');
    const whileRunning = tracer.startSpan('agent-a');
    const childA = tracer.startSpan('chat-a', { attributes: CHAT }, trace.setSpan(ROOT_CONTEXT, whileRunning));
    whileRunning.setAttribute('gen_ai.operation.name', 'invoke_agent');
    childA.end();
    whileRunning.end();

    const afterEnd = tracer.startSpan('agent-b');
    const childB = tracer.startSpan('chat-b', { attributes: CHAT }, trace.setSpan(ROOT_CONTEXT, afterEnd));
    childB.end();
    afterEnd.setAttributes({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'B' });
    afterEnd.end();

    const spans = await h.exported();
    expect(byName(spans, 'chat-a').parentId).toBe(whileRunning.spanContext().spanId);
    expect(byName(spans, 'chat-b').parentId).toBe(afterEnd.spanContext().spanId);
    expect(byName(spans, 'chat-b').agentAttribution).toEqual({ name: 'B', spanId: afterEnd.spanContext().spanId });
    expect(byName(spans, 'B').kind).toBe('agent');
  });

  it('a late-marked span under an LLM workflow keeps its own place, and a plain span between it and its child is skipped', async () => {
    h = createHarness();
    const tracer = h.provider.getTracer('app');
    const root = tracer.startSpan('root', { attributes: { 'traceloop.span.kind': 'workflow', 'traceloop.entity.name': 'root' } });
    const task = tracer.startSpan('step', {}, trace.setSpan(ROOT_CONTEXT, root));
    task.setAttributes({ 'traceloop.span.kind': 'task', 'traceloop.entity.name': 'step' });
    const http = tracer.startSpan('POST /v1/chat/completions', { attributes: { 'http.request.method': 'POST' } }, trace.setSpan(ROOT_CONTEXT, task));
    const model = tracer.startSpan('chat', { attributes: CHAT }, trace.setSpan(ROOT_CONTEXT, http));
    model.end();
    http.end();
    task.end();
    root.end();
    const spans = await h.exported();
    expect(spans.map((s) => s.name).sort()).toEqual(['chat', 'root', 'step']);
    expect(byName(spans, 'step').parentId).toBe(root.spanContext().spanId);
    expect(byName(spans, 'chat').parentId).toBe(task.spanContext().spanId);
  });

  it('children started after the late-marked parent ended (a callback run later) still find it', async () => {
    h = createHarness();
    const tracer = h.provider.getTracer('app');
    const parent = tracer.startSpan('wf');
    parent.setAttribute('traceloop.span.kind', 'workflow');
    const parentContext = trace.setSpan(ROOT_CONTEXT, parent);
    parent.end();
    await new Promise((resolve) => setTimeout(resolve, 5));
    tracer.startSpan('later', { attributes: CHAT }, parentContext).end();
    const spans = await h.exported();
    expect(byName(spans, 'later').parentId).toBe(parent.spanContext().spanId);
  });

  it('holds nothing for plain traffic: plain spans with plain children are not remembered', async () => {
    h = createHarness();
    const tracer = h.provider.getTracer('app');
    const spans: Span[] = [];
    const request = tracer.startSpan('GET /health', { attributes: { 'http.request.method': 'GET' } });
    for (let i = 0; i < 50; i++) spans.push(tracer.startSpan(`SELECT ${i}`, { attributes: { 'db.system': 'postgresql' } }, trace.setSpan(ROOT_CONTEXT, request)));
    expect(h.processor.stats().liveSpans).toBe(0);
    for (const span of spans) span.end();
    request.end();
    await h.processor.forceFlush();
    expect(h.processor.stats().liveSpans).toBe(0);
    expect(await h.exported()).toEqual([]);
  });
});
