// Memory per live span, per queued span, and the RSS of a process holding 10,000 open LLM spans
// (agent loops: 100 traces, each an agent span with 99 open chat spans under it), for one pipeline.
// Prints one JSON line. Usage: node --expose-gc bench/memory.mjs <pipeline> <sinkUrl> [--quick]
// With an intake URL nothing listens on, the ended spans stay in LLMObsExporter's queue: the
// heap they hold there is the "per queued span" figure.
import { context, SpanKind, trace } from '@opentelemetry/api';
import { createPipeline } from './lib/pipelines.mjs';
import { CHAT_ATTRIBUTES, tracersFor } from './lib/spans.mjs';

const [pipelineName, sinkUrl] = process.argv.slice(2);
const quick = process.argv.includes('--quick');
const TRACES = quick ? 20 : 100;
const PER_TRACE = 100;
const pipeline = createPipeline(pipelineName, sinkUrl);
const tracers = tracersFor(pipeline.provider);
const tick = () => new Promise((resolve) => setImmediate(resolve));

async function settledHeap() {
  for (let i = 0; i < 4; i++) {
    await tick();
    globalThis.gc();
  }
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, rss: m.rss };
}

function openAgentLoop() {
  const agent = tracers.sdk.startSpan('planner.agent', {
    kind: SpanKind.INTERNAL,
    attributes: { 'traceloop.span.kind': 'agent', 'traceloop.entity.name': 'planner', 'traceloop.workflow.name': 'planner' },
  });
  const ctx = trace.setSpan(context.active(), agent);
  const spans = [agent];
  for (let i = 1; i < PER_TRACE; i++) spans.push(tracers.openai.startSpan('chat gpt-4o-mini', { kind: SpanKind.CLIENT, attributes: CHAT_ATTRIBUTES }, ctx));
  return spans;
}

// Warm-up: code paths compiled, pools allocated.
for (let i = 0; i < 3; i++) for (const span of openAgentLoop().reverse()) span.end();
await pipeline.flush();
const baseline = await settledHeap();

const open = [];
for (let t = 0; t < TRACES; t++) open.push(...openAgentLoop());
const live = await settledHeap();
const liveCount = open.length;
const stats = pipeline.stats?.();

// End every span (children first), let the deferred batch run, and drop our references: what stays
// on the heap is what the pipeline queues (nothing listens at an intake URL given for that).
for (let t = TRACES - 1; t >= 0; t--) for (let i = PER_TRACE - 1; i >= 0; i--) open[t * PER_TRACE + i].end();
open.length = 0;
for (let i = 0; i < 20; i++) await tick();
const queued = await settledHeap();
const queuedCount = pipeline.queued?.() ?? 0;

process.stdout.write(
  `${JSON.stringify({
    pipeline: pipelineName,
    spans: liveCount,
    baseline,
    live,
    queued,
    queuedCount,
    liveBytesPerSpan: (live.heapUsed - baseline.heapUsed) / liveCount,
    // Every ended span is held by the exporter, queued or in a request being retried (nothing listens).
    queuedBytesPerSpan: queuedCount > 0 ? (queued.heapUsed - baseline.heapUsed) / liveCount : undefined,
    liveSpansRemembered: stats?.liveSpans,
  })}\n`,
);
process.exit(0);
