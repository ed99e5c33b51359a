// An app that sets OpenTelemetry up itself, after otel-llmobs/register ran: NodeSDK with its own
// LLMObsSpanProcessor (ml_app own-sdk) and its own OpenLLMetry instrumentation. Its setup must win:
// every span through its processor, once.
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { OpenAIInstrumentation } = require('@traceloop/instrumentation-openai');
const { LLMObsSpanProcessor } = require('otel-llmobs');

const processor = new LLMObsSpanProcessor({ mlApp: 'own-sdk' });
const sdk = new NodeSDK({ spanProcessors: [processor], instrumentations: [new OpenAIInstrumentation()] });
sdk.start();

const OpenAI = require('openai');
const { llmobs } = require('otel-llmobs');

async function main() {
  const client = new OpenAI({ apiKey: 'sk-test', baseURL: process.env.OPENAI_BASE_URL, maxRetries: 0 });
  await llmobs.trace({ kind: 'workflow', name: 'answer-question' }, async () => {
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'What is the capital of France?' }] });
  });
  await sdk.shutdown();
  process.stdout.write('done\n');
}
main();
