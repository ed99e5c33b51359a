// Preloaded before otel-llmobs/register (`--require ./logs-first.cjs --import otel-llmobs/register`):
// the app registers its own logger provider first (no tracer provider), exporting the records (here
// in memory), with LLMObsLogRecordProcessor when APP_JOINS is set. The zero-code start sets up
// tracing and leaves the app's logs as they are.
const { logs } = require('@opentelemetry/api-logs');
const { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } = require('@opentelemetry/sdk-logs');
const { LLMObsLogRecordProcessor } = require('otel-llmobs');

const exported = new InMemoryLogRecordExporter();
const processors = [new SimpleLogRecordProcessor({ exporter: exported })];
if (process.env.APP_JOINS) processors.push(new LLMObsLogRecordProcessor());
const provider = new LoggerProvider({ processors });
logs.setGlobalLoggerProvider(provider);
process.on('exit', () => {
  const global = logs.getLoggerProvider() === provider;
  process.stdout.write(`the app's logger provider is the global one: ${global}; records it exported: ${exported.getFinishedLogRecords().length}\n`);
});
