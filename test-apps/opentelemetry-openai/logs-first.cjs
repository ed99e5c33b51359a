// Preloaded before otel-llmobs/register (`--require ./logs-first.cjs --import otel-llmobs/register`):
// the app registers its own logger provider first (with LLMObsLogRecordProcessor), and no tracer
// provider. The zero-code start sets up tracing and leaves the app's logs as they are.
const { logs } = require('@opentelemetry/api-logs');
const { LoggerProvider } = require('@opentelemetry/sdk-logs');
const { LLMObsLogRecordProcessor } = require('otel-llmobs');

logs.setGlobalLoggerProvider(new LoggerProvider({ processors: [new LLMObsLogRecordProcessor()] }));
process.on('exit', () => process.stdout.write(`global logger provider: ${logs.getLoggerProvider().constructor.name}\n`));
