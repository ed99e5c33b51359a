/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies and golden files are untyped JSON */
import type { ReadableSpan, Span, SpanExporter, SpanProcessor } from '../helpers/sdk.js';
import { BasicTracerProvider, resourceFromAttributes, SDK_MAJOR, SimpleSpanProcessor } from '../helpers/sdk.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { attachLLMObsSpan } from '../../src/conventions/attached-span.js';
import { LLMObsExporter } from '../../src/datadog/llmobs-exporter.js';
import { captureDiag, DATADOG_ENV_NAMES } from './diag-capture.js';
import { FAST } from './exporter-test-kit.js';
import { FakeIntake } from './fake-intake.js';
import { makeSpan } from './span-fixtures.js';

/** Stands in for LLMObsSpanProcessor: attaches a model to every span whose name starts with `llm`. */
class AttachingProcessor implements SpanProcessor {
  onStart(_span: Span): void {}
  onEnd(span: ReadableSpan): void {
    if (!span.name.startsWith('llm')) return;
    const ctx = span.spanContext();
    attachLLMObsSpan(span, makeSpan({ kind: 'llm', name: span.name, traceId: ctx.traceId, spanId: ctx.spanId, modelName: 'gpt-4o', modelProvider: 'OpenAI' }));
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

let diagLogs: ReturnType<typeof captureDiag>;
beforeEach(() => {
  for (const name of DATADOG_ENV_NAMES) vi.stubEnv(name, '');
  diagLogs = captureDiag();
});
afterEach(() => {
  vi.unstubAllEnvs();
  diagLogs.restore();
});

describe(`with the OpenTelemetry SDK ${SDK_MAJOR}.x`, () => {
  it('is a SpanExporter (structurally) and exports what the SDK hands it', async () => {
    const server = await FakeIntake.start();
    try {
      const exporter: SpanExporter = new LLMObsExporter({ ...FAST, intakeUrl: server.url });
      const provider = new BasicTracerProvider({
        resource: resourceFromAttributes({ 'service.name': 'sdk-svc', 'deployment.environment.name': 'test' }),
        spanProcessors: [new AttachingProcessor(), new SimpleSpanProcessor(exporter)],
      });
      const tracer = provider.getTracer('t');
      const span = tracer.startSpan('llm.chat');
      const spanId = span.spanContext().spanId;
      span.end();
      tracer.startSpan('http GET').end(); // not an LLM span: skipped
      await provider.forceFlush();
      await exporter.forceFlush?.();
      await provider.shutdown();

      const events = server.posts.flatMap((r) => (r.json as any[]).map((e) => e.spans[0]));
      expect(events).toHaveLength(1);
      expect(events[0].span_id).toBe(BigInt(`0x${spanId}`).toString());
      expect(events[0].meta.model_provider).toBe('openai');
      expect(events[0].tags).toEqual(expect.arrayContaining(['service:sdk-svc', 'env:test']));
      expect(diagLogs.logs.filter((l) => l.level === 'error')).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
