import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Attributes, Tracer } from '@opentelemetry/api';
import { context, ROOT_CONTEXT, SpanStatusCode } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { createLLMObs, LLMObsExporter, LLMObsSpanProcessor } from 'otel-llmobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalServer } from './support/llmobs-kit.js';
import { API_KEY, spanEvents, startIntake } from './support/llmobs-kit.js';
import { AsyncLocalStorageContextManager, NodeTracerProvider, resourceFromAttributes } from './support/sdk.js';

/**
 * Leak test of the sensitive-data stage (issue 17), on the built package: every text of the
 * development corpus is driven through real OTel spans of five conventions (OTel GenAI,
 * OpenLLMetry, OpenInference, Vercel AI SDK, the `llmobs` API) into three processors with their
 * defaults (scanning on): `LLMObsExporter` to a fake intake, and OTLP/JSON exporters to two
 * receivers, vendor attributes kept and stripped. Each received payload is decoded (JSON inside
 * JSON strings too) and every string of a trace is searched: no labelled value may arrive, every
 * labelled decoy must arrive as written.
 */
const CORPUS = fileURLToPath(new URL('../../../shared/sensitive-data/dev-corpus.jsonl', import.meta.url));

interface Item {
  id: string;
  field: string;
  text: string;
  spans: Array<{ start: number; end: number; entity_type: string }>;
  negatives: Array<{ start: number; end: number; kind: string }>;
}
const items: Item[] = readFileSync(CORPUS, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Item);

const CONVENTIONS = ['genai', 'openllmetry', 'openinference', 'vercel', 'llmobs'] as const;
type Convention = (typeof CONVENTIONS)[number];

let intake: LocalServer;
let otlpKeep: LocalServer;
let otlpStrip: LocalServer;
let provider: NodeTracerProvider;
const traces = new Map<string, { item: Item; convention: Convention }>();

function emit(tracer: (scope: string) => Tracer, llmobs: ReturnType<typeof createLLMObs>, convention: Convention, item: Item): string {
  const text = item.text;
  const inRoot = <T>(fn: () => T): T => context.with(ROOT_CONTEXT, fn);
  const plain = (scope: string, name: string, attributes: Attributes, error = false): string =>
    inRoot(() => {
      const span = tracer(scope).startSpan(name, { attributes }, ROOT_CONTEXT);
      if (error) {
        // An exception event and a status message: copies of the content outside the model.
        span.recordException({ name: 'UpstreamError', message: text });
        span.setStatus({ code: SpanStatusCode.ERROR, message: text });
      }
      span.end();
      return span.spanContext().traceId;
    });
  switch (convention) {
    case 'genai':
      return plain(
        'genai-app',
        'chat gpt-4o',
        {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'openai',
          'gen_ai.request.model': 'gpt-4o',
          'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: text }] }]),
          'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: text }], finish_reason: 'stop' }]),
        },
        true,
      );
    case 'openllmetry':
      return plain('@traceloop/instrumentation-openai', 'openai.chat', {
        'llm.request.type': 'chat',
        'gen_ai.system': 'openai',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.prompt.0.role': 'user',
        'gen_ai.prompt.0.content': text,
        'gen_ai.completion.0.role': 'assistant',
        'gen_ai.completion.0.content': text,
      });
    case 'openinference':
      return plain('@arizeai/openinference-instrumentation-openai', 'ChatCompletion', {
        'openinference.span.kind': 'LLM',
        'llm.model_name': 'gpt-4o',
        'llm.provider': 'openai',
        'llm.input_messages.0.message.role': 'user',
        'llm.input_messages.0.message.content': text,
        'llm.output_messages.0.message.role': 'assistant',
        'llm.output_messages.0.message.content': text,
        'input.value': text,
        'output.value': text,
      });
    case 'vercel':
      return plain('ai', 'ai.generateText.doGenerate', {
        'operation.name': 'ai.generateText.doGenerate support',
        'ai.operationId': 'ai.generateText.doGenerate',
        'ai.model.provider': 'openai.chat',
        'ai.model.id': 'gpt-4o',
        'ai.telemetry.metadata.note': text,
        'ai.prompt.messages': JSON.stringify([{ role: 'user', content: [{ type: 'text', text }] }]),
        'ai.response.text': text,
        'ai.response.finishReason': 'stop',
      });
    case 'llmobs':
      return inRoot(() =>
        llmobs.trace({ kind: 'llm', name: 'chat', modelName: 'gpt-4o', modelProvider: 'openai' }, (span) => {
          let args: Record<string, unknown> | undefined;
          try {
            const parsed: unknown = JSON.parse(text);
            if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) args = parsed as Record<string, unknown>;
          } catch {
            args = undefined;
          }
          llmobs.annotate({
            inputData: [
              { role: 'user', content: text },
              ...(args ? [{ role: 'assistant', content: '', toolCalls: [{ name: 'tool', arguments: args, toolId: 'c1' }] }] : []),
              { role: 'tool', content: '', toolResults: [{ result: text, toolId: 'c1', name: 'tool' }] },
            ],
            outputData: [{ role: 'assistant', content: text }],
            metadata: { note: text },
          });
          return span.spanContext().traceId;
        }),
      );
  }
}

beforeAll(async () => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  intake = await startIntake();
  otlpKeep = await startIntake();
  otlpStrip = await startIntake();
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'leak-test' }),
    spanProcessors: [
      new LLMObsSpanProcessor({ exporter: new LLMObsExporter({ intakeUrl: intake.url, apiKey: API_KEY, flushIntervalMillis: 20 }), mlApp: 'leak' }),
      new LLMObsSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${otlpKeep.url}/v1/traces` }), mlApp: 'leak', vendorAttributes: 'keep' }),
      new LLMObsSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${otlpStrip.url}/v1/traces` }), mlApp: 'leak', vendorAttributes: 'strip' }),
    ],
  });
  const llmobs = createLLMObs({ tracerProvider: provider });
  const tracer = (scope: string) => provider.getTracer(scope, '1.0.0');
  for (const convention of CONVENTIONS) for (const item of items) traces.set(emit(tracer, llmobs, convention, item), { item, convention });
  await provider.forceFlush();
}, 120_000);

afterAll(async () => {
  await provider?.shutdown();
  context.disable();
  await Promise.all([intake?.close(), otlpKeep?.close(), otlpStrip?.close()]);
});

/** Every string of a decoded payload, with the strings of JSON held in strings (tool results, GenAI messages) too. */
function collectStrings(value: unknown, out: string[]): string[] {
  if (typeof value === 'string') {
    out.push(value);
    const t = value.trimStart();
    if (t.startsWith('{') || t.startsWith('[')) {
      try {
        collectStrings(JSON.parse(value), out);
      } catch {
        // not JSON
      }
    }
  } else if (Array.isArray(value)) for (const v of value) collectStrings(v, out);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) collectStrings(v, out);
  return out;
}

/** trace id → the strings its spans carried, per output. */
function byTrace(): Record<'intake' | 'keep' | 'strip', Map<string, string[]>> {
  const intakeByTrace = new Map<string, string[]>();
  for (const event of spanEvents(intake)) {
    const list = intakeByTrace.get(event.trace_id) ?? [];
    collectStrings(event, list);
    intakeByTrace.set(event.trace_id, list);
  }
  const otlp = (server: LocalServer) => {
    const map = new Map<string, string[]>();
    for (const request of server.requests.filter((r) => r.path === '/v1/traces')) {
      for (const rs of request.json.resourceSpans ?? [])
        for (const ss of rs.scopeSpans ?? [])
          for (const span of ss.spans ?? []) {
            const list = map.get(span.traceId) ?? [];
            collectStrings(span, list);
            map.set(span.traceId, list);
          }
    }
    return map;
  };
  return { intake: intakeByTrace, keep: otlp(otlpKeep), strip: otlp(otlpStrip) };
}

describe('sensitive data never leaves the process (dev corpus × 5 conventions × 3 outputs)', () => {
  it('no labelled value in any byte sent; every labelled decoy arrives as written', () => {
    const outputs = byTrace();
    expect(traces.size).toBe(items.length * CONVENTIONS.length);
    const leaks: string[] = [];
    const lostDecoys: string[] = [];
    let checkedGold = 0;
    let checkedDecoys = 0;
    for (const [traceId, { item, convention }] of traces) {
      for (const [output, map] of Object.entries(outputs)) {
        const strings = map.get(traceId);
        if (!strings) {
          leaks.push(`${output}: nothing received for ${item.id} (${convention})`);
          continue;
        }
        const all = strings.join('\u0000');
        for (const gold of item.spans) {
          checkedGold++;
          const value = item.text.slice(gold.start, gold.end);
          if (all.includes(value)) leaks.push(`${output}/${convention}/${item.id}: ${gold.entity_type}`);
        }
        for (const decoy of item.negatives) {
          checkedDecoys++;
          if (!all.includes(item.text.slice(decoy.start, decoy.end))) lostDecoys.push(`${output}/${convention}/${item.id}: ${decoy.kind}`);
        }
      }
    }
    // The raw bytes too (nothing hides in an encoding the decoder above does not know).
    const raw = [intake, otlpKeep, otlpStrip].flatMap((s) => s.requests.map((r) => r.body)).join('\n');
    for (const item of items) for (const gold of item.spans) if (raw.includes(item.text.slice(gold.start, gold.end))) leaks.push(`raw bytes: ${item.id} ${gold.entity_type}`);
    expect(leaks).toEqual([]);
    expect(lostDecoys).toEqual([]);
    expect(checkedGold).toBeGreaterThan(3 * 5 * 300);
    expect(checkedDecoys).toBeGreaterThan(3 * 5 * 600);
  });
});
