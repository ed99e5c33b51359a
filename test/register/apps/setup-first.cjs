// Preloaded before otel-llmobs/register (`--require ./setup-first.cjs --import otel-llmobs/register`):
// the app's OpenTelemetry is set up first, with its own LLMObsSpanProcessor (ml_app setup-first) and
// instrumentation. The zero-code start must leave it alone.
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node');
const { OpenAIInstrumentation } = require('@traceloop/instrumentation-openai');
const { LLMObsSpanProcessor } = require('otel-llmobs');

const processor = new LLMObsSpanProcessor({ mlApp: 'setup-first' });
const provider = new NodeTracerProvider({ spanProcessors: [processor] });
provider.register();
registerInstrumentations({ instrumentations: [new OpenAIInstrumentation()] });
process.on('beforeExit', () => void provider.forceFlush());
