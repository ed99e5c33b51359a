import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AnnotationOptions, LLMObsNamedSpanOptions } from '../../src/api/types.js';
import { encodeSpanEvent } from '../../src/datadog/encode-span-event.js';
import { captureDiag } from '../datadog/diag-capture.js';
import { blankProcessorEnv } from '../processor/env.js';
import type { Harness } from '../processor/harness.js';
import { byName, createHarness, resetRuntime } from '../processor/harness.js';

let h: Harness;
let logs: ReturnType<typeof captureDiag>;
beforeEach(() => {
  blankProcessorEnv();
  logs = captureDiag();
  h = createHarness();
});
afterEach(async () => {
  await h.shutdown();
  resetRuntime();
  logs.restore();
  vi.unstubAllEnvs();
});

type Kind = LLMObsNamedSpanOptions['kind'];

/** Annotates a fresh span of `kind` with `bad`, then with a valid metadata; returns the error (if any). */
function annotateOnce(kind: Kind, name: string, bad: unknown): Error | undefined {
  let error: Error | undefined;
  h.llmobs.trace({ kind, name }, () => {
    try {
      h.llmobs.annotate(bad as AnnotationOptions);
    } catch (e) {
      error = e as Error;
    }
    h.llmobs.annotate({ metadata: { after: 'ok' } });
  });
  return error;
}

describe('annotate() validation (spec §7, dd-trace messages)', () => {
  const throwing: Array<[string, Kind, unknown, string]> = [
    ['message content not a string', 'llm', { inputData: [{ role: 'user', content: 5 }, { role: 'user', content: 'kept?' }] }, '"Message content" must be a string.'],
    ['message role not a string', 'llm', { inputData: [{ role: 7, content: 'x' }] }, '"Message role" must be a string.'],
    ['message that is a number', 'llm', { inputData: [42] }, 'Messages must be a string, object, or list of objects'],
    ['tool call arguments as a string', 'llm', { outputData: [{ role: 'assistant', toolCalls: [{ name: 't', arguments: 'x' }] }] }, '"Tool arguments" must be an object.'],
    ['metric that is not a number', 'llm', { metrics: { inputTokens: '10', outputTokens: 3 } }, "Value for metric 'inputTokens' must be a number, instead got 10"],
    ['document text not a string', 'retrieval', { outputData: [{ text: 1 }] }, 'Document text must be a string.'],
    ['document score not a number', 'retrieval', { outputData: [{ text: 'a', score: 'high' }] }, '"Document score" must be a number.'],
    ['prompt not an object', 'llm', { prompt: 'not an object' }, 'Prompt must be an object.'],
    ['prompt variables not string→string', 'llm', { prompt: { id: 'p', variables: { a: 1 } } }, 'Prompt variables must be an object of string key-value pairs.'],
    ['tool definitions not an array', 'llm', { toolDefinitions: 'x' }, 'Tool definitions must be a non-empty array.'],
    ['tool definitions all invalid', 'llm', { toolDefinitions: [{ description: 'no name' }] }, 'Tool definitions must be a non-empty array.'],
    ['input that cannot be serialized', 'task', { inputData: 10n }, 'Failed to parse input value, must be JSON serializable.'],
    ['output that cannot be serialized', 'workflow', { outputData: 10n }, 'Failed to parse output value, must be JSON serializable.'],
  ];

  it.each(throwing)('throws on %s, applies nothing from that call, and the span still ships', async (_label, kind, bad, message) => {
    const error = annotateOnce(kind, 'v', bad);
    expect(error?.message).toBe(message);
    expect(error?.name).toBe('Error');
    const [span] = await h.exported();
    expect(span?.metadata).toEqual({ after: 'ok' });
    expect(span?.input).toEqual({});
    expect(span?.output).toEqual({});
    expect(span?.metrics).toEqual({});
  });

  it('is atomic: a bad field discards the valid fields of the same call', async () => {
    const error = annotateOnce('llm', 'v', { inputData: [{ role: 'user', content: 'fine' }], metadata: { m: 1 }, metrics: { inputTokens: 'x' } });
    expect(error?.message).toContain("Value for metric 'inputTokens'");
    const [span] = await h.exported();
    expect(span?.input).toEqual({});
    expect(span?.metadata).toEqual({ after: 'ok' });
  });

  it('keeps a message without content as content ""; a string as [{content, role: ""}]', async () => {
    annotateOnce('llm', 'no-content', { inputData: [{ role: 'user' }] });
    annotateOnce('llm', 'strings', { inputData: 'just a string', outputData: 'answer string' });
    const spans = await h.exported();
    expect(byName(spans, 'no-content').input.messages).toEqual([{ role: 'user', content: '' }]);
    expect(byName(spans, 'strings').input.messages).toEqual([{ role: '', content: 'just a string' }]);
    expect(byName(spans, 'strings').output.messages).toEqual([{ role: '', content: 'answer string' }]);
  });

  it('drops toolId on a non-tool message with a warning', async () => {
    expect(annotateOnce('llm', 'v', { inputData: [{ role: 'user', content: 'x', toolId: 'call_9' }] })).toBeUndefined();
    expect((await h.exported())[0]?.input.messages).toEqual([{ role: 'user', content: 'x' }]);
    expect(logs.text()).toContain('Tool ID for tool message not associated with a "tool" role, instead got "user"');
  });

  it('skips invalid tool definition entries and fields with warnings', async () => {
    expect(annotateOnce('llm', 'v', { toolDefinitions: [{ name: 'ok', description: 5 }, { description: 'no name' }] })).toBeUndefined();
    expect((await h.exported())[0]?.toolDefinitions).toEqual([{ name: 'ok' }]);
    expect(logs.text()).toContain('Tool definition "description" at index 0 must be a string. Skipping field.');
    expect(logs.text()).toContain('Tool definition at index 1 must have a non empty string "name". Skipping.');
  });

  it('drops a prompt on a non-llm span and an agent manifest on a non-agent span, with warnings', async () => {
    expect(annotateOnce('task', 'v', { inputData: 'x', prompt: { id: 'ignored', template: 't' }, agent: { instructions: 'x' } })).toBeUndefined();
    const [span] = await h.exported();
    expect(span?.input).toEqual({ value: 'x' });
    expect(span?.metadata).toEqual({ after: 'ok' });
    expect(logs.text()).toContain('Dropping prompt on non-LLM span kind');
  });

  it('keeps a span whose metadata is not an object (dd-trace drops the whole span) and reports the field', async () => {
    expect(annotateOnce('task', 'v', { metadata: 'a string' })).toBeUndefined();
    const [span] = await h.exported();
    expect(span?.metadata).toEqual({ after: 'ok' });
    expect(span?.collectionErrors).toEqual(['llmobs: metadata must be an object, got string: ignored']);
    expect(encodeSpanEvent(span!).collection_errors).toEqual(['llmobs: metadata must be an object, got string: ignored']);
  });

  it('replaces circular and BigInt metadata values by "Unserializable value"', async () => {
    const circ: Record<string, unknown> = {};
    circ.self = circ;
    annotateOnce('task', 'v', { metadata: { circ, big: 10n } });
    expect((await h.exported())[0]?.metadata).toEqual({ circ: { self: 'Unserializable value' }, big: 'Unserializable value', after: 'ok' });
  });

  it('a nested metadata value whose getter throws costs that value only, not the annotation', async () => {
    const inner = {
      ok: 1,
      get bad(): never {
        throw new Error('getter');
      },
    };
    h.llmobs.trace({ kind: 'task', name: 'v' }, () => h.llmobs.annotate({ inputData: 'in', metadata: { inner } }));
    const [span] = await h.exported();
    expect(span?.input.value).toBe('in');
    expect(span?.metadata).toEqual({ inner: { ok: 1, bad: 'Unserializable value' } });
  });

  it('ignores falsy input and output (0, false, "")', async () => {
    annotateOnce('task', 'zero', { inputData: 0, outputData: false });
    annotateOnce('task', 'empty', { inputData: '' });
    annotateOnce('task', 'numbers', { inputData: 42, outputData: true });
    const spans = await h.exported();
    expect(byName(spans, 'zero').input).toEqual({});
    expect(byName(spans, 'zero').output).toEqual({});
    expect(byName(spans, 'empty').input).toEqual({});
    expect(byName(spans, 'numbers').input).toEqual({ value: '42' });
    expect(byName(spans, 'numbers').output).toEqual({ value: 'true' });
  });

  it('tags: a string spreads into index keys; objects, arrays and null as dd-trace formats them', async () => {
    annotateOnce('task', 'string', { tags: 'ab' });
    annotateOnce('task', 'nested', { tags: { obj: { a: 1 }, arr: ['x', 'y'], nul: null, n: 1, b: false } });
    const spans = await h.exported();
    expect(byName(spans, 'string').tags).toEqual({ 0: 'a', 1: 'b' });
    expect(byName(spans, 'nested').tags).toEqual({ obj: '[object Object]', arr: ['x', 'y'], nul: '', n: '1', b: 'false' });
  });

  it('merges metadata, metrics and tags across calls; replaces I/O', async () => {
    h.llmobs.trace({ kind: 'llm', name: 'merge' }, () => {
      h.llmobs.annotate({ inputData: 'first', metadata: { a: 1, b: 1 }, metrics: { inputTokens: 1 }, tags: { x: '1', y: '1' } });
      h.llmobs.annotate({ inputData: 'second', metadata: { b: 2 }, metrics: { outputTokens: 2 }, tags: { x: '2' } });
    });
    const [span] = await h.exported();
    expect(span?.input.messages).toEqual([{ role: '', content: 'second' }]);
    expect(span?.metadata).toEqual({ a: 1, b: 2 });
    expect(span?.metrics).toEqual({ input_tokens: 1, output_tokens: 2, total_tokens: 3 });
    expect(Object.entries(span!.tags)).toEqual([
      ['x', '2'],
      ['y', '1'],
    ]);
  });

  it('renames camelCase metrics to the wire names', async () => {
    annotateOnce('llm', 'v', {
      metrics: { inputTokens: 1, outputTokens: 2, totalTokens: 3, cacheReadTokens: 4, cacheWriteTokens: 5, cacheWrite5mTokens: 6, cacheWrite1hTokens: 7, reasoningOutputTokens: 8, custom: 9 },
    });
    expect((await h.exported())[0]?.metrics).toEqual({
      input_tokens: 1,
      output_tokens: 2,
      total_tokens: 3,
      cache_read_input_tokens: 4,
      cache_write_input_tokens: 5,
      ephemeral_5m_input_tokens: 6,
      ephemeral_1h_input_tokens: 7,
      reasoning_output_tokens: 8,
      custom: 9,
    });
  });

  it('records costTags that reference span tags in metadata._dd.cost_tags', async () => {
    annotateOnce('llm', 'v', { tags: { team: 'a', tier: 'b' }, costTags: ['team', 'missing', 3] });
    expect((await h.exported())[0]?.metadata).toEqual({ _dd: { cost_tags: ['team'] }, after: 'ok' });
    expect(logs.text()).toContain('costTags entry "missing" must reference a key present in span tags. Skipping entry.');
  });

  it('image and audio parts are validated and kept', async () => {
    annotateOnce('llm', 'media', {
      inputData: [{ role: 'user', content: 'look', imageParts: [{ mimeType: 'image/png', content: 'aGVsbG8=' }], audioParts: { mimeType: 'audio/wav', attachmentKey: 'k1' } }],
    });
    expect((await h.exported())[0]?.input.messages).toEqual([
      { role: 'user', content: 'look', imageParts: [{ mimeType: 'image/png', content: 'aGVsbG8=' }], audioParts: [{ mimeType: 'audio/wav', attachmentKey: 'k1' }] },
    ]);
    expect(annotateOnce('llm', 'bad', { inputData: [{ role: 'user', imageParts: [{ mimeType: 'image/png' }] }] })?.message).toBe(
      "Image part must have either 'content' or 'attachmentKey'.",
    );
  });
});

describe('annotate() targets', () => {
  it('throws without an active span, on a finished span, and on a span not created by the API', () => {
    expect(() => h.llmobs.annotate({ inputData: 'x' })).toThrow('No span provided and no active LLMObs-generated span found');
    let finished: unknown;
    h.llmobs.trace({ kind: 'task', name: 'done' }, (s) => {
      finished = s;
    });
    expect(() => h.llmobs.annotate(finished as never, { inputData: 'x' })).toThrow('Cannot annotate a finished span');
    const plain = h.tracer.startSpan('plain');
    expect(() => h.llmobs.annotate(plain, { inputData: 'x' })).toThrow('Span must be an LLMObs-generated span');
    plain.end();
    h.llmobs.trace({ kind: 'task', name: 't' }, (span) => {
      expect(() => h.llmobs.annotate(span as never)).toThrow('No options provided for annotation.');
    });
  });

  it('annotates an explicit span from outside its callback while it is still open', async () => {
    await h.llmobs.trace({ kind: 'workflow', name: 'outer' }, async (outer) => {
      await h.llmobs.trace({ kind: 'task', name: 'inner' }, async () => {
        await Promise.resolve();
        h.llmobs.annotate(outer, { outputData: 'set from inside inner' });
      });
    });
    expect(byName(await h.exported(), 'outer').output.value).toBe('set from inside inner');
  });

  it('writes the annotation once, just before the span ends, in the shape mapping/llmobs.ts reads', () => {
    h.llmobs.trace({ kind: 'llm', name: 'chat' }, () => {
      h.llmobs.annotate({ inputData: [{ role: 'user', content: 'q' }], metadata: { t: 1 }, metrics: { inputTokens: 1 }, tags: { k: 'v' }, prompt: { id: 'p', template: 'x {{y}}', variables: { y: 'z' } }, toolDefinitions: [{ name: 't' }] });
      expect(Object.keys(h.stockExporter.getFinishedSpans())).toHaveLength(0);
    });
    const [original] = h.stockExporter.getFinishedSpans();
    expect(original?.attributes).toEqual({
      '_dd.ml_obs.span_kind': 'llm',
      '_dd.ml_obs.name': 'chat',
      '_dd.ml_obs.input': '{"messages":[{"role":"user","content":"q"}]}',
      '_dd.ml_obs.prompt_tracking': '{"id":"p","variables":{"y":"z"},"template":"x {{y}}","contextVariableKeys":["context"],"queryVariableKeys":["question"]}',
      '_dd.ml_obs.metadata': '{"t":1}',
      '_dd.ml_obs.metrics': '{"input_tokens":1}',
      '_dd.ml_obs.tags': '{"k":"v"}',
      '_dd.ml_obs.tool_definitions': '[{"name":"t"}]',
    });
  });
});

describe('annotationContext()', () => {
  it('applies name, tags and prompt to every LLM Observability span started inside, third-party ones included', async () => {
    h.llmobs.annotationContext({ tags: { experiment: 'b' }, name: 'renamed', prompt: { id: 'ctx-prompt', template: 'T' } }, () => {
      h.llmobs.trace({ kind: 'workflow', name: 'wf' }, () => {
        h.llmobs.annotate({ tags: { own: '1', experiment: 'own-wins' } });
        h.tracer.startSpan('chat gpt-4o', { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' } }).end();
      });
    });
    h.tracer.startSpan('outside', { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' } }).end();
    const spans = await h.exported();
    expect(spans.map((s) => s.name)).toEqual(['renamed', 'renamed', 'outside']);
    const [chat, wf, outside] = spans;
    expect(chat?.kind).toBe('llm');
    expect(chat?.tags).toEqual({ experiment: 'b' });
    expect(chat?.input.prompt).toEqual({ id: 'ctx-prompt', template: 'T', contextVariableKeys: ['context'], queryVariableKeys: ['question'] });
    expect(wf?.tags).toEqual({ experiment: 'own-wins', own: '1' });
    expect(wf?.input.prompt).toBeUndefined(); // llm spans only
    expect(outside?.tags).toEqual({});
  });

  it('nested contexts replace the outer values they set', async () => {
    h.llmobs.annotationContext({ tags: { a: '1' }, name: 'outer' }, () => {
      h.llmobs.annotationContext({ tags: { b: '2' } }, () => {
        h.llmobs.trace({ kind: 'task', name: 't' }, () => {});
      });
    });
    const [span] = await h.exported();
    expect(span?.name).toBe('outer');
    expect(span?.tags).toEqual({ b: '2' });
  });

  it('validates the prompt like annotate()', () => {
    expect(() => h.llmobs.annotationContext({ prompt: 'x' as never }, () => {})).toThrow('Prompt must be an object.');
  });
});

describe('annotate() never corrupts the span', () => {
  it('any input either throws an Error or yields a span the encoder accepts', async () => {
    const kinds: Kind[] = ['llm', 'embedding', 'retrieval', 'tool', 'task', 'workflow', 'agent'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...kinds), fc.anything(), fc.anything(), fc.anything(), fc.anything(), async (kind, inputData, outputData, metadata, tags) => {
        const local = createHarness();
        try {
          local.llmobs.trace({ kind, name: 'p' }, () => {
            try {
              local.llmobs.annotate({ inputData, outputData, metadata, tags } as AnnotationOptions);
            } catch (e) {
              expect(e).toBeInstanceOf(Error);
            }
          });
          const [span] = await local.exported();
          expect(span).toBeDefined();
          const event = encodeSpanEvent(span!);
          expect(() => JSON.stringify(event)).not.toThrow();
          expect(event.meta['span.kind']).toBe(kind);
        } finally {
          await local.shutdown();
        }
      }),
      { numRuns: 150 },
    );
  });
});
