/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies and golden files are untyped JSON */
import { describe, expect, it } from 'vitest';
import { encodeSpanEvent } from '../../src/datadog/encode-span-event.js';
import { DROPPED_VALUE_TEXT, encodeEnvelope, envelopeParts, MAX_PAYLOAD_BYTES } from '../../src/datadog/span-envelope.js';
import { makeSpan } from './span-fixtures.js';

const parts = envelopeParts('0.1.0');
const MiB = 1024 * 1024;

describe('encodeEnvelope', () => {
  it('wraps one event in its envelope, exactly as JSON.stringify would', () => {
    const event = encodeSpanEvent(makeSpan({ input: { value: 'é' } }), {});
    const encoded = encodeEnvelope(event, parts)!;
    expect(encoded.truncated).toBe(false);
    expect(JSON.parse(encoded.json)).toEqual({ '_dd.stage': 'raw', '_dd.tracer_version': '0.1.0', event_type: 'span', spans: [event] });
    expect(encoded.json).toContain('\\u00e9');
  });

  it('keeps an event just under 5 MiB (UTF-8 of its JSON) intact', () => {
    const small = encodeSpanEvent(makeSpan({ input: { value: '' } }), {});
    const base = JSON.stringify(small).length + '"value":""'.length + 10; // rough; adjust below
    const event = encodeSpanEvent(makeSpan({ input: { value: 'x'.repeat(MAX_PAYLOAD_BYTES - base - 200) } }), {});
    expect(Buffer.byteLength(JSON.stringify(event))).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    expect(encodeEnvelope(event, parts)!.truncated).toBe(false);
  });

  it('over 5 MiB: keeps everything but the I/O, adds dropped_io last (golden k-oversize)', () => {
    const event = encodeSpanEvent(makeSpan({ input: { value: 'x'.repeat(5 * MiB) }, output: { value: 'out' }, sessionId: 's', collectionErrors: ['e1'], metadata: { keep: true } }), {});
    const encoded = encodeEnvelope(event, parts)!;
    expect(encoded.truncated).toBe(true);
    const sent = (JSON.parse(encoded.json) as { spans: Array<Record<string, any>> }).spans[0]!;
    expect(sent.meta.input).toEqual({ value: DROPPED_VALUE_TEXT });
    expect(sent.meta.output).toEqual({ value: DROPPED_VALUE_TEXT });
    expect(sent.meta.metadata).toEqual({ keep: true });
    expect(sent.collection_errors).toEqual(['e1', 'dropped_io']);
    expect(Object.keys(sent).slice(-2)).toEqual(['session_id', 'collection_errors']);
    expect(Object.keys(sent.meta)).toEqual(Object.keys(event.meta));
  });

  it('measures UTF-8 bytes before escaping, like dd-trace: 2-byte characters count twice', () => {
    // 2.6 Mi characters of "é" = 5.2 MiB of UTF-8: over the limit although under 5 Mi characters.
    const event = encodeSpanEvent(makeSpan({ input: { value: 'é'.repeat(2.6 * MiB) } }), {});
    expect(encodeEnvelope(event, parts)!.truncated).toBe(true);
  });

  it('also truncates when the escaped form alone would not fit in a request', () => {
    // 1.5 Mi "☕": 4.5 MiB of UTF-8 (under the limit) but 9 MiB once escaped (6 bytes each).
    const event = encodeSpanEvent(makeSpan({ input: { value: '☕'.repeat(1.5 * MiB) } }), {});
    expect(Buffer.byteLength(JSON.stringify(event))).toBeLessThan(MAX_PAYLOAD_BYTES);
    const encoded = encodeEnvelope(event, parts)!;
    expect(encoded.truncated).toBe(true);
    expect(encoded.json.length).toBeLessThan(MAX_PAYLOAD_BYTES);
  });

  it('gives up (undefined) when the event is too large even without its I/O', () => {
    const event = encodeSpanEvent(makeSpan({ metadata: { huge: 'x'.repeat(6 * MiB) } }), {});
    expect(encodeEnvelope(event, parts)).toBeUndefined();
  });
});
