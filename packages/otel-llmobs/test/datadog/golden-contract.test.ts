/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies and golden files are untyped JSON */
import { describe, expect, it } from 'vitest';
import { encodeEvaluation, encodeEvaluationPayload, validateEvaluation } from '../../src/datadog/encode-evaluation.js';
import { encodeSpanEvent } from '../../src/datadog/encode-span-event.js';
import { encodeSpanEventsPayload } from '../../src/datadog/encode-span-events-payload.js';
import { escapeNonAscii, stringifyAscii } from '../../src/datadog/json-ascii.js';
import { DROPPED_VALUE_TEXT, MAX_PAYLOAD_BYTES } from '../../src/datadog/span-envelope.js';
import { TRACER_VERSION } from '../../src/internal/version.js';
import {
  checkSpanPayloadShape,
  createNormalizer,
  expectSamePayload,
  goldenEventToSpan,
  goldenMetricToEvaluation,
  isEvaluationRequest,
  isSpanRequest,
  listGoldenFiles,
  loadGolden,
  normalizeSpanPayload,
} from '../helpers/golden.js';

const files = listGoldenFiles();
const withSpans = files.filter((f) => loadGolden(f).requests.some(isSpanRequest));
const withEvaluations = files.filter((f) => loadGolden(f).requests.some(isEvaluationRequest));

/** Re-encode every event of a golden span request from its canonical model. */
function reencode(file: string, body: unknown[]): unknown[] {
  const events = (body as Array<{ spans: unknown[] }>).flatMap((envelope) => envelope.spans);
  const spans = events.map((event) => {
    const { span, ctx } = goldenEventToSpan(event);
    if (file === 'k-oversize.json') {
      // The golden event was truncated by dd-trace; give ours the oversize I/O it had.
      span.input = { value: 'x'.repeat(MAX_PAYLOAD_BYTES) };
      span.output = { value: 'y' };
    }
    return encodeSpanEvent(span, ctx);
  });
  return JSON.parse(encodeSpanEventsPayload(spans)) as unknown[];
}

describe('golden contract: span payloads match dd-trace-js 6.21.0', () => {
  it('covers the scenarios with span payloads', () => {
    for (const s of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q']) {
      expect(withSpans.some((f) => f.startsWith(`${s}-`)), s).toBe(true);
    }
  });

  describe.each(withSpans)('%s', (file) => {
    const golden = loadGolden(file);
    it('re-encodes to the same structure, values and key order', () => {
      for (const request of golden.requests.filter(isSpanRequest)) {
        const ours = reencode(file, request.body as unknown[]);
        expectSamePayload(ours, request.body);
        expect(checkSpanPayloadShape(ours)).toEqual([]);
        expect(checkSpanPayloadShape(request.body)).toEqual([]);
      }
    });
  });

  it('derives the service identity that captured_with says dd-trace ran with', () => {
    const golden = loadGolden('a-llm-basic');
    const { ctx, span } = goldenEventToSpan((golden.requests.find(isSpanRequest)!.body as any[])[0].spans[0]);
    const env = golden.captured_with.env;
    expect(ctx).toMatchObject({ service: env.DD_SERVICE, env: env.DD_ENV, version: env.DD_VERSION });
    expect(ctx.ddTags!.map(([k, v]) => `${k}:${v}`).join(',')).toBe(env.DD_TAGS);
    expect(span.mlApp).toBe(env.DD_LLMOBS_ML_APP);
  });

  it('sends our version as _dd.tracer_version and never a ddtrace.version tag', () => {
    const golden = loadGolden('a-llm-basic');
    const ours = reencode('a-llm-basic.json', golden.requests.find(isSpanRequest)!.body as unknown[]) as any[];
    expect(ours[0]['_dd.tracer_version']).toBe(TRACER_VERSION);
    expect(ours[0].spans[0].tags.some((t: string) => t.startsWith('ddtrace.version:'))).toBe(false);
  });

  it('k-oversize: keeps everything but the I/O, and adds dropped_io', () => {
    const golden = loadGolden('k-oversize');
    const request = golden.requests.find(isSpanRequest)!;
    const ours = reencode('k-oversize.json', request.body as unknown[]) as any[];
    expect(ours[0].spans[0].meta.input).toEqual({ value: DROPPED_VALUE_TEXT });
    expect(ours[0].spans[0].collection_errors).toEqual(['dropped_io']);
    expectSamePayload(ours, request.body);
  });
});

describe('golden contract: body bytes (non-ASCII escaping)', () => {
  it('our escaper reproduces every captured body_raw byte for byte', () => {
    let checked = 0;
    for (const file of files) {
      for (const request of loadGolden(file).requests) {
        if (typeof request.body_raw !== 'string' || request.body_raw === '' || request.body === undefined) continue;
        expect(escapeNonAscii(JSON.stringify(request.body)), `${file} ${request.path}`).toBe(request.body_raw);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('scenario a: café ☕ is sent as caf\\u00e9 \\u2615, and the raw body matches after normalization', () => {
    const golden = loadGolden('a-llm-basic');
    const request = golden.requests.find(isSpanRequest)!;
    const { span, ctx } = goldenEventToSpan((request.body as any[])[0].spans[0]);
    const raw = encodeSpanEventsPayload([span], ctx);
    expect(raw).toContain('Say hello in French (caf\\u00e9 \\u2615).');
    expect(/^[\x20-\x7e]*$/.test(raw)).toBe(true);
    expect(request.body_raw).toContain('caf\\u00e9 \\u2615');
    // Same bytes once ids, timestamps and versions are normalized on both sides.
    const normalizedRaw = (text: string) => stringifyAscii(normalizeSpanPayload(JSON.parse(text), createNormalizer()));
    expect(normalizedRaw(raw)).toBe(normalizedRaw(request.body_raw!));
  });
});

describe('golden contract: evaluation payloads', () => {
  describe.each(withEvaluations)('%s', (file) => {
    const golden = loadGolden(file);
    it('encodes the same metrics (evaluations; feedback is out of scope)', () => {
      for (const request of golden.requests.filter(isEvaluationRequest)) {
        const expected = {
          data: {
            type: request.body.data.type,
            // j-validation joins on the placeholders "s"/"t": dd-trace sends any non-empty ids, we
            // insist on real ones (a malformed id would never join). Checked separately below.
            attributes: {
              metrics: (request.body.data.attributes.metrics as any[]).filter(
                (m) => m.event_kind === 'evaluation' && /^\d+$/.test(m.join_on.span.span_id),
              ),
            },
          },
        };
        const metrics = expected.data.attributes.metrics.map((m: any) => {
          const { join, options } = goldenMetricToEvaluation(m, 'golden-app');
          return encodeEvaluation(validateEvaluation(join, options, { mlApp: 'golden-app' }));
        });
        const raw = encodeEvaluationPayload(metrics);
        expectSamePayload(JSON.parse(raw), expected, 'evaluations');
        // Tags: ml_app first, no ddtrace.version.
        for (const m of JSON.parse(raw).data.attributes.metrics) expect(m.tags[0]).toBe(`ml_app:${String(m.ml_app)}`);
      }
    });
  });

  it('j: placeholder ids that dd-trace sends as-is are rejected with a clear message', () => {
    const metric = loadGolden('j-validation').requests.find(isEvaluationRequest)!.body.data.attributes.metrics[0];
    const { join, options } = goldenMetricToEvaluation(metric, 'golden-app');
    expect(() => validateEvaluation(join, options, { mlApp: 'golden-app' })).toThrow('traceId must be the 32-character hex trace id of the span.');
  });

  it('g: evaluations join on the same span_id / trace_id the span event carries', () => {
    const golden = loadGolden('g-evaluations');
    const span = (golden.requests.find(isSpanRequest)!.body as any[])[0].spans[0];
    const metric = golden.requests.find(isEvaluationRequest)!.body.data.attributes.metrics[0];
    expect(metric.join_on.span).toEqual({ span_id: span.span_id, trace_id: span.trace_id });
    const { span: model, ctx } = goldenEventToSpan(span);
    const ours = encodeSpanEvent(model, ctx);
    const evaluation = encodeEvaluation(
      validateEvaluation({ traceId: model.traceId, spanId: model.spanId, traceFlags: 1 }, { label: 'x', metricType: 'score', value: 1 }, { mlApp: 'a' }),
    );
    expect(evaluation.join_on).toEqual({ span: { span_id: ours.span_id, trace_id: ours.trace_id } });
  });
});
