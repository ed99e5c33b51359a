import { describe, expect, it } from 'vitest';
import { buildEvaluationTags, encodeEvaluation, encodeEvaluationPayload, validateEvaluation } from '../../src/datadog/encode-evaluation.js';
import { loadGolden } from '../helpers/golden.js';

const TRACE = '6b03964a0000000005d39bbefd979069';
const span = { traceId: TRACE, spanId: '3010199362470123731' };
const ok = { label: 'sentiment', metricType: 'categorical', value: 'positive' };
const defaults = { mlApp: 'app', now: () => 1_700_000_000_123 };
const check = (join: unknown, options: unknown, d: object = defaults) => () => validateEvaluation(join, options, d);

describe('validateEvaluation: dd-trace messages (golden j-validation notes)', () => {
  const notes = loadGolden('j-validation').notes.results as Record<string, { message: string }>;
  it.each([
    ['eval_no_ids', {}, ok],
    ['eval_bad_type', span, { ...ok, metricType: 'bogus' }],
    ['eval_bad_value', span, { label: 'l', metricType: 'score', value: 'high' }],
    ['eval_no_label', span, { ...ok, label: '' }],
    ['eval_bad_assessment', span, { ...ok, assessment: 'maybe' }],
    ['eval_tags_array', span, { ...ok, tags: ['a'] }],
    ['eval_timestamp_string', span, { ...ok, timestampMs: 'yesterday' }],
    ['eval_metadata_array', span, { ...ok, metadata: [1] }],
    ['eval_json_array_value', span, { label: 'l', metricType: 'json', value: [1] }],
  ])('%s', (name, join, options) => {
    expect(check(join, options)).toThrow(notes[name]!.message);
  });

  it('the other dd-trace messages', () => {
    expect(check(span, ok, {})).toThrow('ML App name is required for sending evaluation metrics. Evaluation metric data will not be sent.');
    expect(check({ traceId: TRACE }, ok)).toThrow('spanId and traceId must both be specified for the given evaluation metric to be submitted.');
    expect(check(undefined, ok)).toThrow('spanId and traceId must both be specified');
    expect(check(span, { label: 'l', metricType: 'categorical', value: 1 })).toThrow('value must be a string for a categorical metric.');
    expect(check(span, { label: 'l', metricType: 'boolean', value: 'yes' })).toThrow('value must be a boolean for a boolean metric');
    expect(check(span, { ...ok, reasoning: 42 })).toThrow('reasoning must be a string');
    expect(check(span, { ...ok, tags: 'a:b' })).toThrow('Failed to parse tags. Tags for evaluation metrics must be strings');
    expect(check(span, { ...ok, timestampMs: -1 })).toThrow('timestampMs must be a non-negative integer. Evaluation metric data will not be sent');
    expect(check(span, { ...ok, metricType: undefined })).toThrow('metricType must be one of "categorical", "score", "boolean" or "json"');
  });

  it('checks in dd-trace order (ids, ml_app, timestamp, label, type, value, …)', () => {
    expect(check({}, {}, {})).toThrow('spanId and traceId');
    expect(check(span, {}, {})).toThrow('ML App name');
    expect(check(span, { timestampMs: -1 })).toThrow('timestampMs');
    expect(check(span, { metricType: 'x' })).toThrow('label must be');
    expect(check(span, { label: 'l', metricType: 'x', assessment: 'maybe' })).toThrow('metricType must be');
  });

  it('accepts what dd-trace accepts: dotted labels, any-case metric types, 0 timestamp (→ now)', () => {
    const v = validateEvaluation(span, { label: 'a.b', metricType: 'JSON', value: { a: 1 }, timestampMs: 0 }, defaults);
    expect(v).toMatchObject({ label: 'a.b', metricType: 'json', timestampMs: 1_700_000_000_123 });
  });

  it('rejects values and metadata that cannot be serialized', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(check(span, { label: 'l', metricType: 'json', value: circular })).toThrow('value must be a JSON object for a json metric');
    expect(check(span, { ...ok, metadata: { big: 1n } })).toThrow('metadata must be a JSON object');
    expect(check(span, { label: 'l', metricType: 'score', value: Number.NaN })).toThrow('value must be a number for a score metric.');
  });
});

describe('joins', () => {
  const encode = (join: unknown) => encodeEvaluation(validateEvaluation(join, ok, defaults)).join_on;

  it('decimal span id (what exportSpan returns) is sent as is', () => {
    expect(encode(span)).toEqual({ span: { span_id: '3010199362470123731', trace_id: TRACE } });
  });

  it('an OTel SpanContext (hex ids, has traceFlags) is converted', () => {
    expect(encode({ traceId: TRACE.toUpperCase(), spanId: '29c6605f172398d3', traceFlags: 1 })).toEqual({
      span: { span_id: BigInt('0x29c6605f172398d3').toString(), trace_id: TRACE },
    });
    // all-digit hex is still hex when it comes from a SpanContext
    expect(encode({ traceId: TRACE, spanId: '1234567890123456', traceFlags: 0 })).toEqual({
      span: { span_id: BigInt('0x1234567890123456').toString(), trace_id: TRACE },
    });
  });

  it('a hex span id with letters in a plain object is converted too', () => {
    expect(encode({ traceId: TRACE, spanId: 'ffffffffffffffff' })).toEqual({ span: { span_id: '18446744073709551615', trace_id: TRACE } });
  });

  it('join by tag, like dd-trace-py', () => {
    expect(encode({ tag: { key: 'msg_id', value: 'abc' } })).toEqual({ tag: { key: 'msg_id', value: 'abc' } });
    expect(() => encode({ tag: { key: 'msg_id' } })).toThrow('tag must be an object with a non-empty string key and value');
    expect(() => encode({ ...span, tag: { key: 'k', value: 'v' } })).toThrow('Exactly one of a span');
  });

  it('malformed ids are refused (they would never join)', () => {
    expect(() => encode({ traceId: 'abc', spanId: '1' })).toThrow('traceId must be the 32-character hex trace id of the span.');
    expect(() => encode({ traceId: TRACE, spanId: 'not-an-id' })).toThrow('spanId must be the decimal span id');
  });
});

describe('encodeEvaluation', () => {
  it('emits fields in dd-trace order, optional ones only when given', () => {
    const metric = encodeEvaluation(
      validateEvaluation(span, { ...ok, metricType: 'score', value: 0.87, assessment: 'pass', metadata: { judge: 'x' }, reasoning: 'r', mlApp: 'other' }, defaults),
    );
    expect(Object.keys(metric)).toEqual([
      'event_kind', 'join_on', 'label', 'metric_type', 'ml_app', 'score_value', 'timestamp_ms', 'tags', 'reasoning', 'metadata', 'assessment',
    ]);
    expect(metric.ml_app).toBe('other');
    expect(metric.tags).toEqual(['ml_app:other']);
    expect(Object.keys(encodeEvaluation(validateEvaluation(span, ok, defaults)))).toEqual([
      'event_kind', 'join_on', 'label', 'metric_type', 'ml_app', 'categorical_value', 'timestamp_ms', 'tags',
    ]);
  });

  it('payload envelope and ASCII escaping', () => {
    const metric = encodeEvaluation(validateEvaluation(span, { ...ok, value: 'très bien' }, defaults));
    const raw = encodeEvaluationPayload([metric]);
    expect(raw.startsWith('{"data":{"type":"evaluation_metric","attributes":{"metrics":[{"event_kind":"evaluation"')).toBe(true);
    expect(raw).toContain('tr\\u00e8s bien');
    expect(encodeEvaluationPayload([])).toBe('{"data":{"type":"evaluation_metric","attributes":{"metrics":[]}}}');
  });
});

describe('buildEvaluationTags', () => {
  it('ml_app first, user tags converted with toString, source:otel last when asked', () => {
    expect(buildEvaluationTags({ evaluator: 'rule-based', n: 3, flag: true, none: null, undef: undefined }, 'app', true)).toEqual([
      'ml_app:app', 'evaluator:rule-based', 'n:3', 'flag:true', 'none:null', 'undef:undefined', 'source:otel',
    ]);
  });

  it('user tags replace ml_app/source in place (dd-trace object semantics); null-prototype objects are refused', () => {
    expect(buildEvaluationTags({ ml_app: 'x', source: 'mine' }, 'app', true)).toEqual(['ml_app:x', 'source:otel']);
    expect(() => buildEvaluationTags({ bad: Object.create(null) }, 'app', false)).toThrow('Failed to parse tags');
  });
});
