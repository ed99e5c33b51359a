// Part 1 (CPU cost per span) and part 3 (span.end() latency) for one pipeline × scenario, in its own
// process. Usage: node bench/overhead.mjs <cost|latency> <pipeline> <scenario> <sinkUrl>
// Both are IPC workers driven by bench/run.mjs (interleaved rounds).
import { createPipeline } from './lib/pipelines.mjs';
import { SCENARIOS, tracersFor, CHAT_ATTRIBUTES } from './lib/spans.mjs';
import { serveIpc, tick } from './lib/child.mjs';
import { SpanKind } from '@opentelemetry/api';

const [mode, pipelineName, scenarioName, sinkUrl] = process.argv.slice(2);
const pipeline = createPipeline(pipelineName, sinkUrl);
const tracers = tracersFor(pipeline.provider);
const CHUNK = 64; // spans per event-loop turn: lets exports (and their I/O) run, as in a real app

async function emitSpans(scenario, count) {
  let emitted = 0;
  while (emitted < count) {
    for (let i = 0; i < CHUNK && emitted < count; ) {
      const n = scenario.emit(tracers);
      emitted += n;
      i += n;
    }
    await tick();
  }
  return emitted;
}

/**
 * Cost mode is driven over IPC by bench/run.mjs so that the pipelines' rounds interleave (A B C D A
 * B C D …): on a shared 2-core machine, load from elsewhere then hits every pipeline alike. Each
 * round: emit `n` spans (64 per event-loop turn), then flush (the export work, serialization and
 * sending, is part of the cost); CPU time of the whole process (user + system) per span.
 */
async function costWorker() {
  const scenario = SCENARIOS[scenarioName];
  serveIpc(async (msg) => {
    if (msg.cmd === 'warmup') {
      await emitSpans(scenario, msg.n);
      await pipeline.flush();
      process.send({ done: true });
    } else if (msg.cmd === 'round') {
      const before = process.cpuUsage();
      const emitted = await emitSpans(scenario, msg.n);
      await pipeline.flush();
      const used = process.cpuUsage(before);
      process.send({ nsPerSpan: ((used.user + used.system) * 1000) / emitted, emitted });
    } else if (msg.cmd === 'finish') {
      await pipeline.flush();
      const result = { exported: pipeline.exported(), dropped: pipeline.dropped(), flushFailures: pipeline.flushFailures(), maxRssKiB: process.resourceUsage().maxRSS };
      await pipeline.provider.shutdown();
      process.send({ result });
      process.disconnect();
    }
  });
  process.send({ ready: true });
}

/**
 * span.end() on the application's thread, also an IPC worker with interleaved rounds: each round
 * times `end()` of `n` chat spans (created with their attributes first, untimed; 64 per event-loop
 * turn) and flushes afterwards (untimed), so that no pipeline falls behind; it sends the samples back.
 */
async function latencyWorker() {
  const tracer = tracers.openai;
  serveIpc(async (msg) => {
    if (msg.cmd === 'round' || msg.cmd === 'warmup') {
      const samples = new Array(msg.n);
      for (let i = 0; i < msg.n; i++) {
        const span = tracer.startSpan('chat gpt-4o-mini', { kind: SpanKind.CLIENT, attributes: CHAT_ATTRIBUTES });
        const t0 = process.hrtime.bigint();
        span.end();
        samples[i] = Number(process.hrtime.bigint() - t0);
        if (i % CHUNK === CHUNK - 1) await tick();
      }
      await pipeline.flush();
      process.send(msg.cmd === 'round' ? { samples } : { done: true });
    } else if (msg.cmd === 'finish') {
      await pipeline.flush();
      const result = { exported: pipeline.exported(), dropped: pipeline.dropped(), flushFailures: pipeline.flushFailures() };
      await pipeline.provider.shutdown();
      process.send({ result });
      process.disconnect();
    }
  });
  process.send({ ready: true });
}

if (mode === 'latency') await latencyWorker();
else await costWorker();
