// A real application for the delivery tests: an OpenTelemetry SDK provider with the built
// otel-llmobs (what users install), which ends some LLM spans, awaits `forceFlush()` or
// `shutdown()` as an app does before exiting, prints one RESULT line, and then must exit by itself:
// nothing here calls process.exit. Configured through APP_CONFIG (JSON):
//   { spans, exporter: LLMObsExporter options, ending: 'forceFlush' | 'shutdown', mode, pauseMs }
import { diag, DiagLogLevel } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { LLMObsExporter, LLMObsSpanProcessor } from 'otel-llmobs';

const config = JSON.parse(process.env.APP_CONFIG ?? '{}');

process.on('unhandledRejection', (reason) => {
  process.stderr.write(`UNHANDLED REJECTION: ${String(reason)}\n`);
  process.exitCode = 70;
});

// What the library logs goes to stderr, where the test reads it.
diag.setLogger(
  {
    error: (...m) => process.stderr.write(`error ${m.join(' ')}\n`),
    warn: (...m) => process.stderr.write(`warn ${m.join(' ')}\n`),
    info: (...m) => process.stderr.write(`info ${m.join(' ')}\n`),
    debug: () => {},
    verbose: () => {},
  },
  { logLevel: DiagLogLevel.INFO, suppressOverrideMessage: true },
);

// Count every request the library makes (the no-API-key case must make none).
let fetchCalls = 0;
const realFetch = globalThis.fetch;
globalThis.fetch = (...args) => {
  fetchCalls++;
  return realFetch(...args);
};

// Peak memory, sampled on an unref'd timer (it must not keep the process alive).
let peakRss = process.memoryUsage().rss;
setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20).unref();

const exporter = new LLMObsExporter(config.exporter ?? {});
const processor = new LLMObsSpanProcessor({ exporter, mlApp: 'delivery-app', ...(config.mode ? { mode: config.mode } : {}) });
const provider = new BasicTracerProvider({ spanProcessors: [processor] });
const tracer = provider.getTracer('delivery-app');

for (let i = 0; i < (config.spans ?? 3); i++) {
  tracer.startSpan(`chat-${i}`, { attributes: { '_dd.ml_obs.span_kind': 'llm', '_dd.ml_obs.model_name': 'gpt-4o', 'gen_ai.prompt.0.content': `question ${i}` } }).end();
}

const spansEndedAt = Date.now();
// An app that keeps working a while before it flushes (immediate mode must not wait for it).
if (config.pauseMs) await new Promise((resolve) => setTimeout(resolve, config.pauseMs));

const started = Date.now();
if (config.ending === 'forceFlush') await processor.forceFlush();
else await provider.shutdown();
const elapsedMs = Date.now() - started;
peakRss = Math.max(peakRss, process.memoryUsage().rss);

process.stdout.write(`RESULT ${JSON.stringify({ spansEndedAt, endingAt: started, elapsedMs, fetchCalls, peakRss, stats: exporter.getStats() })}\n`);
