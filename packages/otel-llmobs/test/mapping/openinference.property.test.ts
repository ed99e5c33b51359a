import type { Attributes, AttributeValue } from '@opentelemetry/api';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { mapSpan } from '../../src/mapping/map-span.js';
import { expectWellFormed } from './well-formed.js';

/** Any value an OTel attribute can hold, plus JSON-looking and broken-JSON strings. */
const jsonText = fc.oneof(
  fc.json(),
  fc.string().map((s) => `{${s}`),
  fc.string().map((s) => `[${s}`),
  fc.constantFrom('null', '[]', '{}', '"x"', '[1,"a",null]', '{"a":{"b":[]}}', 'NaN', '{"__proto__":{"a":1}}', '["__proto__:x","constructor"]'),
);
const attributeValue: fc.Arbitrary<AttributeValue> = fc.oneof(
  fc.string(),
  jsonText,
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1, 0, Number.MAX_SAFE_INTEGER),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 4 }),
  fc.array(jsonText, { maxLength: 4 }),
  fc.array(fc.double(), { maxLength: 4 }),
  fc.array(fc.option(fc.boolean(), { nil: null }), { maxLength: 3 }),
);

/** Indices: small, sparse, negative, huge, non-numeric. */
const index = fc.oneof(fc.nat(6), fc.constantFrom('-1', '9007199254740993', '1e21', '00', 'x', ''));

const MESSAGE_SUFFIXES = [
  'message.role',
  'message.content',
  'message.name',
  'message.tool_call_id',
  'message.function_call_name',
  'message.function_call_arguments_json',
  'message.tool_calls.0.tool_call.id',
  'message.tool_calls.0.tool_call.function.name',
  'message.tool_calls.0.tool_call.function.arguments',
  'message.tool_calls.-1.tool_call.function.name',
  'message.tool_calls.9999999999.tool_call.function.arguments',
  'message.contents.0.message_content.type',
  'message.contents.0.message_content.text',
  'message.contents.1.message_content.image.image.url',
  'message.contents.2.message_content.audio.audio.url',
  'message.contents.2.message_content.audio.audio.mime_type',
  'message',
  '',
];
const INDEXED_PREFIXES: Array<[string, string[]]> = [
  ['llm.input_messages', MESSAGE_SUFFIXES],
  ['llm.output_messages', MESSAGE_SUFFIXES],
  ['llm.tools', ['tool.json_schema', 'tool.name', 'tool.description', 'tool.parameters', '']],
  ['llm.prompts', ['prompt.text', '']],
  ['embedding.embeddings', ['embedding.text', 'embedding.vector', '']],
  ['retrieval.documents', ['document.content', 'document.id', 'document.score', 'document.metadata']],
  ['reranker.input_documents', ['document.content', 'document.id', 'document.score', 'document.metadata']],
  ['reranker.output_documents', ['document.content', 'document.id', 'document.score', 'document.metadata']],
];
const FLAT_KEYS = [
  'input.value',
  'input.mime_type',
  'output.value',
  'output.mime_type',
  'llm.model_name',
  'llm.response.model_name',
  'llm.request.model_name',
  'llm.provider',
  'llm.system',
  'llm.invocation_parameters',
  'llm.finish_reason',
  'llm.prompts',
  'llm.token_count.prompt',
  'llm.token_count.completion',
  'llm.token_count.total',
  'llm.token_count.prompt_details.cache_read',
  'llm.token_count.prompt_details.cache_write',
  'llm.token_count.prompt_details.audio',
  'llm.token_count.completion_details.reasoning',
  'llm.token_count.completion_details.audio',
  'llm.cost.total',
  'llm.prompt_template.template',
  'llm.prompt_template.variables',
  'llm.prompt_template.version',
  'prompt.id',
  'prompt.vendor',
  'prompt.url',
  'embedding.model_name',
  'reranker.query',
  'reranker.model_name',
  'reranker.top_k',
  'tool.name',
  'tool.description',
  'tool.parameters',
  'tool.id',
  'session.id',
  'user.id',
  'metadata',
  'tag.tags',
  'agent.name',
  'graph.node.id',
  'graph.node.name',
  'graph.node.parent_id',
];

const indexedKey = fc
  .constantFrom(...INDEXED_PREFIXES)
  .chain(([prefix, suffixes]) =>
    fc.tuple(index, fc.constantFrom(...suffixes)).map(([i, suffix]) => (suffix === '' ? `${prefix}.${i}` : `${prefix}.${i}.${suffix}`)),
  );
const key = fc.oneof(fc.constantFrom(...FLAT_KEYS), indexedKey, indexedKey);
const spanKind = fc.oneof(
  fc.constantFrom('LLM', 'EMBEDDING', 'RETRIEVER', 'RERANKER', 'TOOL', 'AGENT', 'CHAIN', 'GUARDRAIL', 'EVALUATOR', 'PROMPT', 'UNKNOWN', 'llm', '__proto__', 'constructor'),
  fc.string(),
);
const attributes: fc.Arbitrary<Attributes> = fc
  .tuple(spanKind, fc.array(fc.tuple(key, attributeValue), { maxLength: 30 }))
  .map(([kind, entries]) => ({ ...Object.fromEntries(entries), 'openinference.span.kind': kind }));

/** Plausible flattened messages with hostile values, to exercise the message reader deeply. */
const messageAttributes: fc.Arbitrary<Attributes> = fc
  .array(fc.tuple(fc.constantFrom('llm.input_messages', 'llm.output_messages'), index, fc.constantFrom(...MESSAGE_SUFFIXES), attributeValue), {
    maxLength: 40,
  })
  .map((entries) => {
    const attrs: Attributes = { 'openinference.span.kind': 'LLM' };
    for (const [prefix, i, suffix, value] of entries) attrs[suffix === '' ? `${prefix}.${i}` : `${prefix}.${i}.${suffix}`] = value;
    return attrs;
  });

const status = fc.option(fc.record({ code: fc.constantFrom(0, 1, 2), message: fc.option(fc.string(), { nil: undefined }) }), { nil: undefined });

describe('OpenInference mapping (property)', () => {
  it('never throws and always gives a well-formed span for random OpenInference attributes', () => {
    fc.assert(
      fc.property(fc.string(), attributes, status, (name, attrs, st) => {
        expectWellFormed(mapSpan({ name, attributes: attrs, status: st }));
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on random flattened messages (sparse, negative, huge indices; wrong types)', () => {
    fc.assert(
      fc.property(messageAttributes, (attrs) => {
        const m = mapSpan({ name: 'llm', attributes: attrs });
        expectWellFormed(m);
      }),
      { numRuns: 500 },
    );
  });
});
