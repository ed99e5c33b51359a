/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are untyped JSON */
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '../helpers/sdk.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLLMObs, llmobs as globalLLMObs } from '../../src/api/llmobs.js';
import { readLLMObsSpan } from '../../src/conventions/attached-span.js';
import { encodeSpanEvent } from '../../src/datadog/encode-span-event.js';
import type { EvaluationWriter } from '../../src/datadog/evaluation-writer.js';
import { createEvaluationWriter } from '../../src/datadog/evaluation-writer.js';
import { LLMObsSpanProcessor } from '../../src/processor/llmobs-span-processor.js';
import { setPropagatedLLMObsContext } from '../../src/runtime/propagated-context.js';
import { API_KEY, FAST } from '../datadog/exporter-test-kit.js';
import { FakeIntake } from '../datadog/fake-intake.js';
import { blankProcessorEnv } from '../processor/env.js';
import type { Harness } from '../processor/harness.js';
import { createHarness, resetRuntime } from '../processor/harness.js';

let h: Harness;
beforeEach(() => {
  blankProcessorEnv();
  h = createHarness();
});
afterEach(async () => {
  await h.shutdown();
  resetRuntime();
  vi.unstubAllEnvs();
});

describe('exportSpan()', () => {
  it('returns exactly the trace_id and span_id the exporter sends', async () => {
    const exported: Array<{ traceId: string; spanId: string }> = [];
    h.llmobs.trace({ kind: 'workflow', name: 'wf' }, (wf) => {
      exported.push(h.llmobs.exportSpan(wf));
      h.llmobs.trace({ kind: 'llm', name: 'chat' }, () => {
        exported.push(h.llmobs.exportSpan()); // the active one
      });
    });
    const derived = await h.derived();
    const events = derived.map((s) => encodeSpanEvent(readLLMObsSpan(s)!));
    const byName = Object.fromEntries(events.map((e) => [e.name, { traceId: e.trace_id, spanId: e.span_id }]));
    expect(exported).toEqual([byName.wf, byName.chat]);
    expect(exported[0]?.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(exported[0]?.spanId).toMatch(/^\d+$/);
  });

  it('gives the propagated LLM Observability trace id of a trace continued from dd-trace', () => {
    let ctx = trace.setSpanContext(ROOT_CONTEXT, { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1, isRemote: true });
    ctx = setPropagatedLLMObsContext(ctx, { parentId: '7fb554457057df11', traceId: '6b039663000000003c828f49aba0574e', remoteTraceId: '4bf92f3577b34da6a3ce929d0e0e4736', tags: {} });
    const span = h.tracer.startSpan('x', {}, ctx);
    const child = h.tracer.startSpan('y', { attributes: { '_dd.ml_obs.span_kind': 'task' } }, trace.setSpan(ctx, span));
    expect(h.llmobs.exportSpan(child)).toEqual({ traceId: '6b039663000000003c828f49aba0574e', spanId: BigInt(`0x${child.spanContext().spanId}`).toString() });
    child.end();
    span.end();
  });

  it('accepts any span the processor treats as an LLM Observability span; rejects others like dd-trace', () => {
    const chat = h.tracer.startSpan('chat', { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' } });
    expect(h.llmobs.exportSpan(chat).spanId).toBe(BigInt(`0x${chat.spanContext().spanId}`).toString());
    chat.end();
    const plain = h.tracer.startSpan('GET /');
    expect(() => h.llmobs.exportSpan(plain)).toThrow('Span must be an LLMObs-generated span');
    plain.end();
    expect(() => h.llmobs.exportSpan()).toThrow('No span provided and no active LLMObs-generated span found');
    expect(() => h.llmobs.exportSpan({} as never)).toThrow('Span must be a valid Span object.');
  });
});

describe('submitEvaluation()', () => {
  function fakeWriter(): EvaluationWriter & { submitted: unknown[][] } {
    const submitted: unknown[][] = [];
    return {
      submitted,
      submit: (evaluation, join) => void submitted.push([evaluation, join]),
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
      getStats: () => ({}) as never,
    };
  }

  it('hands the evaluation to the writer, joined on the exported span', () => {
    const writer = fakeWriter();
    const api = createLLMObs({ tracerProvider: h.provider, evaluationWriter: writer });
    let target: { traceId: string; spanId: string } | undefined;
    api.trace({ kind: 'llm', name: 'chat' }, (span) => {
      target = api.exportSpan(span);
    });
    api.submitEvaluation(target!, { label: 'quality', metricType: 'score', value: 0.9 });
    api.submitEvaluation({ tag: { key: 'msg_id', value: 'abc' } }, { label: 'by-tag', metricType: 'boolean', value: true });
    expect(writer.submitted).toEqual([
      [{ label: 'quality', metricType: 'score', value: 0.9 }, target],
      [{ label: 'by-tag', metricType: 'boolean', value: true }, { tag: { key: 'msg_id', value: 'abc' } }],
    ]);
  });

  it('sends to the eval-metric endpoint with the exported ids (real writer, capture server), and validates like dd-trace', async () => {
    const intake = await FakeIntake.start();
    try {
      const writer = createEvaluationWriter({ ...FAST, intakeUrl: intake.url, apiKey: API_KEY, mlApp: 'eval-app' });
      const api = createLLMObs({ tracerProvider: h.provider, evaluationWriter: writer });
      let target: { traceId: string; spanId: string } | undefined;
      api.trace({ kind: 'llm', name: 'chat' }, (span) => {
        target = api.exportSpan(span);
      });
      api.submitEvaluation(target!, { label: 'sentiment', metricType: 'categorical', value: 'positive', timestampMs: 1700000000000 });
      expect(() => api.submitEvaluation(target!, { label: 'x', metricType: 'number', value: 1 })).toThrow(
        'metricType must be one of "categorical", "score", "boolean" or "json"',
      );
      expect(() => api.submitEvaluation({} as never, { label: 'x', metricType: 'score', value: 1 })).toThrow(
        'spanId and traceId must both be specified for the given evaluation metric to be submitted.',
      );
      await api.flush();
      const metrics = intake.posts.flatMap((r) => r.json.data.attributes.metrics as any[]);
      expect(metrics).toEqual([
        {
          event_kind: 'evaluation',
          join_on: { span: { span_id: target!.spanId, trace_id: target!.traceId } },
          label: 'sentiment',
          metric_type: 'categorical',
          ml_app: 'eval-app',
          categorical_value: 'positive',
          timestamp_ms: 1700000000000,
          tags: ['ml_app:eval-app'],
        },
      ]);
      const [span] = await h.exported();
      const event = encodeSpanEvent(span!);
      expect(metrics[0].join_on.span).toEqual({ span_id: event.span_id, trace_id: event.trace_id });
      await writer.shutdown();
    } finally {
      await intake.close();
    }
  });

  it('without a writer, creates one from the environment at the first evaluation', async () => {
    const intake = await FakeIntake.start();
    try {
      vi.stubEnv('OTEL_LLMOBS_INTAKE_URL', intake.url);
      vi.stubEnv('DD_API_KEY', API_KEY);
      vi.stubEnv('DD_LLMOBS_ML_APP', 'env-app');
      vi.stubEnv('_DD_LLMOBS_FLUSH_INTERVAL', '20');
      const api = createLLMObs({ tracerProvider: h.provider });
      expect(() => api.submitEvaluation({ traceId: 'a'.repeat(32), spanId: '12' }, { label: 'l', metricType: 'score', value: 1 })).not.toThrow();
      await api.flush();
      expect(intake.posts.flatMap((r) => r.json.data.attributes.metrics as any[]).map((m) => m.ml_app)).toEqual(['env-app']);
    } finally {
      await intake.close();
    }
  });
});

describe('enabled, flush and the singleton', () => {
  it('enabled reflects whether an LLMObsSpanProcessor is running', async () => {
    expect(globalLLMObs.enabled).toBe(true); // the harness's processor
    await h.shutdown();
    expect(globalLLMObs.enabled).toBe(false);
    const processor = new LLMObsSpanProcessor({ exporter: new InMemorySpanExporter() });
    expect(globalLLMObs.enabled).toBe(true);
    await processor.shutdown();
    expect(globalLLMObs.enabled).toBe(false);
  });

  it('flush() exports what every processor holds', async () => {
    const batched = createHarness({ batchDelayMillis: 60_000 });
    try {
      batched.llmobs.trace({ kind: 'task', name: 'waiting' }, () => {});
      expect(batched.exporter.getFinishedSpans()).toHaveLength(0);
      await globalLLMObs.flush();
      expect(batched.exporter.getFinishedSpans().map((s) => s.name)).toEqual(['waiting']);
    } finally {
      await batched.shutdown();
    }
  });

  it('the singleton uses the global tracer provider, looked up at each call', async () => {
    const registered = createHarness();
    try {
      trace.setGlobalTracerProvider(registered.provider);
      globalLLMObs.trace({ kind: 'task', name: 'via-global' }, () => {});
      expect((await registered.exported()).map((s) => s.name)).toEqual(['via-global']);
    } finally {
      trace.disable();
      await registered.shutdown();
    }
  });
});
