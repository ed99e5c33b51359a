// An app that registers a logger provider of its own after otel-llmobs/register ran, exporting the
// records (here in memory) and without LLMObsLogRecordProcessor; its tracing stays the zero-code
// start's. Its registration must succeed, it gets the records, and the span still gets its content.
const { logs } = require('@opentelemetry/api-logs');
const { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } = require('@opentelemetry/sdk-logs');

const exported = new InMemoryLogRecordExporter();
const provider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter: exported })] });
logs.setGlobalLoggerProvider(provider);

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
  const global = logs.getLoggerProvider() === provider;
  process.stdout.write(`the app's logger provider is the global one: ${global}; records it exported: ${exported.getFinishedLogRecords().length}\n`);
}
main();
