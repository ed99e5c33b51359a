import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '../helpers/sdk.js';
import { afterEach, describe, expect, it } from 'vitest';
import { readLLMObsSpan } from '../../src/conventions/attached-span.js';
import { LLMObsExporter } from '../../src/datadog/llmobs-exporter.js';
import { LLMObsSpanProcessor } from '../../src/processor/llmobs-span-processor.js';
import type { ReadableSpanLike } from '../../src/sdk-shapes/span-shapes.js';
import { createHarness, resetRuntime } from '../processor/harness.js';

/** The processor's OTLP route: which exporter gets which attributes. */

afterEach(() => {
  resetRuntime();
  delete process.env.OTEL_LLMOBS_VENDOR_ATTRIBUTES;
});

/** OpenInference-style LLM span with a message event, as openlit / OI instrumentations emit them. */
function emitOpenInferenceLlm(h: ReturnType<typeof createHarness>): void {
  const span = h.tracer.startSpan('ChatOpenAI', {
    attributes: {
      'openinference.span.kind': 'LLM',
      'llm.model_name': 'gpt-4o-mini',
      'llm.provider': 'openai',
      'llm.input_messages.0.message.role': 'user',
      'llm.input_messages.0.message.content': 'My card is 4111 1111 1111 1111',
      'llm.output_messages.0.message.role': 'assistant',
      'llm.output_messages.0.message.content': 'Thanks',
      'llm.token_count.prompt': 12,
      'llm.token_count.completion': 2,
      'http.request.method': 'POST',
    },
  });
  span.addEvent('gen_ai.client.inference.operation.details', { 'gen_ai.input.messages': '[{"role":"user","parts":[{"type":"text","content":"My card is 4111 1111 1111 1111"}]}]' });
  span.addEvent('retry', { attempt: 1 });
  span.end();
}

describe('LLMObsSpanProcessor with an OTLP (non-Datadog) exporter', () => {
  it('hands over derived spans with canonical GenAI attributes; vendor attributes and message events are stripped by default', async () => {
    // The sensitive-data scanner is off here, to show the content as written (test/sensitive-data covers it on).
    const h = createHarness({ processor: { sensitiveData: { enabled: false } } });
    emitOpenInferenceLlm(h);
    const [derived] = await h.derived();
    const a = derived!.attributes;
    expect(a['gen_ai.operation.name']).toBe('chat');
    expect(a['gen_ai.request.model']).toBe('gpt-4o-mini');
    expect(a['gen_ai.provider.name']).toBe('openai');
    expect(a['gen_ai.usage.input_tokens']).toBe(12);
    expect(JSON.parse(a['gen_ai.input.messages'] as string)).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'My card is 4111 1111 1111 1111' }] }]);
    expect(Object.keys(a).filter((k) => k.startsWith('llm.') || k.startsWith('openinference.'))).toEqual([]);
    expect(a['http.request.method']).toBe('POST');
    expect(derived!.events.map((e) => e.name)).toEqual(['retry']);
    // The stock pipeline still sees the original span.
    const [original] = h.stockExporter.getFinishedSpans();
    expect(original!.attributes['openinference.span.kind']).toBe('LLM');
    expect(original!.events).toHaveLength(2);
    await h.shutdown();
  });

  it("a beforeExport redaction reaches every copy of the content (strip), not the vendor copies ('keep')", async () => {
    const redact = {
      beforeExport: (span: { input: Array<{ content?: string }> }) => {
        span.input = span.input.map((m) => ({ ...m, content: (m.content ?? '').replace(/\d{4}( \d{4}){3}/, '[card]') }));
        return span;
      },
      // What a hook reaches on its own; with the scanner on, the kept copies are scanned too (test/sensitive-data).
      sensitiveData: { enabled: false },
    };
    const strip = createHarness({ processor: redact as never });
    emitOpenInferenceLlm(strip);
    const [stripped] = await strip.derived();
    // The whole card number: four digits alone also occur in event timestamps.
    expect(JSON.stringify(stripped!.attributes)).not.toContain('4111 1111 1111 1111');
    expect(JSON.stringify(stripped!.events)).not.toContain('4111 1111 1111 1111');
    expect(stripped!.attributes['gen_ai.input.messages']).toContain('[card]');
    await strip.shutdown();
    resetRuntime();

    const keep = createHarness({ processor: { ...(redact as object), vendorAttributes: 'keep' } as never });
    emitOpenInferenceLlm(keep);
    const [kept] = await keep.derived();
    expect(kept!.attributes['gen_ai.input.messages']).toContain('[card]');
    // The documented trade-off of 'keep': the source convention's copy is sent as it was.
    expect(kept!.attributes['llm.input_messages.0.message.content']).toContain('4111 1111 1111 1111');
    expect(kept!.events).toHaveLength(2);
    await keep.shutdown();
  });

  it('vendorAttributes comes from OTEL_LLMOBS_VENDOR_ATTRIBUTES; a bad code value throws, a bad env value falls back to strip', async () => {
    process.env.OTEL_LLMOBS_VENDOR_ATTRIBUTES = 'keep';
    const h = createHarness();
    emitOpenInferenceLlm(h);
    const [derived] = await h.derived();
    expect(derived!.attributes['openinference.span.kind']).toBe('LLM');
    await h.shutdown();
    resetRuntime();

    process.env.OTEL_LLMOBS_VENDOR_ATTRIBUTES = 'maybe';
    const fallback = createHarness();
    emitOpenInferenceLlm(fallback);
    const [stripped] = await fallback.derived();
    expect(stripped!.attributes['openinference.span.kind']).toBeUndefined();
    await fallback.shutdown();

    expect(() => new LLMObsSpanProcessor({ vendorAttributes: 'drop' as never, exporter: { export: () => undefined, shutdown: () => Promise.resolve() } })).toThrow(
      /vendorAttributes/,
    );
  });

  it('re-parents each LLM span onto its LLM Observability parent: the plain spans in between are not exported', async () => {
    const h = createHarness();
    const agent = h.tracer.startSpan('invoke_agent planner', { attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'planner' } });
    const http = h.tracer.startSpan('POST /v1/chat/completions', { attributes: { 'http.request.method': 'POST' } }, trace.setSpan(ROOT_CONTEXT, agent));
    const chat = h.tracer.startSpan('chat gpt-4o', { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' } }, trace.setSpan(ROOT_CONTEXT, http));
    chat.end();
    http.end();
    agent.end();
    const derived = await h.derived();
    const byName = (name: string) => derived.find((d) => d.name === name)!;
    expect(derived.map((d) => d.name).sort()).toEqual(['chat gpt-4o', 'invoke_agent planner']);
    expect(byName('chat gpt-4o').parentSpanContext).toMatchObject({ traceId: agent.spanContext().traceId, spanId: agent.spanContext().spanId });
    expect(byName('invoke_agent planner').parentSpanContext).toBeUndefined();
    // The stock pipeline sees the real tree.
    expect(h.stockExporter.getFinishedSpans().find((s) => s.name === 'chat gpt-4o')!.parentSpanContext?.spanId).toBe(http.spanContext().spanId);
    await h.shutdown();
    resetRuntime();

    // With a spanFilter that exports plain spans too, the OTel tree is kept.
    const all = createHarness({ processor: { spanFilter: () => true } });
    const a = all.tracer.startSpan('invoke_agent planner', { attributes: { 'gen_ai.operation.name': 'invoke_agent' } });
    const p = all.tracer.startSpan('POST', {}, trace.setSpan(ROOT_CONTEXT, a));
    const c = all.tracer.startSpan('chat gpt-4o', { attributes: { 'gen_ai.operation.name': 'chat' } }, trace.setSpan(ROOT_CONTEXT, p));
    c.end();
    p.end();
    a.end();
    const kept = await all.derived();
    expect(kept.find((d) => d.name === 'chat gpt-4o')!.parentSpanContext?.spanId).toBe(p.spanContext().spanId);
    await all.shutdown();
  });

  it('plain spans let through by a spanFilter keep their own attributes', async () => {
    const h = createHarness({ processor: { spanFilter: () => true } });
    h.tracer.startSpan('GET /health', { attributes: { 'http.route': '/health' } }).end();
    const [plain] = await h.derived();
    expect(plain!.attributes).toEqual({ 'http.route': '/health' });
    expect(readLLMObsSpan(plain)).toBeUndefined();
    await h.shutdown();
  });
});

describe('LLMObsSpanProcessor with LLMObsExporter', () => {
  it('does not rewrite attributes (the exporter reads the attached model)', async () => {
    const received: ReadableSpanLike[] = [];
    class CapturingExporter extends LLMObsExporter {
      override export(spans: readonly ReadableSpanLike[], done: Parameters<LLMObsExporter['export']>[1]): void {
        received.push(...spans);
        done({ code: 0 });
      }
    }
    const exporter = new CapturingExporter({ intakeUrl: 'http://127.0.0.1:9', agentless: true, apiKey: 'k'.repeat(32) });
    const h = createHarness({ processor: { exporter } });
    emitOpenInferenceLlm(h);
    await h.processor.forceFlush();
    expect(received).toHaveLength(1);
    const derived = received[0] as unknown as ReadableSpan;
    expect(derived.attributes['openinference.span.kind']).toBe('LLM');
    expect(derived.attributes['gen_ai.operation.name']).toBeUndefined();
    expect(derived.events).toHaveLength(2);
    expect(readLLMObsSpan(derived)?.modelName).toBe('gpt-4o-mini');
    await h.shutdown();
  });
});
