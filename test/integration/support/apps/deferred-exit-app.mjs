// A child app for deferred-exit.test.ts: ends LLM spans (children before parents, one trace per
// agent loop) and then either shuts the provider down (`shutdown`) or just returns (`no-flush`).
// It must exit by itself either way: the deferred batch's drains never hold the process.
// Usage: node deferred-exit-app.mjs <intakeUrl> <shutdown|no-flush> <loops>
import { context, trace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { LLMObsExporter, LLMObsSpanProcessor } from 'otel-llmobs';

const [intakeUrl, mode, loops] = process.argv.slice(2);
const provider = new BasicTracerProvider({
  spanProcessors: [new LLMObsSpanProcessor({ exporter: new LLMObsExporter({ intakeUrl, apiKey: '0123456789abcdef0123456789abcdef' }), mlApp: 'exit-app' })],
});
const tracer = provider.getTracer('app');
for (let i = 0; i < Number(loops); i++) {
  const agent = tracer.startSpan(`agent-${i}`);
  agent.setAttribute('gen_ai.operation.name', 'invoke_agent'); // marked after start
  const ctx = trace.setSpan(context.active(), agent);
  for (let j = 0; j < 3; j++) tracer.startSpan(`chat-${i}-${j}`, { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'm' } }, ctx).end();
  agent.end();
}
// Everything ended just now sits in the deferred batch: shutdown() must process and deliver it.
if (mode === 'shutdown') await provider.shutdown();
process.stdout.write(`ended ${Number(loops) * 4}\n`);
