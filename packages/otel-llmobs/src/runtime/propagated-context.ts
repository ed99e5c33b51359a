import type { Context } from '@opentelemetry/api';
import { createContextKey } from '@opentelemetry/api';

/**
 * LLM Observability values received from an upstream service (ours or dd-trace), as
 * `LLMObsPropagator.extract` leaves them in the context. The processor reads them for a span whose
 * parent is not in this process.
 */
export interface PropagatedLLMObsContext {
  /** The upstream LLM Observability parent's span id, 16 hex (wire: decimal). */
  parentId?: string;
  /** LLM Observability trace id, 32 hex (wire: a decimal 128-bit integer). */
  traceId?: string;
  mlApp?: string;
  sessionId?: string;
  sampleRate?: number;
  samplingDecision?: boolean;
  /** Nearest upstream agent, 16 hex (wire: decimal). */
  agentSpanId?: string;
  agentName?: string;
  /**
   * The W3C `traceparent` trace id that arrived with these values, when there was one: the values
   * then apply only to spans of that trace (not to a new root started in the same context).
   */
  remoteTraceId?: string;
  /** Every `_dd.p.*` tag received, wire values, so a service in the middle passes them on unchanged. */
  tags: Record<string, string>;
}

/** `Symbol.for` underneath, so the ESM and CJS builds of this package share it. */
export const PROPAGATED_LLMOBS_KEY = createContextKey('otel-llmobs propagated LLM Observability context');

export function getPropagatedLLMObsContext(context: Context | undefined): PropagatedLLMObsContext | undefined {
  const value = context?.getValue(PROPAGATED_LLMOBS_KEY);
  return value !== null && typeof value === 'object' ? (value as PropagatedLLMObsContext) : undefined;
}

export function setPropagatedLLMObsContext(context: Context, value: PropagatedLLMObsContext): Context {
  return context.setValue(PROPAGATED_LLMOBS_KEY, value);
}
