import { trace } from '@opentelemetry/api';
import { registerOTel } from '@vercel/otel';
import { LLMObsExporter, LLMObsSpanProcessor, llmobs } from 'otel-llmobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalServer } from './support/llmobs-kit.js';
import { API_KEY, spanEvents, startIntake } from './support/llmobs-kit.js';
import { SDK_3 } from './support/sdk.js';

/** SDK 2.x only: `@vercel/otel` 2.x is built on SDK 2.x and registers its globals through API 1.9. */
const SDK_2_ONLY = '(SDK 2.x only: @vercel/otel 2.x registers through SDK 2.x / API 1.9)';

/** `@vercel/otel`'s `registerOTel({ spanProcessors })` with our processor (Node runtime). */

let intake: LocalServer;
let processor: LLMObsSpanProcessor;

beforeAll(async () => {
  if (SDK_3) return;
  intake = await startIntake();
  processor = new LLMObsSpanProcessor({
    exporter: new LLMObsExporter({ intakeUrl: intake.url, apiKey: API_KEY, flushIntervalMillis: 20 }),
    mode: 'immediate',
  });
  registerOTel({ serviceName: 'vercel-svc', spanProcessors: [processor], traceExporter: undefined });
});

afterAll(async () => {
  await processor?.shutdown();
  await intake?.close();
});

describe.skipIf(SDK_3)(`@vercel/otel ${SDK_3 ? SDK_2_ONLY : ''}`, () => {
  it('runs our processor from registerOTel({ spanProcessors }) and uses the service name as ml_app fallback', async () => {
    await llmobs.trace({ kind: 'workflow', name: 'route-handler' }, async () => {
      await llmobs.trace({ kind: 'retrieval', name: 'search' }, async () => {
        await Promise.resolve();
        llmobs.annotate({ inputData: 'query', outputData: [{ text: 'doc', id: '1', score: 0.5 }] });
      });
      // A plain span from the app, as @vercel/otel's fetch instrumentation would create.
      trace.getTracer('app').startSpan('fetch GET https://example.test').end();
    });
    await llmobs.flush();
    const events = spanEvents(intake);
    expect(events.map((e) => e.name)).toEqual(['search', 'route-handler']);
    expect(events[0].parent_id).toBe(events[1].span_id);
    expect(events[0].meta.output.documents).toEqual([{ text: 'doc', id: '1', score: 0.5 }]);
    for (const e of events) expect(e.tags).toContain('ml_app:vercel-svc');
  });
});
