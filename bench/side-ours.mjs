// Part 2, our side: the llmobs API + LLMObsSpanProcessor + LLMObsExporter through the Agent's EVP
// proxy (the local sink), on a stock SDK 2.x provider. Usage: node bench/side-ours.mjs <agentUrl>
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { LLMObsExporter, LLMObsSpanProcessor, llmobs } from 'otel-llmobs';
import { serve } from './lib/workload.mjs';

const agentUrl = process.argv[2];
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const provider = new BasicTracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'bench-svc', 'deployment.environment.name': 'bench' }),
  spanProcessors: [new LLMObsSpanProcessor({ exporter: new LLMObsExporter({ agentUrl, agentless: false }), mlApp: 'bench' })],
});
trace.setGlobalTracerProvider(provider);
serve(llmobs);
