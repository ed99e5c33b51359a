import { ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import type { EvaluationResult } from './types.js';

/**
 * The semantic conventions' `gen_ai.evaluation.result` event for one result, as a Logs API record
 * parented to the evaluated span (it cannot be a span event: the span has ended and been exported).
 * `label` → `gen_ai.evaluation.name`, the categorical value → `score.label`, `reasoning` →
 * `explanation`.
 */
export function genAIEvaluationEvent(result: EvaluationResult): Record<string, unknown> {
  const attributes: Record<string, string> = {
    'gen_ai.evaluation.name': result.label,
    'gen_ai.evaluation.score.label': result.value,
  };
  if (result.reasoning !== '') attributes['gen_ai.evaluation.explanation'] = result.reasoning;
  const spanContext = { traceId: result.apmTraceId ?? result.traceId, spanId: result.spanId, traceFlags: TraceFlags.SAMPLED, isRemote: false };
  return {
    eventName: 'gen_ai.evaluation.result',
    timestamp: result.timestampMs,
    attributes,
    context: trace.setSpanContext(ROOT_CONTEXT, spanContext),
  };
}
