import { SpanStatusCode } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { blankProcessorEnv } from '../processor/env.js';
import type { Harness } from '../processor/harness.js';
import { createHarness, resetRuntime } from '../processor/harness.js';

const EMAIL = 'okafor.daniel@outlook.com';
const CARD = '4539 1488 0343 6467';
const KEY = 'AKIASXQ6G2GKQZGXC43Z';

let h: Harness | undefined;
beforeEach(() => blankProcessorEnv());
afterEach(async () => {
  await h?.shutdown();
  h = undefined;
  resetRuntime();
  vi.unstubAllEnvs();
});

/** An OpenInference LLM span with content in vendor attributes, a GenAI event, an exception event, a status message and a link. */
function emitOpenInference(target: Harness): void {
  const other = target.tracer.startSpan('other');
  const span = target.tracer.startSpan('ChatOpenAI', {
    attributes: {
      'openinference.span.kind': 'LLM',
      'llm.model_name': 'gpt-4o-mini',
      'llm.provider': 'openai',
      'llm.input_messages.0.message.role': 'user',
      'llm.input_messages.0.message.content': `My card is ${CARD}, mail ${EMAIL}`,
      'llm.output_messages.0.message.role': 'assistant',
      'llm.output_messages.0.message.content': 'Thanks',
      'input.value': `card ${CARD}`,
      'app.customer.email': EMAIL,
      'app.tags': [`owner ${EMAIL}`, 'plain'],
    },
    links: [{ context: other.spanContext(), attributes: { 'link.note': `from ${EMAIL}` } }],
  });
  span.addEvent('gen_ai.client.inference.operation.details', { 'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: `card ${CARD}` }] }]) });
  span.recordException(new Error(`upstream rejected key ${KEY}`));
  span.setStatus({ code: SpanStatusCode.ERROR, message: `failed for ${EMAIL}` });
  span.end();
  other.end();
}

const everything = (s: unknown): string => JSON.stringify(s, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));

describe('OTLP output of the sensitive-data stage', () => {
  it.each(['strip', 'keep'] as const)('vendorAttributes %s: canonical attributes come from the redacted model; copied attributes, events, status and links are scanned', async (vendorAttributes) => {
    h = createHarness({ processor: { vendorAttributes } });
    emitOpenInference(h);
    const [derived] = await h.derived();
    const sent = everything({ attributes: derived!.attributes, events: derived!.events, status: derived!.status, links: derived!.links.map((l) => l.attributes) });
    for (const gold of [EMAIL, CARD, KEY, '4539148803436467']) expect(sent).not.toContain(gold);
    expect(derived!.attributes['gen_ai.input.messages']).toContain('**** **** **** 6467');
    expect(derived!.attributes['app.customer.email']).toBe('[REDACTED:EMAIL_ADDRESS]');
    expect(derived!.attributes['app.tags']).toEqual(['owner [REDACTED:EMAIL_ADDRESS]', 'plain']);
    expect(derived!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'failed for [REDACTED:EMAIL_ADDRESS]' });
    expect(derived!.links[0]!.attributes).toEqual({ 'link.note': 'from [REDACTED:EMAIL_ADDRESS]' });
    const exception = derived!.events.find((e) => e.name === 'exception');
    expect(exception!.attributes!['exception.message']).toBe('upstream rejected key [REDACTED:AWS_ACCESS_KEY_ID]');
    if (vendorAttributes === 'keep') {
      expect(derived!.attributes['llm.input_messages.0.message.content']).toBe('My card is **** **** **** 6467, mail [REDACTED:EMAIL_ADDRESS]');
      expect(derived!.attributes['input.value']).toBe('card **** **** **** 6467');
      expect(derived!.events.map((e) => e.name)).toContain('gen_ai.client.inference.operation.details');
    }
    expect(derived!.attributes['llmobs.sensitive_data.action']).toBe('redacted');
    expect(derived!.attributes['llmobs.sensitive_data.entities']).toEqual(expect.arrayContaining(['CREDIT_CARD', 'EMAIL_ADDRESS']));
    expect(derived!.attributes['llmobs.sensitive_data.count']).toBeGreaterThanOrEqual(2);

    // The application's span, shared with the stock pipeline, is untouched.
    const original = h.stockExporter.getFinishedSpans().find((s) => s.name === 'ChatOpenAI')!;
    expect(original.attributes['llm.input_messages.0.message.content']).toBe(`My card is ${CARD}, mail ${EMAIL}`);
    expect(original.status.message).toBe(`failed for ${EMAIL}`);
    expect(original.links[0]!.attributes).toEqual({ 'link.note': `from ${EMAIL}` });
    expect(original.events.find((e) => e.name === 'exception')!.attributes!['exception.message']).toContain(KEY);
    expect(h.processor.stats().sensitiveData.sdsMatches).toBeGreaterThanOrEqual(6);
  });

  it('with the scanner off, OTLP spans carry the content as written and no sensitive_data attributes', async () => {
    h = createHarness({ processor: { vendorAttributes: 'keep', sensitiveData: { enabled: false } } });
    emitOpenInference(h);
    const [derived] = await h.derived();
    expect(derived!.attributes['llm.input_messages.0.message.content']).toBe(`My card is ${CARD}, mail ${EMAIL}`);
    expect(derived!.status.message).toBe(`failed for ${EMAIL}`);
    expect(Object.keys(derived!.attributes).filter((k) => k.startsWith('llmobs.sensitive_data'))).toEqual([]);
  });
});
