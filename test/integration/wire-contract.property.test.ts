/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are untyped JSON */
import type { Attributes, AttributeValue, Span } from '@opentelemetry/api';
import { ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import { validateSpanPayload } from '@otel-llmobs/cli';
import fc from 'fast-check';
import type { LLMObsSpan } from 'otel-llmobs';
import { LLMObsExporter, LLMObsSpanProcessor } from 'otel-llmobs';
import { encodeSpanEventsPayload } from 'otel-llmobs/internals';
import { describe, expect, it } from 'vitest';
import { BasicTracerProvider, resourceFromAttributes } from './support/sdk.js';

/**
 * Reliability properties of the whole pipeline against the intake contract, checked with the dev
 * intake's own validator (@otel-llmobs/cli `validateSpanPayload`), on the built packages:
 *
 * - **Span trees**: random parent/child structures (several traces at once), each span from a random
 *   convention (our `_dd.ml_obs.*` annotation attributes, OpenLLMetry, OTel GenAI, OpenInference,
 *   the Vercel AI SDK, or a plain HTTP/DB span) with random, often malformed attribute values,
 *   events and statuses, ended in a random order, some never ended. Nothing may throw into the
 *   application, the processor may not hit an internal error, every request body must be valid for
 *   the intake, and every parent / trace id must point into the tree it came from.
 * - **Encoder**: random canonical models (odd Unicode, lone surrogates, NaN metrics, deep metadata,
 *   BigInt) always encode to an ASCII body the intake accepts, and text survives the escaping.
 *
 * (Mapper-level properties per convention live in packages/otel-llmobs/test/mapping/*.property.test.ts;
 * annotate() inputs in packages/otel-llmobs/test/api/annotate.test.ts.) `PROPERTY_RUNS=1500` runs
 * 1500 trees and 4500 encoder cases instead of 120 and 300. Found so far: nameless tool calls and
 * tool definitions, and a non-finite duration, which the encoder now leaves out / sends as 0.
 */

const KINDS = ['llm', 'embedding', 'retrieval', 'tool', 'task', 'workflow', 'agent'];

// ---------------------------------------------------------------------------------------------
// Values

const text = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom('', ' ', 'null', '[', '{"a":', 'é😀', '\u2028', '\ud800'));
const junk: fc.Arbitrary<AttributeValue> = fc.oneof(
  text,
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
);
const json = (arb: fc.Arbitrary<unknown>): fc.Arbitrary<AttributeValue> => fc.oneof({ weight: 3, arbitrary: arb.map((v) => JSON.stringify(v)) }, { weight: 1, arbitrary: junk });
const chatMessage = fc.record(
  { role: fc.oneof(fc.constantFrom('system', 'user', 'assistant', 'tool'), text), content: fc.oneof(text, fc.jsonValue({ maxDepth: 2 })) },
  { requiredKeys: [] },
);
const semconvMessage = fc.record(
  {
    role: fc.oneof(fc.constantFrom('system', 'user', 'assistant', 'tool'), text),
    parts: fc.array(
      fc.record(
        {
          type: fc.constantFrom('text', 'tool_call', 'tool_call_response', 'reasoning', 'uri', 'blob', 'x'),
          content: fc.oneof(text, fc.jsonValue({ maxDepth: 2 })),
          id: text,
          name: text,
          arguments: fc.jsonValue({ maxDepth: 2 }),
          response: fc.jsonValue({ maxDepth: 2 }),
        },
        { requiredKeys: ['type'] },
      ),
      { maxLength: 3 },
    ),
    finish_reason: text,
  },
  { requiredKeys: [] },
);
const count = fc.oneof(fc.nat(100_000), fc.double(), fc.constantFrom('12', '-3', 'x'));

/** Attributes of one convention: its keys with plausible values, or junk, each key optional. */
function conventionAttributes(spec: Record<string, fc.Arbitrary<AttributeValue>>): fc.Arbitrary<Attributes> {
  const withJunk = Object.fromEntries(Object.entries(spec).map(([k, v]) => [k, fc.oneof({ weight: 4, arbitrary: v }, { weight: 1, arbitrary: junk })]));
  return fc.record(withJunk, { requiredKeys: [] });
}

const CONVENTIONS: Record<string, fc.Arbitrary<Attributes>> = {
  llmobs: conventionAttributes({
    '_dd.ml_obs.span_kind': fc.oneof(fc.constantFrom(...KINDS), text),
    '_dd.ml_obs.name': text,
    '_dd.ml_obs.ml_app': text,
    '_dd.ml_obs.session_id': text,
    '_dd.ml_obs.user_id': text,
    '_dd.ml_obs.model_name': text,
    '_dd.ml_obs.model_provider': text,
    '_dd.ml_obs.input': json(fc.record({ value: text, messages: fc.array(chatMessage, { maxLength: 3 }), documents: fc.array(fc.record({ text, id: text, score: fc.double() }, { requiredKeys: [] }), { maxLength: 2 }) }, { requiredKeys: [] })),
    '_dd.ml_obs.output': json(fc.record({ value: text, messages: fc.array(chatMessage, { maxLength: 3 }) }, { requiredKeys: [] })),
    '_dd.ml_obs.metadata': json(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 })),
    '_dd.ml_obs.metrics': json(fc.dictionary(fc.constantFrom('input_tokens', 'output_tokens', 'total_tokens', 'x'), fc.oneof(fc.double(), fc.string()), { maxKeys: 3 })),
    '_dd.ml_obs.tags': json(fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(text, fc.array(text, { maxLength: 2 })), { maxKeys: 3 })),
    '_dd.ml_obs.prompt_tracking': json(fc.record({ id: text, version: text, template: text, variables: fc.dictionary(fc.string({ maxLength: 5 }), text, { maxKeys: 2 }) }, { requiredKeys: [] })),
    '_dd.ml_obs.tool_definitions': json(fc.array(fc.record({ name: text, description: text, schema: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: [] }), { maxLength: 2 })),
  }),
  openllmetry: conventionAttributes({
    'traceloop.span.kind': fc.oneof(fc.constantFrom('workflow', 'task', 'agent', 'tool'), text),
    'traceloop.entity.name': text,
    'traceloop.entity.input': json(fc.record({ args: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 2 }), kwargs: fc.jsonValue({ maxDepth: 2 }) })),
    'traceloop.entity.output': json(fc.jsonValue({ maxDepth: 3 })),
    'traceloop.workflow.name': text,
    'traceloop.association.properties.session_id': text,
    'traceloop.association.properties.user_id': text,
  }),
  genai: conventionAttributes({
    'gen_ai.operation.name': fc.oneof(fc.constantFrom('chat', 'text_completion', 'embeddings', 'execute_tool', 'invoke_agent', 'create_agent'), text),
    'gen_ai.provider.name': fc.oneof(fc.constantFrom('openai', 'anthropic', 'aws.bedrock'), text),
    'gen_ai.request.model': text,
    'gen_ai.response.model': text,
    'gen_ai.request.temperature': fc.oneof(fc.double(), text),
    'gen_ai.input.messages': json(fc.array(semconvMessage, { maxLength: 3 })),
    'gen_ai.output.messages': json(fc.array(semconvMessage, { maxLength: 2 })),
    'gen_ai.system_instructions': json(fc.array(fc.record({ type: fc.constant('text'), content: text }), { maxLength: 2 })),
    'gen_ai.tool.name': text,
    'gen_ai.tool.call.arguments': text,
    'gen_ai.tool.definitions': json(fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 2 })),
    'gen_ai.usage.input_tokens': count,
    'gen_ai.usage.output_tokens': count,
    'gen_ai.conversation.id': text,
  }),
  openinference: conventionAttributes({
    'openinference.span.kind': fc.oneof(fc.constantFrom('LLM', 'CHAIN', 'TOOL', 'RETRIEVER', 'EMBEDDING', 'AGENT', 'RERANKER'), text),
    'input.value': text,
    'input.mime_type': fc.constantFrom('text/plain', 'application/json'),
    'output.value': text,
    'llm.model_name': text,
    'llm.provider': text,
    'llm.input_messages.0.message.role': text,
    'llm.input_messages.0.message.content': text,
    'llm.output_messages.0.message.content': text,
    'llm.token_count.prompt': count,
    'retrieval.documents.0.document.content': text,
    'retrieval.documents.0.document.score': fc.oneof(fc.double(), text),
    'session.id': text,
  }),
  vercel: conventionAttributes({
    'ai.operationId': fc.oneof(fc.constantFrom('ai.generateText', 'ai.generateText.doGenerate', 'ai.streamText.doStream', 'ai.toolCall', 'ai.embed.doEmbed'), text),
    'ai.prompt.messages': json(fc.array(chatMessage, { maxLength: 3 })),
    'ai.response.text': text,
    'ai.model.id': text,
    'ai.model.provider': text,
    'ai.usage.promptTokens': count,
    'ai.toolCall.name': text,
    'ai.toolCall.args': text,
  }),
  plain: conventionAttributes({ 'http.request.method': fc.constantFrom('GET', 'POST'), 'url.full': text, 'db.system.name': fc.constantFrom('postgresql', 'pinecone', 'chroma'), 'db.operation.name': text }),
};

/** true about once in `n` (weights, not a biased number generator: fast-check favours 0 and edges). */
const onceIn = (n: number) => fc.oneof({ weight: n - 1, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });

const node = fc.record({
  parentPick: fc.nat(),
  newTrace: onceIn(7),
  convention: fc.constantFrom(...Object.keys(CONVENTIONS)),
  attrsSeed: fc.nat(),
  name: text,
  events: fc.array(fc.record({ name: fc.oneof(fc.constantFrom('gen_ai.choice', 'exception', 'db.query.result', 'gen_ai.client.inference.operation.details'), text), attributes: fc.dictionary(fc.string({ maxLength: 12 }), junk, { maxKeys: 3 }) }), { maxLength: 2 }),
  status: fc.constantFrom(SpanStatusCode.UNSET, SpanStatusCode.OK, SpanStatusCode.ERROR),
  endKey: fc.double({ noNaN: true }),
  neverEnds: onceIn(7),
});
const tree = fc
  .array(node, { minLength: 1, maxLength: 10 })
  .chain((nodes) => fc.tuple(fc.constant(nodes), fc.tuple(...nodes.map((n) => CONVENTIONS[n.convention]!))));

const decimal = (hex: string): string => BigInt(`0x${hex}`).toString();

describe('span trees through the processor and exporter (built packages)', () => {
  it('never throw into the app, and every request body is valid for the intake with ids inside its tree', async () => {
    let exportedInAll = 0;
    await fc.assert(
      fc.asyncProperty(tree, async ([nodes, attributeSets]) => {
        const bodies: string[] = [];
        const exporter = new LLMObsExporter({
          intakeUrl: 'http://127.0.0.1:9',
          flushIntervalMillis: 60_000,
          fetch: (_url, init) => {
            bodies.push(String(init.body));
            return Promise.resolve({ status: 202, text: () => Promise.resolve(''), headers: { get: () => null } });
          },
        });
        const processor = new LLMObsSpanProcessor({ exporter, mlApp: 'prop' });
        const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': 'prop-svc' }), spanProcessors: [processor] });
        const tracer = provider.getTracer('@traceloop/instrumentation-openai');
        try {
          const spans: Span[] = [];
          const traceOf = new Map<string, string>(); // decimal span id → hex trace id
          nodes.forEach((n, i) => {
            const parent = i === 0 || n.newTrace ? undefined : spans[n.parentPick % i];
            const ctx = parent ? trace.setSpan(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
            const span = tracer.startSpan(n.name, { attributes: attributeSets[i] }, ctx);
            spans.push(span);
            traceOf.set(decimal(span.spanContext().spanId), span.spanContext().traceId);
          });
          const order = nodes.map((n, i) => ({ n, i })).sort((a, b) => a.n.endKey - b.n.endKey);
          for (const { n, i } of order) {
            if (n.neverEnds) continue;
            const span = spans[i]!;
            for (const e of n.events) span.addEvent(e.name, e.attributes);
            span.setStatus({ code: n.status, message: 'status message' });
            span.end();
          }
          await provider.forceFlush();

          expect(processor.stats().internalErrors).toBe(0);
          const stats = exporter.stats();
          expect(stats.dropped).toEqual({});
          let events = 0;
          for (const body of bodies) {
            // ASCII: everything above U+007F is escaped; JSON.stringify escapes below U+0020; DEL (U+007F)
            // is ASCII and stays raw, as dd-trace sends it.
            expect(body).toMatch(/^[\x20-\x7f]*$/);
            const parsed = JSON.parse(body);
            const report = validateSpanPayload(parsed);
            expect(report.payload.filter((v) => v.severity === 'error')).toEqual([]);
            for (const e of report.events) expect(e.violations.filter((v) => v.severity === 'error')).toEqual([]);
            for (const envelope of parsed as any[]) {
              const event = envelope.spans[0];
              events++;
              const ownTrace = traceOf.get(event.span_id);
              expect(ownTrace).toBeDefined();
              expect(event.trace_id).toBe(ownTrace);
              if (event.parent_id !== 'undefined') expect(traceOf.get(event.parent_id)).toBe(ownTrace);
            }
          }
          expect(events).toBe(stats.sent);
          exportedInAll += events;
        } finally {
          await provider.shutdown();
        }
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 120) },
    );
    expect(exportedInAll).toBeGreaterThan(100); // the trees did exercise the wire, not just the filters
  });
});

// ---------------------------------------------------------------------------------------------
// Encoder

/** A valid OTel id: hex, not all zeros (the SDK never makes those; the intake rejects them). */
const hex = (length: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length }).filter((id) => /[1-9a-f]/.test(id));
const odd = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ maxLength: 40 }));
const message = fc.record(
  {
    role: odd,
    content: odd,
    toolCalls: fc.array(fc.record({ name: odd, arguments: fc.dictionary(odd, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 }), toolId: odd, type: odd }, { requiredKeys: ['name'] }), { maxLength: 2 }),
    toolResults: fc.array(fc.record({ result: odd, toolId: odd, name: odd }, { requiredKeys: ['result'] }), { maxLength: 2 }),
    toolId: odd,
  },
  { requiredKeys: ['role'] },
);
const io = fc.record(
  {
    messages: fc.array(message, { maxLength: 3 }),
    documents: fc.array(fc.record({ text: odd, name: odd, id: odd, score: fc.double() }, { requiredKeys: [] }), { maxLength: 2 }),
    value: odd,
    prompt: fc.record({ id: odd, version: odd, template: odd, variables: fc.dictionary(odd, odd, { maxKeys: 2 }) }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);
const model: fc.Arbitrary<LLMObsSpan> = fc.record(
  {
    kind: fc.constantFrom(...(KINDS as LLMObsSpan['kind'][])),
    name: odd,
    status: fc.constantFrom('ok' as const, 'error' as const),
    error: fc.record({ type: odd, message: odd, stack: odd }, { requiredKeys: [] }),
    input: io,
    output: io,
    modelName: odd,
    modelProvider: odd,
    metadata: fc.dictionary(odd, fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.bigInt(), fc.double()), { maxKeys: 4 }),
    metrics: fc.dictionary(fc.constantFrom('input_tokens', 'output_tokens', 'total_tokens', 'time_to_first_token', 'custom'), fc.double(), { maxKeys: 4 }),
    tags: fc.dictionary(odd, fc.oneof(odd, fc.array(odd, { maxLength: 2 })), { maxKeys: 3 }),
    sessionId: odd,
    toolDefinitions: fc.array(fc.record({ name: odd, description: odd, schema: fc.dictionary(odd, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 }) }, { requiredKeys: ['name'] }), { maxLength: 2 }),
    sources: fc.constant([]),
    collectionErrors: fc.array(odd, { maxLength: 2 }),
    traceId: hex(32),
    spanId: hex(16),
    parentId: hex(16),
    startTime: fc.tuple(fc.nat(2_000_000_000), fc.nat(999_999_999)),
    durationNs: fc.oneof(fc.nat(), fc.double()),
    mlApp: odd,
    sampling: fc.record({ rate: fc.double({ min: 0, max: 1, noNaN: true }), decision: fc.boolean() }),
  },
  { requiredKeys: ['kind', 'name', 'status', 'input', 'output', 'metadata', 'metrics', 'tags', 'sources', 'collectionErrors', 'traceId', 'spanId', 'startTime', 'mlApp'] },
) as fc.Arbitrary<LLMObsSpan>;

describe('the span encoder (built package)', () => {
  it('turns any canonical model into an ASCII body the intake accepts, and text survives the escaping', () => {
    fc.assert(
      fc.property(fc.array(model, { minLength: 1, maxLength: 3 }), (spans) => {
        const body = encodeSpanEventsPayload(spans, { service: 'svc', env: 'e', version: '1' });
        // ASCII: everything above U+007F is escaped; JSON.stringify escapes below U+0020; DEL (U+007F)
        // is ASCII and stays raw, as dd-trace sends it.
        expect(body).toMatch(/^[\x20-\x7f]*$/);
        const parsed = JSON.parse(body) as any[];
        const report = validateSpanPayload(parsed);
        expect(report.payload.filter((v) => v.severity === 'error')).toEqual([]);
        for (const e of report.events) expect(e.violations.filter((v) => v.severity === 'error')).toEqual([]);
        expect(parsed).toHaveLength(spans.length);
        parsed.forEach((envelope, i) => {
          const span = spans[i]!;
          const event = envelope.spans[0];
          expect(event.name).toBe(span.name || span.kind);
          expect(event.span_id).toBe(decimal(span.spanId));
          for (const value of Object.values(event.metrics)) expect(Number.isFinite(value)).toBe(true);
          if (span.kind === 'llm' && span.input.messages && span.input.messages.length > 0) {
            expect(event.meta.input.messages.map((m: any) => m.content ?? null)).toEqual(
              span.input.messages.map((m) => (typeof m.content === 'string' ? m.content : (m.toolCalls ?? []).some((c) => c.name !== '') || (m.toolResults?.length ?? 0) > 0 ? null : '')),
            );
          }
        });
      }),
      { numRuns: 3 * Number(process.env.PROPERTY_RUNS ?? 100) },
    );
  });
});
