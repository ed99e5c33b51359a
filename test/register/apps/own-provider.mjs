// An ESM app with its own provider, registered after otel-llmobs/register ran (the quickstart's
// setup): NodeTracerProvider.register() with LLMObsSpanProcessor (ml_app own-provider), and
// OpenLLMetry's instrumentation handed the OpenAI class.
import { trace } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { OpenAIInstrumentation } from '@traceloop/instrumentation-openai';
import OpenAI from 'openai';
import { LLMObsSpanProcessor, llmobs } from 'otel-llmobs';

const provider = new NodeTracerProvider({ spanProcessors: [new LLMObsSpanProcessor({ mlApp: 'own-provider' })] });
provider.register();
const instrumentation = new OpenAIInstrumentation();
instrumentation.setTracerProvider(provider);
instrumentation.manuallyInstrument(OpenAI);
process.stdout.write(`global provider is the app's: ${String(trace.getTracerProvider().getDelegate() === provider)}\n`);

const client = new OpenAI({ apiKey: 'sk-test', baseURL: process.env.OPENAI_BASE_URL, maxRetries: 0 });
await llmobs.trace({ kind: 'workflow', name: 'answer-question' }, async () => {
  await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'What is the capital of France?' }] });
});
await provider.shutdown();
