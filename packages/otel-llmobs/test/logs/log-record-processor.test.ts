import type { Span } from '@opentelemetry/api';
import { context, trace, TraceFlags } from '@opentelemetry/api';
import type { Logger } from '@opentelemetry/api-logs';
import { LoggerProvider } from '@opentelemetry/sdk-logs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LLMObsLogRecordProcessor } from '../../src/logs/llmobs-log-record-processor.js';
import { logEventSources } from '../../src/runtime/log-event-sources.js';
import type { Harness } from '../processor/harness.js';
import { createHarness, resetRuntime } from '../processor/harness.js';
import { blankProcessorEnv } from '../processor/env.js';
import { captureDiag } from '../datadog/diag-capture.js';

// A real Logs SDK LoggerProvider with our LogRecordProcessor, beside a real TracerProvider with our
// span processor: records are emitted the way @opentelemetry/instrumentation-openai emits them.

let harness: Harness;
let logs: LoggerProvider;
let logProcessor: LLMObsLogRecordProcessor;
let logger: Logger;

function setup(options: ConstructorParameters<typeof LLMObsLogRecordProcessor>[0] = {}): void {
  harness = createHarness();
  logProcessor = new LLMObsLogRecordProcessor(options);
  logs = new LoggerProvider({ processors: [logProcessor] });
  logger = logs.getLogger('@opentelemetry/instrumentation-openai');
}

beforeEach(() => blankProcessorEnv());

afterEach(async () => {
  await logs?.shutdown();
  await harness?.shutdown();
  resetRuntime();
  vi.unstubAllEnvs();
});

function chatSpan(): Span {
  return harness.tracer.startSpan('chat gpt-4o-mini', {
    attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.system': 'openai' },
  });
}

/** Like the instrumentation: `event.name` attribute, content in the body, the span's context. */
function emitLegacy(span: Span, name: string, body: Record<string, unknown>): void {
  logger.emit({
    context: trace.setSpan(context.active(), span),
    attributes: { 'event.name': name, 'gen_ai.system': 'openai' },
    body: body as never,
  });
}

describe('LLMObsLogRecordProcessor', () => {
  it('joins the per-message events and choices of a chat completion to its span', async () => {
    setup();
    const span = chatSpan();
    emitLegacy(span, 'gen_ai.system.message', { content: 'You answer about trains.' });
    emitLegacy(span, 'gen_ai.user.message', { content: 'Weather in Lyon?' });
    emitLegacy(span, 'gen_ai.assistant.message', {
      tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Lyon"}' } }],
    });
    emitLegacy(span, 'gen_ai.tool.message', { id: 'call_1', content: 'Sunny, 21°C' });
    emitLegacy(span, 'gen_ai.choice', { index: 0, finish_reason: 'stop', message: { content: 'It is sunny in Lyon.' } });
    span.setAttributes({ 'gen_ai.usage.input_tokens': 40, 'gen_ai.usage.output_tokens': 7 });
    span.end();

    const [llm] = await harness.exported();
    expect(llm?.kind).toBe('llm');
    expect(llm?.input.messages).toEqual([
      { role: 'system', content: 'You answer about trains.' },
      { role: 'user', content: 'Weather in Lyon?' },
      { role: 'assistant', toolCalls: [{ name: 'get_weather', arguments: { city: 'Lyon' }, toolId: 'call_1', type: 'function' }] },
      { role: 'tool', content: 'Sunny, 21°C', toolId: 'call_1' },
    ]);
    expect(llm?.output.messages).toEqual([{ role: 'assistant', content: 'It is sunny in Lyon.' }]);
    expect(llm?.metrics).toMatchObject({ input_tokens: 40, output_tokens: 7, total_tokens: 47 });
    expect(logProcessor.stats()).toMatchObject({ held: 5, joined: 5, pendingSpans: 0, late: 0, evicted: 0 });
  });

  it('is what brings the content: without it, the same span has no messages', async () => {
    harness = createHarness();
    logs = new LoggerProvider({ processors: [] });
    logger = logs.getLogger('@opentelemetry/instrumentation-openai');
    const span = chatSpan();
    emitLegacy(span, 'gen_ai.user.message', { content: 'Weather in Lyon?' });
    emitLegacy(span, 'gen_ai.choice', { index: 0, finish_reason: 'stop', message: { content: 'Sunny.' } });
    span.end();
    const [llm] = await harness.exported();
    expect(llm?.kind).toBe('llm');
    expect(llm?.input.messages).toBeUndefined();
    expect(llm?.output.messages).toBeUndefined();
  });

  it('joins the details events of a Responses API call (input and output in separate records) into one', async () => {
    setup();
    const span = chatSpan();
    const ctx = trace.setSpan(context.active(), span);
    logger.emit({
      context: ctx,
      eventName: 'gen_ai.client.inference.operation.details',
      attributes: {
        'gen_ai.provider.name': 'openai',
        'gen_ai.input.messages': [{ role: 'user', parts: [{ type: 'text', content: 'Hi there' }] }],
      },
    });
    for (const text of ['Hello!', 'How can I help?']) {
      logger.emit({
        context: ctx,
        eventName: 'gen_ai.client.inference.operation.details',
        attributes: {
          'gen_ai.provider.name': 'openai',
          'gen_ai.output.messages': [{ role: 'assistant', parts: [{ type: 'text', content: text }], finish_reason: 'stop' }],
        },
      });
    }
    span.end();

    const [llm] = await harness.exported();
    expect(llm?.input.messages).toEqual([{ role: 'user', content: 'Hi there' }]);
    expect(llm?.output.messages).toEqual([
      { role: 'assistant', content: 'Hello!' },
      { role: 'assistant', content: 'How can I help?' },
    ]);
  });

  it('ignores log records that are not GenAI events, have no span, or belong to an unsampled span', async () => {
    setup();
    const span = chatSpan();
    logger.emit({ context: trace.setSpan(context.active(), span), attributes: { 'event.name': 'http.request' }, body: 'GET /' });
    logger.emit({ attributes: { 'event.name': 'gen_ai.user.message' }, body: { content: 'no span around me' } });
    const unsampled = trace.wrapSpanContext({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: TraceFlags.NONE });
    logger.emit({ context: trace.setSpan(context.active(), unsampled), attributes: { 'event.name': 'gen_ai.user.message' }, body: { content: 'x' } });
    span.end();
    const [llm] = await harness.exported();
    expect(llm?.input.messages).toBeUndefined();
    expect(logProcessor.stats()).toMatchObject({ held: 0, pendingSpans: 0 });
  });

  it('drops a record that arrives after its span was mapped, counts it, and says so once', async () => {
    const diag = captureDiag();
    try {
      setup();
      const span = chatSpan();
      emitLegacy(span, 'gen_ai.user.message', { content: 'first' });
      span.end();
      await harness.exported();
      emitLegacy(span, 'gen_ai.choice', { index: 0, message: { content: 'too late' } });
      emitLegacy(span, 'gen_ai.choice', { index: 1, message: { content: 'also too late' } });
      expect(logProcessor.stats()).toMatchObject({ held: 1, joined: 1, late: 2, pendingSpans: 0 });
      expect(diag.logs.filter((l) => l.level === 'warn' && l.message.includes('arrived after its span'))).toHaveLength(1);
    } finally {
      diag.restore();
    }
  });

  it('holds records of spans that never end within maxPendingSpans, evicting the oldest span first', async () => {
    const diag = captureDiag();
    try {
      setup({ maxPendingSpans: 2, maxRecordsPerSpan: 2 });
      const spans = [chatSpan(), chatSpan(), chatSpan()];
      for (const span of spans) emitLegacy(span, 'gen_ai.user.message', { content: 'hello' });
      expect(logProcessor.stats()).toMatchObject({ held: 3, evicted: 1, pendingSpans: 2 });
      // The per-span cap: a third record on one span is refused.
      for (let i = 0; i < 3; i++) emitLegacy(spans[2]!, 'gen_ai.user.message', { content: `more ${i}` });
      expect(logProcessor.stats()).toMatchObject({ overLimit: 2 });
      expect(diag.logs.filter((l) => l.level === 'warn' && l.message.includes('evicted'))).toHaveLength(1);
      // The evicted span ends without its content; the others keep theirs.
      spans[0]!.end();
      spans[2]!.end();
      const exported = await harness.exported();
      expect(exported[0]?.input.messages).toBeUndefined();
      expect(exported[1]?.input.messages?.map((m) => m.content)).toEqual(['hello', 'more 0']);
      spans[1]!.end();
    } finally {
      diag.restore();
    }
  });

  it('bounds the content held in characters', () => {
    setup({ maxPendingChars: 1_000 });
    const a = chatSpan();
    const b = chatSpan();
    emitLegacy(a, 'gen_ai.user.message', { content: 'x'.repeat(600) });
    emitLegacy(b, 'gen_ai.user.message', { content: 'y'.repeat(600) });
    emitLegacy(b, 'gen_ai.user.message', { content: 'z'.repeat(2_000) });
    expect(logProcessor.stats()).toMatchObject({ held: 2, evicted: 1, overLimit: 1, pendingSpans: 1 });
    a.end();
    b.end();
  });

  it('never throws into the emitter, whatever the record holds', () => {
    setup();
    const span = chatSpan();
    const circular: Record<string, unknown> = { content: 'loop' };
    circular.self = circular;
    expect(() => emitLegacy(span, 'gen_ai.user.message', circular)).not.toThrow();
    expect(() => logProcessor.onEmit(null as never)).not.toThrow();
    expect(() => logProcessor.onEmit({ eventName: 'gen_ai.choice', get body(): unknown { throw new Error('boom'); }, spanContext: span.spanContext() })).not.toThrow();
    expect(logProcessor.stats().internalErrors).toBe(2);
    span.end();
  });

  it('rejects bad options with a TypeError naming the option', () => {
    expect(() => new LLMObsLogRecordProcessor({ maxPendingSpans: 0 })).toThrow(/maxPendingSpans is invalid/);
    expect(() => new LLMObsLogRecordProcessor({ maxRecordsPerSpan: 1.5 })).toThrow(TypeError);
    expect(() => new LLMObsLogRecordProcessor('x' as never)).toThrow(/options is invalid/);
  });

  it('stops joining at shutdown and leaves the hand-off', async () => {
    setup();
    expect(logEventSources().size).toBe(1);
    await logs.shutdown();
    expect(logEventSources().size).toBe(0);
    const span = chatSpan();
    logProcessor.onEmit({ eventName: 'gen_ai.user.message', body: { content: 'after shutdown' }, spanContext: span.spanContext() });
    span.end();
    const [llm] = await harness.exported();
    expect(llm?.input.messages).toBeUndefined();
  });
});
