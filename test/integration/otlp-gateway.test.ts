/* eslint-disable @typescript-eslint/no-explicit-any -- intake payloads are untyped JSON */
import { isDeepStrictEqual } from 'node:util';
import type { RunningGateway } from '@otel-llmobs/cli';
import { startGateway } from '@otel-llmobs/cli';
import { OTLPTraceExporter as OTLPHttpExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OTLPProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { LLMObsExporter, LLMObsSpanProcessor } from 'otel-llmobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureFile } from '../../packages/otel-llmobs/test/helpers/fixtures.js';
import { listFixtureIds, loadFixture } from '../../packages/otel-llmobs/test/helpers/fixtures.js';
import { createFixtureProvider } from '../../packages/otel-llmobs/test/otlp/replay-fixture.js';
import type { LocalServer } from './support/llmobs-kit.js';
import { API_KEY, spanEvents, startIntake } from './support/llmobs-kit.js';
import type { ReadableSpan, SpanProcessor } from './support/sdk.js';
import { BatchSpanProcessor, SimpleSpanProcessor } from './support/sdk.js';

/**
 * The gateway route gives the same intake payload as the in-process route, for the same spans.
 *
 * Every captured fixture (../shared/fixtures) is replayed through a real SDK provider with two
 * pipelines side by side:
 * - in-process: `LLMObsSpanProcessor` + `LLMObsExporter` → intake A;
 * - OTLP: the stock `@opentelemetry/exporter-trace-otlp-proto` (one request per span: every trace
 *   split across requests, children first) or `-http` (JSON, batched) → `otel-llmobs gateway` →
 *   its `LLMObsExporter` → intake B.
 * The span events intakes A and B receive are compared whole (same ids, timestamps, tags, meta,
 * metrics): nothing needs normalizing.
 */

let intakeInProcess: LocalServer;
let intakeGateway: LocalServer;
let gateway: RunningGateway;

beforeAll(async () => {
  intakeInProcess = await startIntake();
  intakeGateway = await startIntake();
  gateway = await startGateway({
    port: 0,
    exporter: new LLMObsExporter({ intakeUrl: intakeGateway.url, apiKey: API_KEY, flushIntervalMillis: 20 }),
    buffer: { quietMs: 200, maxWaitMs: 10_000 },
  });
});

afterAll(async () => {
  await gateway?.close();
  await intakeInProcess?.close();
  await intakeGateway?.close();
});

const fixtures: FixtureFile[] = listFixtureIds()
  .map((id) => loadFixture(id))
  .filter((f) => f.spans.length > 0);

/**
 * Replays each fixture through a provider with two pipelines: in-process (`LLMObsSpanProcessor` →
 * intake A) and `otlp()` (a processor exporting OTLP to the gateway). Returns the OTLP processors.
 */
async function replayBoth<P extends SpanProcessor>(files: readonly FixtureFile[], otlp: () => P): Promise<P[]> {
  const processors: P[] = [];
  for (const fixture of files) {
    const inProcess = new LLMObsSpanProcessor({ exporter: new LLMObsExporter({ intakeUrl: intakeInProcess.url, apiKey: API_KEY, flushIntervalMillis: 20 }) });
    const processor = otlp();
    processors.push(processor);
    const replay = createFixtureProvider(fixture.spans[0]!.resource?.attributes ?? {}, [inProcess, processor]);
    replay.replay(fixture);
    await replay.provider.forceFlush();
    await replay.provider.shutdown();
  }
  return processors;
}

const spanCount = (files: readonly FixtureFile[]): number => files.reduce((n, f) => n + f.spans.length, 0);

async function gatewayDrained(expectedSpans: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const stats = gateway.stats();
    if (stats.requests.spans >= expectedSpans && stats.buffer.traces === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  // Nothing forced out: every trace left the buffer on its own (root arrived, then quiet).
  expect(gateway.stats().buffer.traces).toBe(0);
  await gateway.pipeline.processor.forceFlush();
}

function byId(events: any[]): Map<string, any> {
  const map = new Map<string, any>();
  for (const e of events) {
    expect(map.has(e.span_id), `span ${e.span_id} sent twice`).toBe(false);
    map.set(e.span_id, e);
  }
  return map;
}

/**
 * Intakes A (in-process) and B (gateway) received the same span events for these traces: same span
 * ids, and each event equal whole (the differing paths listed). Returns A's events by span id.
 */
function expectSamePayloads(traceIds: ReadonlySet<string>): Map<string, any> {
  const a = byId(spanEvents(intakeInProcess).filter((e) => traceIds.has(e.trace_id)));
  const b = byId(spanEvents(intakeGateway).filter((e) => traceIds.has(e.trace_id)));
  expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
  const diffs: string[] = [];
  for (const [spanId, event] of a) diffPaths(event, b.get(spanId), `${event.name} (${spanId})`, diffs);
  expect(diffs).toEqual([]);
  return a;
}

describe('gateway route = in-process route, over every fixture', () => {
  it('exporter-trace-otlp-proto, one request per span (every trace split across requests, children first)', async () => {
    await replayBoth(fixtures, () => new SimpleSpanProcessor(new OTLPProtoExporter({ url: `${gateway.url}/v1/traces` })));
    const sent = spanCount(fixtures);
    await gatewayDrained(sent);
    expect(expectSamePayloads(new Set(fixtures.flatMap((f) => f.spans.map((s) => s.traceId)))).size).toBeGreaterThan(150);
    expect(gateway.stats().requests).toMatchObject({ ok: sent, rejectedSpans: 0 });
    expect(gateway.stats().buffer.flushed.complete).toBeGreaterThan(0);
  });
});

describe('gateway route = in-process route: JSON, and one trace in two requests', () => {
  it('exporter-trace-otlp-http (JSON, gzip, batched) for a selection of fixtures, then a trace split in two', async () => {
    // Fresh trace ids: the same fixtures went through the gateway in the test above.
    const selection = ['openinference-core/agent_chain_tool_retriever_reranker', 'traceloop-sdk/workflow_agent_tool_task', 'vercel-ai7-otel/stream_text_tools', 'openlit-langchain/rag_retriever_chain'].map(
      (id) => withNewTraceIds(loadFixture(id)),
    );
    const before = gateway.stats().requests.spans;
    await replayBoth(selection, () => new BatchSpanProcessor(new OTLPHttpExporter({ url: `${gateway.url}/v1/traces`, compression: 'gzip' as never })));
    await gatewayDrained(before + spanCount(selection));
    expect(expectSamePayloads(new Set(selection.flatMap((f) => f.spans.map((s) => s.traceId)))).size).toBeGreaterThan(10);

    // One trace, two requests: everything but the root, then the root alone, as an SDK whose batch
    // was exported before the root ended sends them. The children wait in the gateway for their root.
    const split = withNewTraceIds(loadFixture('traceloop-sdk/workflow_agent_tool_task'));
    const root = split.spans.find((s) => s.parentSpanId === undefined)!;
    const inProcess = new LLMObsSpanProcessor({ exporter: new LLMObsExporter({ intakeUrl: intakeInProcess.url, apiKey: API_KEY, flushIntervalMillis: 20 }) });
    const ended: ReadableSpan[] = [];
    const collect: SpanProcessor = { onStart: () => undefined, onEnd: (span) => void ended.push(span), forceFlush: () => Promise.resolve(), shutdown: () => Promise.resolve() };
    const replay = createFixtureProvider(root.resource?.attributes ?? {}, [inProcess, collect]);
    replay.replay(split);
    await replay.provider.forceFlush();
    const otlpExporter = new OTLPProtoExporter({ url: `${gateway.url}/v1/traces` });
    const requestsBefore = gateway.stats().requests.total;
    const children = ended.filter((s) => s.spanContext().spanId !== root.spanId);
    expect(children).toHaveLength(split.spans.length - 1);
    expect((await new Promise<any>((resolve) => otlpExporter.export(children, resolve))).code).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(gateway.stats().buffer).toMatchObject({ traces: 1, spans: children.length });
    expect((await new Promise<any>((resolve) => otlpExporter.export(ended.filter((s) => s.spanContext().spanId === root.spanId), resolve))).code).toBe(0);
    expect(gateway.stats().requests.total).toBe(requestsBefore + 2);
    await gatewayDrained(gateway.stats().requests.spans);
    expect(expectSamePayloads(new Set([root.traceId])).size).toBe(split.spans.length);
    await otlpExporter.shutdown();
    await replay.provider.shutdown();
  });
});

let counter = 0;
/** The fixture with other trace ids (same span ids and parents): a new trace for the gateway. */
function withNewTraceIds(f: FixtureFile): FixtureFile {
  counter++;
  const map = new Map<string, string>();
  const next = (traceId: string): string => {
    let id = map.get(traceId);
    if (!id) {
      id = `${(0xabc000 + counter * 16 + map.size).toString(16).padStart(8, '0')}${traceId.slice(8)}`;
      map.set(traceId, id);
    }
    return id;
  };
  return { ...f, spans: f.spans.map((s) => ({ ...s, traceId: next(s.traceId) })) };
}

describe('app with otel-llmobs exporting OTLP → gateway = in-process route', () => {
  it('the canonical GenAI attributes our processor writes carry the whole model to the gateway', async () => {
    const files = fixtures.map((f) => withNewTraceIds(f));
    const before = gateway.stats().requests.spans;
    // The OTLP route of the library: derived spans with canonical attributes, to the stock exporter.
    const overOtlp = await replayBoth(files, () => new LLMObsSpanProcessor({ exporter: new OTLPProtoExporter({ url: `${gateway.url}/v1/traces` }) }));
    await gatewayDrained(before + overOtlp.reduce((n, p) => n + p.stats().exported, 0));
    const a = expectSamePayloads(new Set(files.flatMap((f) => f.spans.map((s) => s.traceId))));
    let attributions = 0;
    for (const event of a.values()) {
      // Agent attribution included: the in-process processor names the agent at its start with the
      // name the mappers give it (`gen_ai.agent.name`, OpenLLMetry's entity name), as the gateway does.
      if (event.meta.agent_attribution) {
        expect(event.meta.agent_attribution.pagent_name).toBe(a.get(event.meta.agent_attribution.pagent_span_id).name);
        attributions++;
      }
    }
    expect(attributions).toBeGreaterThan(0);
    expect(a.size).toBeGreaterThan(150);
  });
});

/** Paths where two JSON values differ (object key order ignored). */
function diffPaths(x: any, y: any, path: string, out: string[]): void {
  if (isDeepStrictEqual(x, y)) return;
  if (x && y && typeof x === 'object' && typeof y === 'object' && Array.isArray(x) === Array.isArray(y) && (!Array.isArray(x) || x.length === y.length)) {
    for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) diffPaths(x[key], y[key], `${path}.${key}`, out);
    return;
  }
  out.push(`${path}: ${JSON.stringify(x)?.slice(0, 200)} ≠ ${JSON.stringify(y)?.slice(0, 200)}`);
}
