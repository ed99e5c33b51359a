// An ESM app on SDK 3.x that registers its own providers through the API after otel-llmobs/register
// ran (TracerProvider and LoggerProvider with the LLMObs processors, ml_app own-provider): its
// registrations must succeed, and its spans reach its processor, once.
import { context, logs, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { LoggerProvider } from '@opentelemetry/sdk-logs';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { LLMObsLogRecordProcessor, LLMObsSpanProcessor, llmobs } from 'otel-llmobs';

const provider = new TracerProvider({ spanProcessors: [new LLMObsSpanProcessor({ mlApp: 'own-provider' })] });
const loggerProvider = new LoggerProvider({ processors: [new LLMObsLogRecordProcessor()] });
const registered = [
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()),
  trace.setGlobalTracerProvider(provider),
  logs.setGlobalLoggerProvider(loggerProvider),
];
process.stdout.write(`registered: ${registered.join(' ')}\n`);

await llmobs.trace({ kind: 'workflow', name: 'answer-question' }, async () => {
  llmobs.annotate({ inputData: 'What is the capital of France?', outputData: 'Paris' });
});
await provider.shutdown();
await loggerProvider.shutdown();
