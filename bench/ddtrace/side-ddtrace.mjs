// Part 2, dd-trace-js side: `tracer.llmobs` (dd-trace 6.21.0, installed here with npm by
// bench/run.mjs) sending through the Agent's EVP proxy (the local sink, DD_TRACE_AGENT_URL).
// Telemetry, remote configuration, runtime metrics, profiling and startup logs are off (bench/run.mjs
// sets DD_* variables), so that what is measured is tracing + LLM Observability. APM spans still go
// to the sink's /v0.4/traces: dd-trace needs them (its LLM Observability spans are APM spans).
import { createRequire } from 'node:module';

// Initialized before anything else is loaded, as dd-trace requires.
const tracer = createRequire(import.meta.url)('dd-trace').init({
  service: 'bench-svc',
  env: 'bench',
  llmobs: { mlApp: 'bench', agentlessEnabled: false },
});
const { serve } = await import('../lib/workload.mjs');
serve(tracer.llmobs);
