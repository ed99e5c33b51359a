import type { IncomingMessage } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { decodeTraceRequestProtobuf } from '@otel-llmobs/cli';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { datadogOtlpExporterConfig, LLMObsSpanProcessor } from 'otel-llmobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY } from './support/llmobs-kit.js';
import { BatchSpanProcessor, InMemorySpanExporter, NodeTracerProvider, resourceFromAttributes } from './support/sdk.js';

/**
 * The documented dual-export setup (docs/otlp.md): LLM spans to LLM Observability through
 * Datadog's OTLP intake (`LLMObsSpanProcessor` + the stock `@opentelemetry/exporter-trace-otlp-proto`
 * configured by `datadogOtlpExporterConfig()`), and the app's usual APM pipeline, untouched, through
 * its own `BatchSpanProcessor`. The Datadog endpoint is a local server (url override) that decodes
 * the protobuf.
 */

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

let received: Received[] = [];
let close: () => Promise<void>;
let url = '';

beforeAll(async () => {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': 'application/x-protobuf' });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
  close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
});

afterAll(async () => {
  await close?.();
});

describe('dual export: LLM spans → Datadog OTLP (llmobs), everything → APM', () => {
  it('sends canonical GenAI LLM spans with the Datadog headers, and leaves the APM pipeline the original spans', async () => {
    received = [];
    const apm = new InMemorySpanExporter();
    const config = datadogOtlpExporterConfig({ apiKey: API_KEY, mlApp: 'support-bot', site: 'datadoghq.eu', url });
    const provider = new NodeTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'support-api' }),
      spanProcessors: [
        new BatchSpanProcessor(apm),
        // The same ml_app as the dd-ml-app header (both default to DD_LLMOBS_ML_APP).
        // Batching is the SDK's own BatchSpanProcessor, composed in as `next`.
        new LLMObsSpanProcessor({ mlApp: 'support-bot', next: new BatchSpanProcessor(new OTLPTraceExporter(config)) }),
      ],
    });
    const tracer = provider.getTracer('app');
    // HTTP server span → OpenLLMetry workflow → HTTP client span → OpenInference LLM call.
    const server = tracer.startSpan('POST /support', { kind: SpanKind.SERVER, attributes: { 'http.request.method': 'POST', 'http.route': '/support' } });
    const workflow = tracer.startSpan(
      'answer.workflow',
      { attributes: { 'traceloop.span.kind': 'workflow', 'traceloop.entity.name': 'answer', 'traceloop.entity.input': '{"question":"Where is my order?"}', 'traceloop.association.properties.session_id': 'ticket-9' } },
      trace.setSpan(ROOT_CONTEXT, server),
    );
    const http = tracer.startSpan('POST api.openai.com', { kind: SpanKind.CLIENT, attributes: { 'http.request.method': 'POST' } }, trace.setSpan(ROOT_CONTEXT, workflow));
    const llm = tracer.startSpan(
      'ChatCompletion',
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'openinference.span.kind': 'LLM',
          'llm.model_name': 'gpt-4o-mini',
          'llm.provider': 'openai',
          'llm.invocation_parameters': '{"temperature":0.1}',
          'llm.input_messages.0.message.role': 'user',
          'llm.input_messages.0.message.content': 'Where is my order?',
          'llm.output_messages.0.message.role': 'assistant',
          'llm.output_messages.0.message.content': 'It ships tomorrow.',
          'llm.token_count.prompt': 12,
          'llm.token_count.completion': 5,
        },
      },
      trace.setSpan(ROOT_CONTEXT, http),
    );
    llm.end();
    http.end();
    workflow.end();
    server.end();
    await provider.forceFlush();

    // Datadog OTLP intake: the documented headers, http/protobuf.
    expect(received.length).toBeGreaterThan(0);
    for (const r of received) {
      expect(r.path).toBe('/v1/traces');
      expect(r.headers['content-type']).toBe('application/x-protobuf');
      expect(r.headers['dd-api-key']).toBe(API_KEY);
      expect(r.headers['dd-otlp-source']).toBe('llmobs');
      expect(r.headers['dd-ml-app']).toBe('support-bot');
    }
    const spans = received.flatMap((r) =>
      decodeTraceRequestProtobuf(r.body).request.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => ({ ...s, resource: rs.resource.attributes })))),
    );
    // Only the LLM Observability spans, re-parented over the HTTP client span that is not sent.
    expect(spans.map((s) => s.name).sort()).toEqual(['ChatCompletion', 'answer.workflow']);
    const wf = spans.find((s) => s.name === 'answer.workflow')!;
    const chat = spans.find((s) => s.name === 'ChatCompletion')!;
    expect(wf.parentSpanId).toBeUndefined();
    expect(chat.parentSpanId).toBe(workflow.spanContext().spanId);
    expect(chat.resource['service.name']).toBe('support-api');
    // Canonical OTel GenAI attributes; none of the source conventions' keys.
    expect(chat.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.request.temperature': 0.1,
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 5,
      'gen_ai.usage.total_tokens': 17,
      'gen_ai.conversation.id': 'ticket-9',
      '_dd.ml_obs.ml_app': 'support-bot',
    });
    expect(JSON.parse(chat.attributes['gen_ai.input.messages'] as string)).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'Where is my order?' }] }]);
    expect(JSON.parse(chat.attributes['gen_ai.output.messages'] as string)).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'It ships tomorrow.' }] }]);
    expect(wf.attributes).toMatchObject({ 'gen_ai.operation.name': 'invoke_workflow', 'gen_ai.workflow.name': 'answer', 'gen_ai.conversation.id': 'ticket-9' });
    for (const s of spans) expect(Object.keys(s.attributes).filter((k) => /^(llm|openinference|traceloop)\./.test(k)), s.name).toEqual([]);

    // The APM pipeline: every span, with its original attributes.
    const original = apm.getFinishedSpans();
    expect(original.map((s) => s.name).sort()).toEqual(['ChatCompletion', 'POST /support', 'POST api.openai.com', 'answer.workflow']);
    const originalChat = original.find((s) => s.name === 'ChatCompletion')!;
    expect(originalChat.attributes['openinference.span.kind']).toBe('LLM');
    expect(originalChat.attributes['gen_ai.operation.name']).toBeUndefined();
    expect(originalChat.parentSpanContext?.spanId).toBe(http.spanContext().spanId);
    await provider.shutdown();
  });

  it('datadogOtlpExporterConfig() without a url override targets https://otlp.<site>/v1/traces', () => {
    expect(datadogOtlpExporterConfig({ apiKey: API_KEY, site: 'us5.datadoghq.com' }).url).toBe('https://otlp.us5.datadoghq.com/v1/traces');
  });
});
