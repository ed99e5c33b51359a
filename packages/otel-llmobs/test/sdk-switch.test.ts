import { context, trace } from '@opentelemetry/api';
import { afterAll, describe, expect, it } from 'vitest';
import { LLMObsSpanProcessor } from '../src/processor/llmobs-span-processor.js';
import { readLLMObsSpan } from '../src/conventions/attached-span.js';
import { AsyncLocalStorageContextManager, BasicTracerProvider, InMemorySpanExporter, SDK_MAJOR } from './helpers/sdk.js';

/**
 * The SDK switch (`OTEL_SDK_MAJOR`, test/helpers/sdk.ts and vitest.config.ts) does what it says: under
 * 3, the providers are SDK 3.x, and every module vitest loads shares API 1.10's globals.
 */
const globalApi = (): { version?: string } | undefined => (globalThis as Record<symbol, { version?: string } | undefined>)[Symbol.for('opentelemetry.js.api.1')];

afterAll(() => {
  context.disable();
  trace.disable();
});

describe(`OpenTelemetry SDK ${SDK_MAJOR}.x`, () => {
  it('is the SDK the switch asks for, on a Node that supports it', () => {
    expect(SDK_MAJOR).toBe(process.env.OTEL_SDK_MAJOR === '3' ? 3 : 2);
    if (SDK_MAJOR === 3) {
      const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
      expect(major > 22 || (major === 22 && minor >= 15)).toBe(true);
    }
  });

  it('registers the globals through one API copy (1.10 under SDK 3, 1.9 otherwise)', () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    expect(globalApi()?.version).toMatch(SDK_MAJOR === 3 ? /^1\.10\./ : /^1\.9\./);
  });

  it('runs our processor in that provider: the span is mapped and handed on', async () => {
    const exporter = new InMemorySpanExporter();
    const processor = new LLMObsSpanProcessor({ exporter, mlApp: 'switch' });
    const provider = new BasicTracerProvider({ spanProcessors: [processor] });
    const tracer = provider.getTracer('t');
    tracer.startActiveSpan('wf', { attributes: { '_dd.ml_obs.span_kind': 'workflow' } }, (parent) => {
      tracer.startSpan('model', { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' } }).end();
      parent.end();
    });
    await provider.forceFlush();
    const models = exporter.getFinishedSpans().map((s) => readLLMObsSpan(s));
    expect(models.map((m) => m?.kind)).toEqual(['llm', 'workflow']);
    expect(models[0]?.parentId).toBe(models[1]?.spanId);
    await provider.shutdown();
  });
});
