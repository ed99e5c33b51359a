import type { Attributes, AttributeValue } from '@opentelemetry/api';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MappedSpan } from '../../src/conventions/model.js';
import { SPAN_KINDS } from '../../src/conventions/model.js';
import { mapSpan } from '../../src/mapping/map-span.js';
import { reconcileNestedModelSpans } from '../../src/mapping/nested-llm.js';
import type { SpanData, SpanEventData } from '../../src/mapping/span-data.js';
import { expectWellFormed } from './well-formed.js';

// Random attributes and events under the keys the OTel GenAI (≥ 1.37 and legacy), OpenLLMetry and
// OpenLIT mappers read: mapSpan must never throw, no mapper may throw (a throw would surface as a
// "mapping failed" collection error), and the result must be a well-formed MappedSpan.

const KEYS = [
  'gen_ai.operation.name',
  'gen_ai.provider.name',
  'gen_ai.system',
  'gen_ai.request.model',
  'gen_ai.response.model',
  'gen_ai.request.temperature',
  'gen_ai.request.max_tokens',
  'gen_ai.request.stop_sequences',
  'gen_ai.request.is_stream',
  'gen_ai.input.messages',
  'gen_ai.output.messages',
  'gen_ai.system_instructions',
  'gen_ai.tool.definitions',
  'gen_ai.tool.name',
  'gen_ai.tool.call.id',
  'gen_ai.tool.call.arguments',
  'gen_ai.tool.call.result',
  'gen_ai.tool.args',
  'gen_ai.agent.name',
  'gen_ai.workflow.name',
  'gen_ai.workflow.input',
  'gen_ai.conversation.id',
  'gen_ai.retrieval.query.text',
  'gen_ai.retrieval.documents',
  'gen_ai.embeddings.dimension.count',
  'gen_ai.prompt.name',
  'gen_ai.response.finish_reasons',
  'gen_ai.response.time_to_first_chunk',
  'gen_ai.usage.input_tokens',
  'gen_ai.usage.output_tokens',
  'gen_ai.usage.total_tokens',
  'gen_ai.usage.cache_read.input_tokens',
  'gen_ai.usage.cache_creation.input_tokens',
  'gen_ai.usage.cache_write.input_tokens',
  'gen_ai.usage.reasoning.output_tokens',
  'gen_ai.usage.prompt_tokens',
  'gen_ai.usage.completion_tokens',
  'gen_ai.usage.cache_read_input_tokens',
  'gen_ai.usage.reasoning_tokens',
  'gen_ai.usage.cost',
  'gen_ai.server.time_to_first_token',
  'gen_ai.client.token.usage',
  'llm.request.type',
  'llm.usage.total_tokens',
  'llm.top_k',
  'llm.chat.stop_sequences',
  'gen_ai.prompt.0.role',
  'gen_ai.prompt.0.content',
  'gen_ai.prompt.1.content',
  'gen_ai.prompt.0.tool_calls.0.arguments',
  'gen_ai.prompt.0.tool_call_id',
  'gen_ai.completion.0.content',
  'gen_ai.completion.0.role',
  'gen_ai.completion.0.tool_calls.0.name',
  'gen_ai.completion.0.function_call.arguments',
  'llm.request.functions.0.name',
  'llm.request.functions.0.arguments',
  'traceloop.span.kind',
  'traceloop.entity.name',
  'traceloop.entity.input',
  'traceloop.entity.output',
  'traceloop.entity.version',
  'traceloop.workflow.name',
  'traceloop.association.properties.session_id',
  'traceloop.association.properties.customer',
  'traceloop.prompt.key',
  'traceloop.prompt.version',
  'traceloop.prompt.template_variables',
  'traceloop.prompt.template_variables.x',
  'telemetry.sdk.name',
  'db.system.name',
  'db.operation.name',
  'db.query.text',
  'custom.attribute',
  'team',
  // Keys that would reach Object.prototype through `obj[key] = value`.
  '__proto__',
  'constructor',
  'gen_ai.request.__proto__',
  'gen_ai.request.constructor',
  'traceloop.association.properties.__proto__',
  'traceloop.prompt.template_variables.__proto__',
  'gen_ai.completion.0.tool_calls.0.__proto__',
];

const EVENT_NAMES = [
  'gen_ai.client.inference.operation.details',
  'gen_ai.system.message',
  'gen_ai.user.message',
  'gen_ai.assistant.message',
  'gen_ai.tool.message',
  'gen_ai.choice',
  'gen_ai.content.prompt',
  'gen_ai.content.completion',
  'db.query.result',
  'db.query.embeddings',
  'exception',
  'constructor',
  '__proto__',
];

const SCOPES = [
  '@traceloop/instrumentation-anthropic',
  '@traceloop/instrumentation-openai',
  '@traceloop/instrumentation-langchain',
  '@traceloop/node-server-sdk',
  '@openlit/instrumentation-anthropic',
  '@openlit/instrumentation-langchain',
  '@openlit/instrumentation-vllm',
  'openlit',
  'com.anthropic.sdk.typescript',
  'ai',
  'gen_ai',
];

const PART_TYPES = ['text', 'reasoning', 'tool_call', 'tool_call_response', 'server_tool_call', 'server_tool_call_response', 'blob', 'uri', 'file', 'weird'];

const anyJson = fc.jsonValue({ maxDepth: 4 });

/** Semconv-looking message JSON with random fields, so the part converter gets deep coverage. */
const part = fc.record(
  {
    type: fc.oneof(fc.constantFrom(...PART_TYPES), anyJson),
    content: anyJson,
    id: anyJson,
    name: anyJson,
    arguments: anyJson,
    response: anyJson,
    result: anyJson,
    modality: fc.oneof(fc.constantFrom('image', 'audio', 'video'), anyJson),
    mime_type: anyJson,
    uri: anyJson,
    file_id: anyJson,
  },
  { requiredKeys: [] },
);
const message = fc.record(
  {
    role: fc.oneof(fc.constantFrom('system', 'user', 'assistant', 'tool'), anyJson),
    parts: fc.oneof(fc.array(fc.oneof(part, anyJson), { maxLength: 6 }), anyJson),
    content: anyJson,
    finish_reason: anyJson,
  },
  { requiredKeys: [] },
);
const messagesJson = fc.array(fc.oneof(message, anyJson), { maxLength: 5 }).map((m) => JSON.stringify(m));
/** Provider-native content-block arrays (legacy `gen_ai.prompt.N.content`). */
const blocksJson = fc
  .array(
    fc.record(
      {
        type: fc.constantFrom('text', 'image_url', 'image', 'tool_use', 'tool_result', 'thinking', 'input_audio', 'other'),
        text: anyJson,
        image_url: anyJson,
        source: anyJson,
        input: anyJson,
        content: anyJson,
        input_audio: anyJson,
      },
      { requiredKeys: ['type'] },
    ),
    { maxLength: 4 },
  )
  .map((b) => JSON.stringify(b));
const nested = (maxDepth: number) =>
  fc.integer({ min: 1, max: maxDepth }).map((depth) => '['.repeat(depth) + '{"a":'.repeat(2) + '1}}' + ']'.repeat(depth));
/** Deep, but within what JSON.stringify can encode again (V8 overflows somewhere past 4,000 levels). */
const deepJson = nested(2_000);
/** Deeper than JSON.stringify can re-encode: mapping must still not throw. */
const tooDeepJson = nested(20_000);
const huge = fc.constantFrom('x'.repeat(1_000_000), `[${'"y",'.repeat(100_000)}"y"]`);

const attributeValue: fc.Arbitrary<AttributeValue> = fc.oneof(
  { weight: 4, arbitrary: fc.string() },
  { weight: 4, arbitrary: messagesJson },
  { weight: 2, arbitrary: blocksJson },
  { weight: 2, arbitrary: anyJson.map((v) => JSON.stringify(v)) },
  { weight: 2, arbitrary: fc.oneof(fc.double(), fc.integer(), fc.constantFrom(NaN, Infinity, -Infinity, -1, 0)) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 2, arbitrary: fc.array(fc.string(), { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.array(fc.oneof(fc.double(), fc.integer()), { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom('null', '', '[', '{', '"', '[]', '{}', '""', 'true') },
  { weight: 1, arbitrary: deepJson },
);

const attributeKey = fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...KEYS) }, { weight: 1, arbitrary: fc.string() });
/** Built with Object.fromEntries so that `__proto__` is an own key, as an exporter or OTLP decoder would give it. */
const attributes: fc.Arbitrary<Attributes> = fc
  .array(fc.tuple(attributeKey, attributeValue), { maxLength: 25 })
  .map((entries) => Object.fromEntries(entries) as Attributes);

const events: fc.Arbitrary<SpanEventData[]> = fc.array(
  fc.record({ name: fc.constantFrom(...EVENT_NAMES), attributes }),
  { maxLength: 4 },
);

const span: fc.Arbitrary<SpanData> = fc.record(
  {
    name: fc.string(),
    attributes,
    events,
    status: fc.record({ code: fc.constantFrom(0, 1, 2), message: fc.option(fc.string(), { nil: undefined }) }),
    instrumentationScope: fc.record({ name: fc.constantFrom(...SCOPES), version: fc.option(fc.constantFrom('0.22.6', '0.27.0', '0.28.0', 'x', ''), { nil: undefined }) }),
  },
  { requiredKeys: ['name', 'attributes'] },
);

/** The shared oracle, plus: the I/O shape is the one the kind wants (messages only on llm spans). */
function assertWellFormed(mapped: MappedSpan): void {
  expectWellFormed(mapped);
  if (mapped.kind !== 'llm') expect(mapped.input.messages ?? mapped.output.messages).toBeUndefined();
  if (mapped.kind !== 'embedding' && mapped.kind !== 'retrieval') expect(mapped.input.documents ?? mapped.output.documents).toBeUndefined();
}

describe('mapSpan on random GenAI / OpenLLMetry / OpenLIT attributes (fast-check)', () => {
  it('never throws and always returns a well-formed span (or none)', () => {
    fc.assert(
      fc.property(span, (s) => {
        const mapped = mapSpan(s);
        if (mapped) assertWellFormed(mapped);
      }),
      { numRuns: 600 },
    );
  });

  it('maps random message JSON on an llm span without a mapper throwing', () => {
    fc.assert(
      fc.property(
        fc.record({ input: messagesJson, output: messagesJson, system: fc.oneof(messagesJson, fc.string(), anyJson.map((v) => JSON.stringify(v))) }),
        fc.constantFrom(...SCOPES),
        ({ input, output, system }, scope) => {
          const mapped = mapSpan({
            name: 'chat',
            attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.input.messages': input, 'gen_ai.output.messages': output, 'gen_ai.system_instructions': system },
            events: [{ name: 'gen_ai.client.inference.operation.details', attributes: { 'gen_ai.input.messages': output } }],
            instrumentationScope: { name: scope },
          });
          expect(mapped?.kind).toBe('llm');
          assertWellFormed(mapped as MappedSpan);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('reconcileNestedModelSpans keeps spans well-formed', () => {
    fc.assert(
      fc.property(span, fc.array(span, { maxLength: 3 }), (parent, children) => {
        const p = mapSpan(parent);
        if (!p) return;
        const kids = children.map((c) => mapSpan(c)).filter((c): c is MappedSpan => c !== undefined);
        assertWellFormed(reconcileNestedModelSpans(p, kids));
      }),
      { numRuns: 200 },
    );
  });

  it('survives huge values', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KEYS), huge, fc.constantFrom('chat', 'embeddings', 'retrieval', 'execute_tool', 'invoke_agent'), (key, value, op) => {
        assertWellFormed(mapSpan({ name: 's', attributes: { 'gen_ai.operation.name': op, [key]: value } }) as MappedSpan);
      }),
      { numRuns: 40 },
    );
    // Megabyte values: slower on a loaded CI machine. A ceiling for the run, not a timing assertion.
  }, 30_000);

  it('does not throw on JSON nested deeper than JSON.stringify can re-encode', () => {
    // Parsed objects this deep (tool-call arguments, schemas) are kept as they are: re-encoding them
    // is the encoder's concern. Mapping must not throw, and no mapper may fail.
    fc.assert(
      fc.property(fc.constantFrom(...KEYS), tooDeepJson, fc.constantFrom('chat', 'embeddings', 'retrieval', 'execute_tool', 'invoke_agent'), (key, value, op) => {
        const mapped = mapSpan({ name: 's', attributes: { 'gen_ai.operation.name': op, [key]: value } });
        expect(SPAN_KINDS).toContain(mapped?.kind);
        for (const problem of mapped?.collectionErrors ?? []) expect(problem).not.toMatch(/mapping failed|detection failed/);
      }),
      { numRuns: 40 },
    );
  });
});
