// A small app for evaluations-exit.test.ts: traces a few LLM calls with evaluations on, while the
// judge (the parent test's fake, JUDGE_URL) hangs, then shuts down and returns. The process must
// exit by itself. Prints one JSON line of the processor's evaluation stats.
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { createLLMObs, LLMObsSpanProcessor } from 'otel-llmobs';

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const processor = new LLMObsSpanProcessor({
  mlApp: 'exit-test',
  exporter: { export: (_spans, done) => done({ code: 0 }), shutdown: () => Promise.resolve() },
  evaluations: {
    writer: false,
    judge: { provider: 'openai', apiKey: 'sk-fake-openai-key', baseURL: `${process.env.JUDGE_URL}/v1`, timeoutMillis: 120_000 },
    evaluators: { toxicity: {}, sentiment: {}, failure_to_answer: {} },
    flushTimeoutMillis: Number(process.env.FLUSH_TIMEOUT_MS ?? 1000),
  },
});
const provider = new BasicTracerProvider({ spanProcessors: [processor] });
const llmobs = createLLMObs({ tracerProvider: provider });
for (let i = 0; i < 5; i++) {
  llmobs.trace({ kind: 'llm', name: 'chat', modelName: 'm', modelProvider: 'openai' }, () => {
    llmobs.annotate({ inputData: [{ role: 'user', content: `[[fault:hang]] question ${i}` }], outputData: [{ role: 'assistant', content: `answer ${i}` }] });
  });
}
// Let the judge calls start (and hang).
await new Promise((resolve) => setTimeout(resolve, 200));
await provider.shutdown();
process.stdout.write(`${JSON.stringify(processor.stats().evaluations)}\n`);
