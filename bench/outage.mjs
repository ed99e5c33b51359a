// Part 4: memory and delivery across an intake outage. One process per variant: a fixed load of
// chat spans (LLMObsSpanProcessor + LLMObsExporter) with the intake down for `outageSeconds`, then
// back on the same port (bench/run.mjs starts the sink there); afterwards the load stops and the
// exporter flushes. Samples heap/RSS every second. Usage (IPC worker):
//   node bench/outage.mjs <port> <variant> <spansPerSecond> <outageSeconds>
import { SpanKind } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { LLMObsExporter, LLMObsSpanProcessor } from 'otel-llmobs';
import { CHAT_ATTRIBUTES, RESOURCE_ATTRIBUTES } from './lib/spans.mjs';

const [port, variant, rateText, outageText] = process.argv.slice(2);
const rate = Number(rateText);
const outageSeconds = Number(outageText);

/** The exporter options of each variant; the queue bounds are what "bounded memory" is checked against. */
const VARIANTS = {
  // Defaults: queue 10 000 events / 64 MiB, each batch retried at most 5 times within exportTimeoutMillis 30 s.
  defaults: {},
  // A retry budget that covers the outage (time and attempts): nothing may be lost.
  'budget-covers-outage': { exportTimeoutMillis: (outageSeconds + 30) * 1000, retry: { maxAttempts: 1000 } },
  // A small queue: overflow is dropped and counted (queue_full); the heap stays near the bound.
  'small-queue': { maxQueueSize: 1000, maxQueueBytes: 2 * 1024 * 1024, exportTimeoutMillis: (outageSeconds + 30) * 1000, retry: { maxAttempts: 1000 } },
};

const exporter = new LLMObsExporter({ intakeUrl: `http://127.0.0.1:${port}`, mlApp: 'bench', ...VARIANTS[variant] });
const processor = new LLMObsSpanProcessor({ exporter, mlApp: 'bench' });
const provider = new BasicTracerProvider({ resource: resourceFromAttributes(RESOURCE_ATTRIBUTES), spanProcessors: [processor] });
const tracer = provider.getTracer('@traceloop/instrumentation-openai', '0.27.0');

global.gc?.();
const baselineHeap = process.memoryUsage().heapUsed;
let created = 0;
let loadTimer;
const samples = [];
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  const s = exporter.getStats();
  samples.push({ t: samples.length + 1, heapUsed: m.heapUsed, rss: m.rss, queued: s.queued, queuedBytes: s.queuedBytes, sent: s.sent, created });
}, 1000);

process.on('message', async (msg) => {
  if (msg.cmd === 'start') {
    // `rate` spans per second, in 10 ms steps.
    const perStep = rate / 100;
    let owed = 0;
    loadTimer = setInterval(() => {
      owed += perStep;
      for (; owed >= 1; owed--) {
        tracer.startSpan('chat gpt-4o-mini', { kind: SpanKind.CLIENT, attributes: CHAT_ATTRIBUTES }).end();
        created++;
      }
    }, 10);
    process.send({ started: true });
  } else if (msg.cmd === 'stop-load') {
    clearInterval(loadTimer);
    process.send({ created });
  } else if (msg.cmd === 'flush') {
    const started = Date.now();
    await processor.forceFlush();
    clearInterval(sampler);
    const stats = exporter.getStats();
    process.send({ created, flushMillis: Date.now() - started, stats, processorStats: processor.stats(), samples, baselineHeap });
    await provider.shutdown();
    process.exit(0);
  }
});
process.send({ ready: true });
