// An app that sets OpenTelemetry up itself after otel-llmobs/register ran: NodeSDK with its own
// LLMObsSpanProcessor (ml_app own-sdk), LLMObsLogRecordProcessor and instrumentation of openai with
// content capture. Its setup must win, for traces and for logs: every span once, with its content.
const { logs } = require('@opentelemetry/api-logs');
const { OpenAIInstrumentation } = require('@opentelemetry/instrumentation-openai');
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { LLMObsLogRecordProcessor, LLMObsSpanProcessor } = require('otel-llmobs');

const sdk = new NodeSDK({
  spanProcessors: [new LLMObsSpanProcessor({ mlApp: 'own-sdk' })],
  logRecordProcessors: [new LLMObsLogRecordProcessor()],
  instrumentations: [new OpenAIInstrumentation({ captureMessageContent: true })],
});
sdk.start();
process.stdout.write(`global logger provider: ${logs.getLoggerProvider().constructor.name}\n`);

const OpenAI = require('openai');

async function main() {
  const client = new OpenAI({ apiKey: 'sk-test', baseURL: process.env.OPENAI_BASE_URL, maxRetries: 0 });
  await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: 'You answer geography questions.' },
      { role: 'user', content: 'What is the capital of France?' },
    ],
  });
  await sdk.shutdown();
  process.stdout.write('done\n');
}
main();
