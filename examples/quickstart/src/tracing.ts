// The OpenTelemetry setup, as in any Node app: a NodeTracerProvider with our LLMObsSpanProcessor, and
// OpenLLMetry's OpenAI instrumentation. The exporter decides where the LLM Observability spans go.
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { OpenAIInstrumentation } from '@traceloop/instrumentation-openai';
import OpenAI from 'openai';
import type { EvaluationsOptions, SpanExporterLike } from 'otel-llmobs';
import { LLMObsSpanProcessor } from 'otel-llmobs';

export const ML_APP = 'quickstart';
const SERVICE = 'quickstart';

export interface Tracing {
  /** Export every span that has ended (and wait for the exporter to deliver them). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

export function startTracing(exporter: SpanExporterLike, evaluations?: EvaluationsOptions): Tracing {
  // sampleRate and enabled are set in code so that a DD_LLMOBS_* variable in your shell cannot empty the demo.
  // `evaluations`: the managed evaluations, judged after each span ends and sent the spans' way.
  const processor = new LLMObsSpanProcessor({ exporter, mlApp: ML_APP, sampleRate: 1, enabled: true, ...(evaluations ? { evaluations } : {}) });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': SERVICE }),
    spanProcessors: [processor], // beside your other processors (BatchSpanProcessor(otlpExporter), …) in a real app
  });
  provider.register();

  // OpenLLMetry's instrumentation patches `openai` when it is require()d. This app is an ES module, and
  // Node's ESM loader bypasses require hooks, so hand it the class (or start Node with
  // `--import @opentelemetry/instrumentation/hook.mjs` and use registerInstrumentations).
  const instrumentation = new OpenAIInstrumentation();
  instrumentation.setTracerProvider(provider);
  instrumentation.manuallyInstrument(OpenAI);

  return {
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}
