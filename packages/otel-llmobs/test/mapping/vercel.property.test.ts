import type { Attributes, AttributeValue } from '@opentelemetry/api';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { mapSpan } from '../../src/mapping/map-span.js';
import { expectWellFormed } from './well-formed.js';

const anyJson = fc.jsonValue({ maxDepth: 3 });
const brokenJson = fc.oneof(fc.string().map((s) => `[{${s}`), fc.string().map((s) => `{"role":${s}`), fc.constantFrom('', 'null', '[null]', '[[]]', '{}'));

/** AI SDK content parts, with each field sometimes of the wrong type. */
const part = fc.record(
  {
    type: fc.oneof(
      fc.constantFrom('text', 'reasoning', 'redacted-reasoning', 'image', 'file', 'tool-call', 'tool-result', 'tool-approval-request', 'source'),
      fc.string(),
    ),
    text: fc.oneof(fc.string(), anyJson),
    data: fc.oneof(fc.string(), anyJson),
    image: fc.oneof(fc.webUrl(), fc.base64String(), anyJson),
    mediaType: fc.oneof(fc.constantFrom('image/png', 'audio/wav', 'application/pdf', 'image'), anyJson),
    toolCallId: fc.oneof(fc.string(), anyJson),
    toolName: fc.oneof(fc.string(), anyJson),
    input: anyJson,
    args: fc.oneof(fc.json(), anyJson),
    providerExecuted: anyJson,
    result: anyJson,
    output: fc.oneof(
      fc.record(
        {
          type: fc.oneof(fc.constantFrom('text', 'json', 'error-text', 'error-json', 'content', 'execution-denied'), fc.string()),
          value: fc.oneof(anyJson, fc.array(fc.record({ type: fc.constantFrom('text', 'media', 'file', 'image-url', 'file-id', 'custom', 'x'), text: anyJson, mediaType: anyJson }, { requiredKeys: [] }))),
          reason: anyJson,
        },
        { requiredKeys: [] },
      ),
      anyJson,
    ),
  },
  { requiredKeys: [] },
);
const message = fc.record(
  {
    role: fc.oneof(fc.constantFrom('system', 'user', 'assistant', 'tool'), anyJson),
    content: fc.oneof(fc.string(), fc.array(fc.oneof(part, anyJson), { maxLength: 6 }), anyJson),
  },
  { requiredKeys: [] },
);
const messagesJson = fc.oneof(
  fc.array(fc.oneof(message, anyJson), { maxLength: 6 }).map((list) => JSON.stringify(list)),
  brokenJson,
  anyJson.map((v) => JSON.stringify(v)),
);
const promptJson = fc.oneof(
  fc
    .record(
      { system: fc.oneof(fc.string(), anyJson), prompt: fc.oneof(fc.string(), fc.array(message, { maxLength: 3 }), anyJson), messages: fc.oneof(fc.array(message, { maxLength: 4 }), anyJson) },
      { requiredKeys: [] },
    )
    .map((p) => JSON.stringify(p)),
  brokenJson,
  fc.string(),
);
const toolCallsJson = fc.oneof(
  fc.array(fc.oneof(part, anyJson), { maxLength: 4 }).map((list) => JSON.stringify(list)),
  brokenJson,
);
const providerMetadataJson = fc.oneof(
  fc
    .record(
      {
        anthropic: fc.oneof(fc.record({ cacheCreationInputTokens: fc.oneof(fc.nat(), anyJson), cacheReadInputTokens: fc.oneof(fc.nat(), anyJson) }, { requiredKeys: [] }), anyJson),
        bedrock: fc.oneof(fc.record({ usage: fc.record({ cacheReadInputTokens: anyJson, cacheWriteInputTokens: fc.oneof(fc.nat(), anyJson) }, { requiredKeys: [] }) }), anyJson),
        openai: anyJson,
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
  brokenJson,
);
const count: fc.Arbitrary<AttributeValue> = fc.oneof(fc.nat(1_000_000), fc.integer(), fc.double(), fc.string(), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY));
const scalarValue: fc.Arbitrary<AttributeValue> = fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.array(fc.string(), { maxLength: 3 }), fc.json());
const jsonItems: fc.Arbitrary<AttributeValue> = fc.oneof(
  fc.array(anyJson.map((v) => JSON.stringify(v)), { maxLength: 4 }),
  fc.array(fc.string(), { maxLength: 4 }),
  fc.array(fc.double(), { maxLength: 4 }),
  fc.string(),
  fc.double(),
);

const VERCEL_VALUES: Array<[string, fc.Arbitrary<AttributeValue>]> = [
  ['ai.prompt.messages', messagesJson],
  ['ai.prompt', promptJson],
  ['ai.prompt.tools', fc.oneof(fc.array(fc.oneof(fc.json(), fc.string()), { maxLength: 3 }), fc.json(), fc.string())],
  ['ai.prompt.toolChoice', fc.oneof(fc.json(), fc.string())],
  ['ai.schema', fc.oneof(fc.json(), fc.string())],
  ['ai.response.text', scalarValue],
  ['ai.response.reasoning', scalarValue],
  ['ai.response.object', scalarValue],
  ['ai.response.toolCalls', toolCallsJson],
  ['ai.response.finishReason', scalarValue],
  ['ai.response.model', scalarValue],
  ['ai.response.providerMetadata', providerMetadataJson],
  ['ai.response.msToFirstChunk', count],
  ['ai.model.id', scalarValue],
  ['ai.model.provider', fc.oneof(fc.constantFrom('openai.chat', 'anthropic.messages', 'azure-openai.chat', '.x', 'x.', '', 'constructor.chat'), fc.string())],
  ['gen_ai.system', fc.oneof(fc.constantFrom('openai.chat', 'OpenAI', '__proto__'), fc.string())],
  ['ai.telemetry.functionId', scalarValue],
  ['ai.toolCall.name', scalarValue],
  ['ai.toolCall.id', scalarValue],
  ['ai.toolCall.args', scalarValue],
  ['ai.toolCall.result', scalarValue],
  ['ai.value', scalarValue],
  ['ai.values', jsonItems],
  ['ai.embedding', fc.oneof(jsonItems, fc.json())],
  ['ai.embeddings', jsonItems],
  ['ai.usage.inputTokens', count],
  ['ai.usage.promptTokens', count],
  ['ai.usage.tokens', count],
  ['ai.usage.outputTokens', count],
  ['ai.usage.completionTokens', count],
  ['ai.usage.totalTokens', count],
  ['ai.usage.reasoningTokens', count],
  ['ai.usage.cachedInputTokens', count],
  ['ai.usage.inputTokenDetails.noCacheTokens', count],
  ['ai.usage.inputTokenDetails.cacheReadTokens', count],
  ['ai.usage.inputTokenDetails.cacheWriteTokens', count],
  ['ai.usage.outputTokenDetails.reasoningTokens', count],
  ['ai.settings.maxOutputTokens', scalarValue],
  ['ai.settings.temperature', scalarValue],
  ['ai.settings.', scalarValue],
  ['ai.settings.context.sessionId', scalarValue],
  ['ai.settings.context.tenant', scalarValue],
  ['ai.settings.context.', scalarValue],
  ['ai.telemetry.metadata.userId', scalarValue],
  ['ai.telemetry.metadata.tenant', scalarValue],
  ['ai.telemetry.metadata.', scalarValue],
  ['ai.telemetry.metadata.__proto__', scalarValue],
  ['ai.settings.__proto__', scalarValue],
];

const operationId = fc.oneof(
  fc.constantFrom(
    'ai.generateText',
    'ai.streamText',
    'ai.generateObject',
    'ai.streamObject',
    'ai.generateText.doGenerate',
    'ai.streamText.doStream',
    'ai.embed',
    'ai.embedMany',
    'ai.embed.doEmbed',
    'ai.embedMany.doEmbed',
    'ai.toolCall',
  ),
  fc.string().map((s) => `ai.${s}`),
);

const vercelAttributes: fc.Arbitrary<Attributes> = fc
  .tuple(
    operationId,
    fc.subarray(VERCEL_VALUES).chain((picked) => fc.tuple(...picked.map(([k, v]) => v.map((value) => [k, value] as const)))),
  )
  .map(([op, entries]) => ({ 'ai.operationId': op, ...Object.fromEntries(entries) }));

describe('Vercel AI SDK mapping (property)', () => {
  it('never throws and always gives a well-formed span for random ai.* attributes', () => {
    fc.assert(
      fc.property(vercelAttributes, fc.boolean(), fc.constantFrom(0, 1, 2), (attrs, keepName, code) => {
        const op = attrs['ai.operationId'] as string;
        const m = mapSpan({ name: keepName ? op : 'renamed', attributes: attrs, status: { code }, instrumentationScope: { name: 'ai' } });
        expectWellFormed(m);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on random ai.prompt.messages / ai.response.toolCalls JSON', () => {
    fc.assert(
      fc.property(messagesJson, toolCallsJson, providerMetadataJson, (msgs, calls, meta) => {
        const m = mapSpan({
          name: 'ai.generateText.doGenerate',
          attributes: { 'ai.operationId': 'ai.generateText.doGenerate', 'ai.prompt.messages': msgs, 'ai.response.toolCalls': calls, 'ai.response.providerMetadata': meta },
        });
        expectWellFormed(m);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on ai.* extras riding on semconv spans (ai 7 @ai-sdk/otel)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('chat', 'embeddings', 'invoke_agent', 'execute_tool', 'agent_step'),
        vercelAttributes,
        (operation, attrs) => {
          const { ['ai.operationId']: _dropped, ...extras } = attrs;
          expectWellFormed(mapSpan({ name: `${operation} m`, attributes: { 'gen_ai.operation.name': operation, ...extras }, instrumentationScope: { name: 'gen_ai' } }));
        },
      ),
      { numRuns: 300 },
    );
  });
});
