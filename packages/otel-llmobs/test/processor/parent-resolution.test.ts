import type { Span } from '@opentelemetry/api';
import { context, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setPropagatedLLMObsContext } from '../../src/runtime/propagated-context.js';
import { blankProcessorEnv } from './env.js';
import type { Harness } from './harness.js';
import { byName, createHarness, LLMOBS_KIND, resetRuntime } from './harness.js';

let h: Harness;
beforeEach(() => {
  blankProcessorEnv();
});
afterEach(async () => {
  await h?.shutdown();
  resetRuntime();
  vi.unstubAllEnvs();
});

const llm = (kind: string, extra: Record<string, string> = {}) => ({ [LLMOBS_KIND]: kind, ...extra });

function child(parent: Span, name: string, attributes: Record<string, string> = {}): Span {
  return h.tracer.startSpan(name, { attributes }, trace.setSpan(ROOT_CONTEXT, parent));
}

describe('parent = nearest LLM Observability ancestor', () => {
  it('skips plain spans (HTTP, DB) between two LLM spans, and does not export them', async () => {
    h = createHarness();
    const root = h.tracer.startSpan('workflow', { attributes: llm('workflow') });
    const http = child(root, 'POST /v1/chat/completions', { 'http.request.method': 'POST' });
    const db = child(http, 'SELECT', { 'db.system': 'postgresql' });
    const model = child(db, 'chat', llm('llm'));
    model.end();
    db.end();
    http.end();
    root.end();

    const spans = await h.exported();
    expect(spans.map((s) => s.name)).toEqual(['chat', 'workflow']);
    expect(byName(spans, 'chat').parentId).toBe(root.spanContext().spanId);
    expect(byName(spans, 'workflow').parentId).toBeUndefined();
    expect(byName(spans, 'chat').traceId).toBe(root.spanContext().traceId);
  });

  it('decides at start: a parent that ends before its child (out-of-order end) is still the parent', async () => {
    h = createHarness();
    const root = h.tracer.startSpan('workflow', { attributes: llm('workflow', { '_dd.ml_obs.session_id': 's-1' }) });
    const task = child(root, 'task', llm('task'));
    root.end(); // the parent ends first
    const grandchild = child(task, 'tool', llm('tool'));
    task.end();
    grandchild.end();

    const spans = await h.exported();
    expect(spans.map((s) => s.name)).toEqual(['workflow', 'task', 'tool']);
    expect(byName(spans, 'task').parentId).toBe(root.spanContext().spanId);
    expect(byName(spans, 'tool').parentId).toBe(task.spanContext().spanId);
    expect(byName(spans, 'tool').sessionId).toBe('s-1');
  });

  it('links a child started after its whole trace ended (a callback run later) through the context it was started in', async () => {
    h = createHarness();
    const root = h.tracer.startSpan('workflow', { attributes: llm('workflow', { '_dd.ml_obs.ml_app': 'late-app' }) });
    const parentContext = trace.setSpan(ROOT_CONTEXT, root);
    root.end();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(h.processor.stats().liveSpans).toBe(0);
    const late = h.tracer.startSpan('late', { attributes: llm('task') }, parentContext);
    late.end();

    const spans = await h.exported();
    expect(byName(spans, 'late').parentId).toBe(root.spanContext().spanId);
    expect(byName(spans, 'late').mlApp).toBe('late-app');
  });

  it('takes a remote parent from propagated LLM Observability values when the local parent is unknown', async () => {
    h = createHarness();
    const remote = {
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    };
    let ctx = trace.setSpanContext(ROOT_CONTEXT, remote);
    ctx = setPropagatedLLMObsContext(ctx, {
      parentId: '7fb554457057df11',
      traceId: '6b039663000000003c828f49aba0574e',
      mlApp: 'upstream-app',
      sessionId: 'upstream-session',
      sampleRate: 1,
      samplingDecision: true,
      remoteTraceId: remote.traceId,
      tags: {},
    });
    const server = h.tracer.startSpan('GET /answer', { attributes: { 'http.route': '/answer' } }, ctx); // plain server span
    const wf = child(server, 'downstream-workflow', llm('workflow'));
    const model = child(wf, 'chat', llm('llm'));
    model.end();
    wf.end();
    server.end();

    const spans = await h.exported();
    const workflow = byName(spans, 'downstream-workflow');
    expect(workflow.parentId).toBe('7fb554457057df11');
    expect(workflow.traceId).toBe('6b039663000000003c828f49aba0574e');
    expect(workflow.apmTraceId).toBe(remote.traceId);
    expect(workflow.mlApp).toBe('upstream-app');
    expect(workflow.sessionId).toBe('upstream-session');
    const chat = byName(spans, 'chat');
    expect(chat.parentId).toBe(wf.spanContext().spanId);
    expect(chat.traceId).toBe('6b039663000000003c828f49aba0574e');
    expect(chat.apmTraceId).toBe(remote.traceId);
  });

  it('ignores propagated values that belong to another trace', async () => {
    h = createHarness();
    let ctx = trace.setSpanContext(ROOT_CONTEXT, { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1, isRemote: true });
    ctx = setPropagatedLLMObsContext(ctx, { parentId: '7fb554457057df11', mlApp: 'upstream-app', remoteTraceId: '4bf92f3577b34da6a3ce929d0e0e4736', tags: {} });
    const fresh = h.tracer.startSpan('new-root', { attributes: llm('workflow'), root: true }, ctx);
    fresh.end();
    const [span] = await h.exported();
    expect(span?.parentId).toBeUndefined();
    expect(span?.mlApp).toBe('test-app');
  });

  it('attributes spans to their nearest agent ancestor, not to the agent itself', async () => {
    h = createHarness();
    const agent = h.tracer.startSpan('planner', { attributes: llm('agent') });
    const http = child(agent, 'GET /tools');
    const tool = child(http, 'search', llm('tool'));
    const inner = child(tool, 'summarize', llm('llm'));
    inner.end();
    tool.end();
    http.end();
    agent.end();
    const spans = await h.exported();
    expect(byName(spans, 'planner').agentAttribution).toBeUndefined();
    expect(byName(spans, 'search').agentAttribution).toEqual({ name: 'planner', spanId: agent.spanContext().spanId });
    expect(byName(spans, 'summarize').agentAttribution).toEqual({ name: 'planner', spanId: agent.spanContext().spanId });
  });
});

describe('ml_app, session and user stamps', () => {
  it('ml_app: own attribute › LLM parent › propagated › option › DD_SERVICE › resource service.name', async () => {
    h = createHarness();
    const own = h.tracer.startSpan('own', { attributes: llm('workflow', { '_dd.ml_obs.ml_app': 'own-app' }) });
    const inherits = child(own, 'inherits', llm('task'));
    inherits.end();
    own.end();
    h.tracer.startSpan('option', { attributes: llm('task') }).end();
    const spans = await h.exported();
    expect(byName(spans, 'inherits').mlApp).toBe('own-app');
    expect(byName(spans, 'option').mlApp).toBe('test-app');
    await h.shutdown();

    vi.stubEnv('DD_SERVICE', 'dd-service');
    h = createHarness({ processor: { mlApp: undefined } });
    h.tracer.startSpan('svc', { attributes: llm('task') }).end();
    expect((await h.exported())[0]?.mlApp).toBe('dd-service');
    await h.shutdown();

    vi.stubEnv('DD_SERVICE', '');
    vi.stubEnv('DD_LLMOBS_ML_APP', 'env-app');
    h = createHarness({ processor: { mlApp: undefined } });
    h.tracer.startSpan('env', { attributes: llm('task') }).end();
    expect((await h.exported())[0]?.mlApp).toBe('env-app');
    await h.shutdown();

    vi.stubEnv('DD_LLMOBS_ML_APP', '');
    h = createHarness({ processor: { mlApp: undefined }, resource: { 'service.name': 'resource-svc' } });
    h.tracer.startSpan('res', { attributes: llm('task') }).end();
    expect((await h.exported())[0]?.mlApp).toBe('resource-svc');
  });

  it('session: the first session set in the local trace applies to spans registered later (siblings too), not to ancestors (golden q)', async () => {
    h = createHarness();
    const root = h.tracer.startSpan('root-no-session', { attributes: llm('workflow') });
    const withSession = child(root, 'child-with-session', llm('task', { '_dd.ml_obs.session_id': 'sess-child' }));
    const grandchild = child(withSession, 'grandchild', llm('tool'));
    grandchild.end();
    withSession.end();
    const sibling = child(root, 'later-sibling', llm('task'));
    sibling.end();
    const ownSession = child(root, 'sibling-own-session', llm('task', { '_dd.ml_obs.session_id': 'sess-other' }));
    ownSession.end();
    root.end();

    const spans = await h.exported();
    const sessions = Object.fromEntries(spans.map((s) => [s.name, s.sessionId]));
    expect(sessions).toEqual({
      grandchild: 'sess-child',
      'child-with-session': 'sess-child',
      'later-sibling': 'sess-child',
      'sibling-own-session': 'sess-other',
      'root-no-session': undefined,
    });
  });

  it('reaches third-party child spans: session and user of an API root apply to an instrumentation span below it', async () => {
    h = createHarness();
    const root = h.tracer.startSpan('handle', { attributes: llm('workflow', { '_dd.ml_obs.session_id': 'conv-9', '_dd.ml_obs.user_id': 'u-1' }) });
    const openai = child(root, 'chat gpt-4o', { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.provider.name': 'openai' });
    openai.end();
    root.end();
    const chat = byName(await h.exported(), 'chat gpt-4o');
    expect(chat.kind).toBe('llm');
    expect(chat.sessionId).toBe('conv-9');
    expect(chat.userId).toBe('u-1');
    expect(chat.tags.user_id).toBe('u-1');
    expect(chat.parentId).toBe(root.spanContext().spanId);
  });

  it('a session set on a span only at its end still seeds the trace default for later spans', async () => {
    h = createHarness();
    const root = h.tracer.startSpan('root', { attributes: llm('workflow') });
    const first = child(root, 'first', llm('task'));
    first.setAttribute('session.id', 'late-session');
    first.end();
    const second = child(root, 'second', llm('task'));
    second.end();
    root.end();
    const spans = await h.exported();
    expect(byName(spans, 'first').sessionId).toBe('late-session');
    expect(byName(spans, 'second').sessionId).toBe('late-session');
    expect(byName(spans, 'root').sessionId).toBeUndefined();
  });

  it('of several spans that end before the next start, the first that ended with a session sets the default (read after end, as at end)', async () => {
    h = createHarness();
    const root = h.tracer.startSpan('root', { attributes: llm('workflow') });
    const plain = child(root, 'http', {});
    plain.setAttribute('session.id', 'not-an-llm-span');
    plain.end();
    const none = child(root, 'none', llm('task'));
    none.end();
    const first = child(root, 'first', llm('task'));
    first.setAttribute('session.id', 'first-session');
    first.end();
    first.setAttribute('session.id', 'after-end'); // ignored by the SDK: the span ended
    const other = child(root, 'other', llm('task'));
    other.setAttribute('session.id', 'other-session');
    other.end();
    const later = child(root, 'later', llm('task'));
    later.end();
    root.end();
    const spans = await h.exported();
    expect(byName(spans, 'none').sessionId).toBeUndefined();
    expect(byName(spans, 'first').sessionId).toBe('first-session');
    expect(byName(spans, 'other').sessionId).toBe('other-session');
    expect(byName(spans, 'later').sessionId).toBe('first-session');
  });

  it('a span that becomes an LLM span only at its end is stamped then, from its recorded parent', async () => {
    h = createHarness();
    const root = h.tracer.startSpan('root', { attributes: llm('workflow', { '_dd.ml_obs.ml_app': 'root-app' }) });
    const late = child(root, 'vector query');
    late.addEvent('db.query.result', { 'db.query.result.id': 'doc-1' });
    late.end();
    root.end();
    const spans = await h.exported();
    const retrieval = byName(spans, 'vector query');
    expect(retrieval.kind).toBe('retrieval');
    expect(retrieval.parentId).toBe(root.spanContext().spanId);
    expect(retrieval.mlApp).toBe('root-app');
  });

  it('works with the API context: spans created inside context.with() of a plain span still find the LLM parent', async () => {
    h = createHarness();
    await h.llmobs.trace({ kind: 'workflow', name: 'wf' }, async () => {
      const http = h.tracer.startSpan('HTTP GET');
      await context.with(trace.setSpan(context.active(), http), async () => {
        await h.llmobs.trace({ kind: 'llm', name: 'inner' }, async () => {});
      });
      http.end();
    });
    const spans = await h.exported();
    expect(byName(spans, 'inner').parentId).toBe(byName(spans, 'wf').spanId);
  });
});
