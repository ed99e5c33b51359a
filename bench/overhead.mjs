// Part 1 (CPU cost per span) and part 3 (span.end() latency) for one pipeline × scenario, in its own
// process. Usage: node bench/overhead.mjs <cost|latency> <pipeline> <scenario> <sinkUrl> [--quick]
// (latency prints one JSON line; cost is an IPC worker, see costWorker).
import { createPipeline } from './lib/pipelines.mjs';
import { SCENARIOS, tracersFor, CHAT_ATTRIBUTES } from './lib/spans.mjs';
import { percentile, tick } from './lib/child.mjs';
import { SpanKind } from '@opentelemetry/api';

const [mode, pipelineName, scenarioName, sinkUrl] = process.argv.slice(2);
const quick = process.argv.includes('--quick');
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
  process.on('message', async (msg) => {
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
      const result = { exported: pipeline.exported(), dropped: pipeline.dropped(), maxRssKiB: process.resourceUsage().maxRSS };
      await pipeline.provider.shutdown();
      process.send({ result });
      process.disconnect();
    }
  });
  process.send({ ready: true });
}

/**
 * span.end() on the application's thread: hrtime around end() for every span (a chat span made with
 * its attributes first, untimed), 64 spans per event-loop turn, in rounds of 4000 with a flush
 * between rounds (untimed) so that no pipeline falls behind.
 */
async function latency() {
  const tracer = tracers.openai;
  const warm = quick ? 4000 : 20_000;
  const n = quick ? 20_000 : 100_000;
  const samples = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < warm + n; i++) {
    const span = tracer.startSpan('chat gpt-4o-mini', { kind: SpanKind.CLIENT, attributes: CHAT_ATTRIBUTES });
    const t0 = process.hrtime.bigint();
    span.end();
    const dt = Number(process.hrtime.bigint() - t0);
    if (i >= warm) samples[k++] = dt;
    if (i % CHUNK === CHUNK - 1) await tick();
    if (i % 4000 === 3999) await pipeline.flush();
  }
  await pipeline.flush();
  samples.sort();
  const result = { p50: percentile(samples, 50), p90: percentile(samples, 90), p99: percentile(samples, 99), p999: percentile(samples, 99.9), max: samples[n - 1], samples: n, exported: pipeline.exported(), dropped: pipeline.dropped() };
  await pipeline.provider.shutdown();
  return result;
}

if (mode === 'latency') process.stdout.write(`${JSON.stringify(await latency())}\n`);
else await costWorker();
