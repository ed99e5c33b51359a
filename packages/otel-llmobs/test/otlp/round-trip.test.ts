import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '../helpers/sdk.js';
import { InMemorySpanExporter } from '../helpers/sdk.js';
import { afterEach, describe, expect, it } from 'vitest';
import { readLLMObsSpan } from '../../src/conventions/attached-span.js';
import type { LLMObsSpan, MappedSpan } from '../../src/conventions/model.js';
import { mapSpan } from '../../src/mapping/map-span.js';
import type { SpanData } from '../../src/mapping/span-data.js';
import { deriveCanonicalAttributes, deriveCanonicalEvents } from '../../src/otlp/derive-attributes.js';
import { LLMObsSpanProcessor } from '../../src/processor/llmobs-span-processor.js';
import { listFixtureIds, loadFixture } from '../helpers/fixtures.js';
import { createHarness, resetRuntime } from '../processor/harness.js';
import { createFixtureProvider } from './replay-fixture.js';

/**
 * The OTLP route's contract with our own reader: a span written by the processor for an OTLP
 * exporter (canonical GenAI attributes on the derived span), read back by `mapSpan`, gives the same
 * canonical model. This is what makes `app + LLMObsSpanProcessor → OTLP → otel-llmobs gateway`
 * lossless. Lossy by design, and asserted as such below (docs/otlp.md "Round trip"):
 * - `sources` names the conventions the read-back found (ours and GenAI), not the original ones;
 * - collection errors come back prefixed `llmobs: ` (they travel in `_dd.ml_obs.annotation_errors`);
 * - an empty message or document list reads back as absent.
 */

afterEach(() => resetRuntime());

/** The model fields a mapper decides (everything but the trace placement). */
function decided(m: MappedSpan): Record<string, unknown> {
  return {
    kind: m.kind,
    name: m.name,
    status: m.status,
    error: m.error,
    input: m.input,
    output: m.output,
    modelName: m.modelName,
    modelProvider: m.modelProvider,
    metadata: m.metadata,
    metrics: m.metrics,
    tags: m.tags,
    sessionId: m.sessionId,
    userId: m.userId,
    toolDefinitions: m.toolDefinitions,
    scopeName: m.scopeName,
  };
}

function spanDataOf(span: ReadableSpan): SpanData {
  return {
    name: span.name,
    attributes: span.attributes,
    events: span.events,
    status: span.status,
    instrumentationScope: span.instrumentationScope,
    resource: span.resource,
  };
}

interface RoundTrip {
  model: LLMObsSpan;
  back: MappedSpan | undefined;
  derived: ReadableSpan;
}

function expectRoundTrip({ model, back, derived }: RoundTrip, label: string): void {
  expect(back, `${label}: read back as an LLM Observability span`).toBeDefined();
  // Lossy by design: read back as GenAI usage, an embedding without a total gets its input count as total (docs/mapping.md).
  const expected = decided(model);
  if (model.kind === 'embedding' && model.metrics.total_tokens === undefined && model.metrics.input_tokens !== undefined) {
    expected.metrics = { ...model.metrics, total_tokens: model.metrics.input_tokens };
  }
  expect(decided(back!), label).toEqual(expected);
  // Lossy by design: where the model came from.
  expect(back!.sources[0], label).toBe('llmobs');
  expect(back!.sources, label).toContain('genai');
  // Lossy by design: collection errors travel in `_dd.ml_obs.annotation_errors` and come back prefixed.
  expect(back!.collectionErrors, label).toEqual(model.collectionErrors.map((e) => (e.startsWith('llmobs: ') ? e : `llmobs: ${e}`)));
  // Nothing of a source convention travels beside the canonical attributes (strip mode).
  const keys = Object.keys(derived.attributes);
  expect(keys.filter((k) => /^(llm\.|traceloop\.|ai\.|openinference\.|input\.|output\.|gen_ai\.(prompt|completion)\.\d)/.test(k)), label).toEqual([]);
}

describe('round trip through the processor: llmobs API spans of every kind', () => {
  it('every kind, tool calls and results, documents, prompt, metadata, metrics, session, user, tags, errors', async () => {
    const h = createHarness();
    const { llmobs } = h;
    await llmobs.trace({ kind: 'workflow', name: 'support-request', sessionId: 'session-42' }, async () => {
      llmobs.annotate({ inputData: 'My order #12 is late', outputData: 'Refund issued', tags: { channel: 'email', tier: ['gold', 'eu'] }, metadata: { region: 'eu', nested: { a: [1, 2] } } });
      await llmobs.trace({ kind: 'agent', name: 'refund-agent' }, async () => {
        await Promise.resolve();
        llmobs.annotate({ inputData: { order: 12 }, outputData: 'done', metrics: { steps: 3 }, metadata: { agent_id: 'a-1', agent_version: '2' } });
        llmobs.trace({ kind: 'llm', name: 'plan', modelName: 'gpt-4o', modelProvider: 'openai' }, () => {
          llmobs.annotate({
            inputData: [
              { role: 'system', content: 'You are a support agent.' },
              { role: 'user', content: 'My order #12 is late' },
              { role: 'assistant', toolCalls: [{ name: 'lookup_order', arguments: { id: 12 }, toolId: 'call_1', type: 'function' }] },
              { role: 'tool', toolResults: [{ result: '{"status":"late"}', toolId: 'call_1', name: 'lookup_order', type: 'tool_result' }] },
            ],
            outputData: [{ role: 'assistant', content: 'I will refund you.', toolCalls: [{ name: 'refund', arguments: { id: 12 }, toolId: 'call_2', type: 'function' }] }],
            metadata: { temperature: 0.2, max_tokens: 256, top_p: 0.9, stop_sequences: ['\n\n'], stream: false, finish_reasons: ['tool_call'], custom: 'x' },
            metrics: { inputTokens: 120, outputTokens: 30, totalTokens: 150, cacheReadTokens: 100, cacheWriteTokens: 10, reasoningOutputTokens: 12, time_to_first_token: 0.25, estimated_total_cost: 0.004 },
            prompt: { id: 'support', version: '3', template: 'Order {{id}}: {{question}}', variables: { id: '12', question: 'late' }, queryVariables: ['question'], contextVariables: ['id'], tags: { team: 'cx' } },
            toolDefinitions: [
              { name: 'lookup_order', description: 'Find an order', schema: { type: 'object', properties: { id: { type: 'number' } } } },
              { name: 'refund', version: '1' },
            ],
          });
        });
        llmobs.trace({ kind: 'tool', name: 'lookup_order' }, () => {
          llmobs.annotate({ inputData: { id: 12 }, outputData: { status: 'late' }, metadata: { tool_id: 'call_1', tool_type: 'function', tool_description: 'Find an order' } });
        });
        llmobs.trace({ kind: 'retrieval', name: 'policy-search' }, () => {
          llmobs.annotate({ inputData: 'refund policy', outputData: [{ text: 'Refunds within 30 days', id: 'doc-1', score: 0.92, name: 'policy.md' }, { text: 'Late orders' }], metadata: { data_source_id: 'kb' } });
        });
        llmobs.trace({ kind: 'embedding', name: 'embed-query', modelName: 'text-embedding-3-small', modelProvider: 'openai' }, () => {
          llmobs.annotate({ inputData: [{ text: 'refund policy' }], outputData: '[1 embedding(s) returned with size 1536]', metrics: { inputTokens: 3 } });
        });
        llmobs.trace({ kind: 'embedding', name: 'embed-documents', modelName: 'text-embedding-3-small', modelProvider: 'openai' }, () => {
          llmobs.annotate({ inputData: [{ text: 'a', id: 'd1' }, { text: 'b', name: 'second' }], outputData: '[2 embedding(s) returned]' });
        });
        llmobs.trace({ kind: 'task', name: 'format-reply' }, () => {
          llmobs.annotate({ inputData: 'raw', outputData: 'formatted', metrics: { inputTokens: 5, outputTokens: 6 } });
        });
        try {
          llmobs.trace({ kind: 'tool', name: 'issue_refund' }, () => {
            llmobs.annotate({ inputData: { id: 12 } });
            throw new TypeError('payment gateway down');
          });
        } catch {
          // expected
        }
      });
      llmobs.trace({ kind: 'llm', name: 'reasoning-call', modelName: 'o3', modelProvider: 'openai' }, () => {
        llmobs.annotate({
          inputData: [{ role: 'user', content: 'Why?' }],
          outputData: [
            { role: 'reasoning', content: 'Think about refunds.' },
            { role: 'assistant', content: 'Because it was late.' },
          ],
          metrics: { inputTokens: 3, outputTokens: 40, reasoningOutputTokens: 30 },
        });
      });
      llmobs.trace({ kind: 'llm', name: 'multimodal', modelName: 'gpt-4o', modelProvider: 'Azure.OpenAI.Custom', userId: 'user-7' } as never, () => {
        llmobs.annotate({
          inputData: [
            { role: 'user', content: 'What is this?', imageParts: [{ content: 'https://example.com/a.png', mimeType: 'image/png' }, { content: 'aGVsbG8=', mimeType: 'image/jpeg' }] },
            { role: 'tool', content: 'legacy tool answer', toolId: 'call_9' },
            { role: 'tool', toolResults: [{ result: 'r1', toolId: 'x1', name: 'a' }, { result: 'r2', toolId: 'x2', name: 'b' }] },
            { role: '', content: 'role unknown' },
          ],
          outputData: [{ role: 'assistant', content: 'A cat.', toolCalls: [{ name: 'search', toolId: 's1', type: 'server' }] }],
        });
      });
    });

    const derived = await h.derived();
    const trips: RoundTrip[] = derived.map((d) => ({ derived: d, model: readLLMObsSpan(d)!, back: mapSpan(spanDataOf(d)) }));
    expect(trips.map((t) => t.model.name).sort()).toEqual(
      ['embed-documents', 'embed-query', 'format-reply', 'issue_refund', 'lookup_order', 'multimodal', 'plan', 'policy-search', 'reasoning-call', 'refund-agent', 'support-request'].sort(),
    );
    for (const trip of trips) expectRoundTrip(trip, trip.model.name);

    const byName = (name: string) => trips.find((t) => t.model.name === name)!;
    // Every kind is covered, including an error span.
    expect(new Set(trips.map((t) => t.model.kind))).toEqual(new Set(['workflow', 'agent', 'llm', 'tool', 'retrieval', 'embedding', 'task']));
    expect(byName('issue_refund').model.status).toBe('error');
    expect(byName('issue_refund').derived.attributes['error.type']).toBe('TypeError');

    // What GenAI carries, it carries as GenAI (no `_dd.ml_obs` copy).
    const plan = byName('plan').derived.attributes;
    expect(plan['_dd.ml_obs.input']).toBeUndefined();
    expect(plan['_dd.ml_obs.output']).toBeUndefined();
    expect(plan['gen_ai.request.temperature']).toBe(0.2);
    expect(plan['gen_ai.response.finish_reasons']).toEqual(['tool_call']);
    expect(JSON.parse(plan['_dd.ml_obs.metadata'] as string)).toEqual({ custom: 'x' });
    expect(JSON.parse(plan['_dd.ml_obs.metrics'] as string)).toEqual({ estimated_total_cost: 0.004 });
    expect(byName('reasoning-call').derived.attributes['_dd.ml_obs.output']).toBeUndefined();
    expect(JSON.parse(byName('reasoning-call').derived.attributes['gen_ai.output.messages'] as string)).toEqual([
      { role: 'assistant', parts: [{ type: 'reasoning', content: 'Think about refunds.' }, { type: 'text', content: 'Because it was late.' }] },
    ]);
    expect(byName('embed-query').derived.attributes['_dd.ml_obs.input']).toBeUndefined();
    // Token counts of a non-model span have no GenAI attribute (dd-trace writes usage on llm/embedding only).
    expect(byName('format-reply').derived.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
    expect(JSON.parse(byName('format-reply').derived.attributes['_dd.ml_obs.metrics'] as string)).toEqual({ input_tokens: 5, output_tokens: 6, total_tokens: 11 });

    // What GenAI cannot carry travels exactly beside it (asserted, not skipped):
    // - a dd-trace style tool message, two results in one tool message, and an unknown role;
    const multimodal = byName('multimodal').derived.attributes;
    expect(JSON.parse(multimodal['_dd.ml_obs.input'] as string).messages).toHaveLength(4);
    expect(multimodal['_dd.ml_obs.output']).toBeUndefined();
    // - a provider outside our normalized names;
    expect(multimodal['gen_ai.provider.name']).toBe('azure.openai.custom');
    expect(multimodal['_dd.ml_obs.model_provider']).toBe('azure.openai.custom');
    // - embedding documents with an id or a name.
    expect(JSON.parse(byName('embed-documents').derived.attributes['_dd.ml_obs.input'] as string)).toEqual({ documents: [{ text: 'a', id: 'd1' }, { text: 'b', name: 'second' }] });
    await h.shutdown();
  });
});

describe('round trip through the processor: every fixture', () => {
  for (const id of listFixtureIds()) {
    const fixture = loadFixture(id);
    if (fixture.spans.length === 0) continue;
    it(id, async () => {
      const exporter = new InMemorySpanExporter();
      const processor = new LLMObsSpanProcessor({ exporter, mlApp: 'fixture-app' });
      const replay = createFixtureProvider(fixture.spans[0]!.resource?.attributes ?? {}, [processor]);
      replay.replay(fixture);
      await processor.forceFlush();
      const derived = exporter.getFinishedSpans();
      expect(derived.length).toBeGreaterThan(0);
      for (const d of derived) {
        const model = readLLMObsSpan(d)!;
        expectRoundTrip({ model, derived: d, back: mapSpan(spanDataOf(d)) }, `${id} ${d.name}`);
      }
      await replay.provider.shutdown();
    });
  }
});

describe('round trip of fixture spans mapped directly (map → canonical attributes → map)', () => {
  for (const id of listFixtureIds()) {
    const fixture = loadFixture(id);
    if (fixture.spans.length === 0) continue;
    it(id, () => {
      for (const s of fixture.spans) {
        const mapped = mapSpan(s);
        if (!mapped) continue;
        const model: LLMObsSpan = { ...mapped, traceId: s.traceId, spanId: s.spanId, startTime: s.startTime, durationNs: 0, mlApp: 'fixture-app' };
        const scope = s.instrumentationScope;
        const attributes = deriveCanonicalAttributes(s.attributes, model, 'strip', scope ? { name: s.name, instrumentationScope: scope } : { name: s.name });
        const events = deriveCanonicalEvents(
          (s.events ?? []).map((e) => ({ name: e.name, time: e.time ?? [0, 0], attributes: e.attributes })),
          'strip',
        );
        const derived = { name: s.name, attributes, events, status: s.status, instrumentationScope: scope, resource: s.resource } as unknown as ReadableSpan;
        expectRoundTrip({ model, derived, back: mapSpan(spanDataOf(derived)) }, `${id} ${s.name}`);
      }
    });
  }
});

describe('status and errors survive', () => {
  it('an error status with an exception event keeps type, message and stack', async () => {
    const h = createHarness();
    const span = h.tracer.startSpan('chat gpt-4o', { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.provider.name': 'openai' } });
    span.recordException(new RangeError('too long'));
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'too long' });
    span.end();
    const [d] = await h.derived();
    const model = readLLMObsSpan(d!)!;
    expect(model.error).toMatchObject({ type: 'RangeError', message: 'too long' });
    expectRoundTrip({ model, derived: d!, back: mapSpan(spanDataOf(d!)) }, 'error');
    await h.shutdown();
  });
});
