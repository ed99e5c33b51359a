// The LLM Observability context another service propagated in a span's `tracestate`: the `t.llmobs_*`
// entries of its `dd=` member, as dd-trace and `LLMObsPropagator` write them. Read with the library's
// own `LLMObsPropagator`, so the gateway understands exactly what in-process extraction does.
import type { Context } from '@opentelemetry/api';
import { defaultTextMapGetter, ROOT_CONTEXT } from '@opentelemetry/api';
import { getPropagatedLLMObsContext, LLMObsPropagator } from 'otel-llmobs';

let propagator: LLMObsPropagator | undefined;

/** `context` with the LLM Observability values of `tracestate` (and `traceparent`, when given) extracted into it. */
export function extractTracestate(context: Context, tracestate: string, traceparent?: string): Context {
  propagator ??= new LLMObsPropagator();
  return propagator.extract(context, traceparent === undefined ? { tracestate } : { traceparent, tracestate }, defaultTextMapGetter);
}

/** The LLM Observability parent propagated in `tracestate` (`t.llmobs_parent_id:<decimal>`), as 16 hex. */
export function propagatedParentOf(tracestate: string): string | undefined {
  if (!tracestate.includes('t.llmobs_parent_id:')) return undefined;
  return getPropagatedLLMObsContext(extractTracestate(ROOT_CONTEXT, tracestate))?.parentId;
}
