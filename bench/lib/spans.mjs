// Representative spans, with the attributes real instrumentations set (shapes taken from the
// captured fixtures: @traceloop/instrumentation-openai 0.27 / @traceloop/node-server-sdk, OTel GenAI
// semconv 1.37+ messages). Each scenario emits its spans through an OTel tracer and returns how
// many it emitted.
import { context, SpanKind, trace } from '@opentelemetry/api';

const OPENAI_SCOPE = { name: '@traceloop/instrumentation-openai', version: '0.27.0' };
const SDK_SCOPE = { name: '@traceloop/node-server-sdk', version: '0.27.0' };

const words = (n, seed) => {
  const vocab = ['the', 'capital', 'of', 'France', 'is', 'Paris', 'weather', 'report', 'city', 'river', 'Seine', 'museum', 'tower', 'history', 'population', 'about', 'million', 'people', 'visit', 'every', 'year'];
  let out = '';
  for (let i = 0; out.length < n; i++) out += (out ? ' ' : '') + vocab[(i * 7 + seed) % vocab.length];
  return out.slice(0, n);
};
const part = (text) => [{ type: 'text', content: text }];

// 4 messages, ~2 KB of content in all (system 300, user 700, assistant 300 in; assistant 700 out).
export const CHAT_INPUT = [
  { role: 'system', parts: part(words(300, 1)) },
  { role: 'user', parts: part(words(700, 2)) },
  { role: 'assistant', parts: part(words(300, 3)) },
];
export const CHAT_OUTPUT = [{ role: 'assistant', finish_reason: 'stop', parts: part(words(700, 4)) }];

export const CHAT_ATTRIBUTES = {
  'gen_ai.provider.name': 'openai',
  'gen_ai.operation.name': 'chat',
  'gen_ai.request.model': 'gpt-4o-mini',
  'gen_ai.request.max_tokens': 512,
  'gen_ai.request.temperature': 0.2,
  'gen_ai.request.top_p': 0.9,
  'gen_ai.input.messages': JSON.stringify(CHAT_INPUT),
  'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
  'gen_ai.response.id': 'chatcmpl-bench',
  'gen_ai.usage.input_tokens': 412,
  'gen_ai.usage.output_tokens': 160,
  'gen_ai.usage.total_tokens': 572,
  'gen_ai.response.finish_reasons': ['stop'],
  'gen_ai.output.messages': JSON.stringify(CHAT_OUTPUT),
};

export const TOOL_ATTRIBUTES = {
  'traceloop.workflow.name': 'weather_agent',
  'traceloop.entity.path': '',
  'gen_ai.agent.name': 'weather_agent',
  'traceloop.association.properties.session_id': 'sess-42',
  'traceloop.association.properties.user_id': 'user-7',
  'traceloop.entity.name': 'get_weather',
  'traceloop.span.kind': 'tool',
  'traceloop.entity.input': JSON.stringify({ args: [], kwargs: { location: 'Paris', unit: 'celsius' } }),
  'traceloop.entity.output': JSON.stringify({ temperature: 21, unit: 'celsius', location: 'Paris', summary: words(200, 5) }),
};

export const EMBEDDING_ATTRIBUTES = {
  'gen_ai.provider.name': 'openai',
  'gen_ai.operation.name': 'embeddings',
  'gen_ai.request.model': 'text-embedding-3-small',
  'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: part(words(400, 6)) }, { role: 'user', parts: part(words(400, 7)) }]),
  'gen_ai.response.model': 'text-embedding-3-small',
  'gen_ai.usage.input_tokens': 180,
  'gen_ai.embeddings.dimension.count': 1536,
};

const WORKFLOW_ATTRIBUTES = {
  'traceloop.workflow.name': 'trip_planner',
  'traceloop.association.properties.session_id': 'sess-42',
  'traceloop.association.properties.user_id': 'user-7',
  'traceloop.entity.name': 'trip_planner',
  'traceloop.entity.path': '',
  'traceloop.span.kind': 'workflow',
  'traceloop.entity.version': 2,
  'traceloop.entity.input': JSON.stringify({ args: [], kwargs: { city: 'Paris', question: words(300, 8) } }),
  'traceloop.entity.output': JSON.stringify({ summary: words(400, 9) }),
};
const TASK_ATTRIBUTES = {
  'traceloop.workflow.name': 'trip_planner',
  'traceloop.entity.path': '',
  'traceloop.association.properties.session_id': 'sess-42',
  'traceloop.entity.name': 'summarize',
  'traceloop.span.kind': 'task',
  'traceloop.entity.input': JSON.stringify({ args: [words(300, 10)], kwargs: {} }),
  'traceloop.entity.output': JSON.stringify(words(300, 11)),
};
const SMALL_CHAT_ATTRIBUTES = {
  ...CHAT_ATTRIBUTES,
  'gen_ai.input.messages': JSON.stringify([{ role: 'system', parts: part('You are a trip planner.') }, { role: 'user', parts: part(words(200, 12)) }]),
  'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', finish_reason: 'stop', parts: part(words(300, 13)) }]),
};

/** The resource every bench provider uses. */
export const RESOURCE_ATTRIBUTES = { 'service.name': 'bench-svc', 'deployment.environment.name': 'bench' };

export function tracersFor(provider) {
  return { openai: provider.getTracer(OPENAI_SCOPE.name, OPENAI_SCOPE.version), sdk: provider.getTracer(SDK_SCOPE.name, SDK_SCOPE.version) };
}

const emitOne = (tracer, name, kind, attributes, ctx) => {
  const span = tracer.startSpan(name, { kind, attributes }, ctx);
  span.end();
};

export const SCENARIOS = {
  chat: {
    title: 'chat (OpenLLMetry GenAI span, 4 messages, ~2 KB content)',
    emit: (t) => (emitOne(t.openai, 'chat gpt-4o-mini', SpanKind.CLIENT, CHAT_ATTRIBUTES), 1),
  },
  tool: {
    title: 'tool call (OpenLLMetry tool span)',
    emit: (t) => (emitOne(t.sdk, 'get_weather.tool', SpanKind.INTERNAL, TOOL_ATTRIBUTES), 1),
  },
  embedding: {
    title: 'embedding (GenAI embeddings span, 2 inputs)',
    emit: (t) => (emitOne(t.openai, 'embeddings text-embedding-3-small', SpanKind.CLIENT, EMBEDDING_ATTRIBUTES), 1),
  },
  workflow: {
    title: 'workflow with children (workflow › task › chat + tool: 4 spans)',
    emit: (t) => {
      const root = t.sdk.startSpan('trip_planner.workflow', { kind: SpanKind.INTERNAL, attributes: WORKFLOW_ATTRIBUTES });
      const rootCtx = trace.setSpan(context.active(), root);
      const task = t.sdk.startSpan('summarize.task', { kind: SpanKind.INTERNAL, attributes: TASK_ATTRIBUTES }, rootCtx);
      const taskCtx = trace.setSpan(rootCtx, task);
      emitOne(t.openai, 'chat gpt-4o-mini', SpanKind.CLIENT, SMALL_CHAT_ATTRIBUTES, taskCtx);
      emitOne(t.sdk, 'get_weather.tool', SpanKind.INTERNAL, TOOL_ATTRIBUTES, taskCtx);
      task.end();
      root.end();
      return 4;
    },
  },
};
