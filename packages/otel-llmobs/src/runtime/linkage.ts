import type { Prompt, SpanKind, TagValue } from '../conventions/model.js';
import type { PropagatedLLMObsContext } from './propagated-context.js';
import type { SamplingDecision } from './sampling.js';

/**
 * What the processor decides about a span when it starts, kept beside the span (never on it: the
 * span is shared with other processors).
 */

/** The `agent` span an LLM Observability span is attributed to (wire `agent_attribution`). */
export interface AgentRef {
  name?: string;
  /** 16 hex digits. */
  spanId: string;
}

/** `llmobs.annotationContext()` options in force where a span started, already normalized. */
export interface AnnotationContextValue {
  tags?: Record<string, TagValue>;
  name?: string;
  prompt?: Prompt;
}

/**
 * What a span hands down to the LLM Observability spans started below it: the nearest LLM
 * Observability ancestor and the values its descendants inherit. A plain span (HTTP, DB) passes on
 * its parent's object unchanged, which is how plain spans between two LLM spans are skipped.
 * Immutable and shared by reference.
 */
export interface InheritedContext {
  /** Span id (16 hex) of the nearest LLM Observability span: a child's `parent_id`. */
  parentId?: string;
  /** `false` when it came from another service through propagation. */
  local: boolean;
  /** LLM Observability trace id, 32 hex. */
  traceId?: string;
  mlApp?: string;
  sessionId?: string;
  userId?: string;
  sampling?: SamplingDecision;
  /** The agent a child is attributed to (the ancestor itself when it is an agent). */
  agent?: AgentRef;
}

/** The decisions taken at `onStart` for an LLM Observability span. */
export interface LLMObsStamp {
  /** The kind classified from the start attributes (re-classified at the end). */
  kind: SpanKind;
  /** Annotation-context name, else `_dd.ml_obs.name`, else the span name: what agents are attributed by. */
  name: string;
  parentId?: string;
  /** LLM Observability trace id (32 hex). */
  traceId: string;
  /** The OTel trace id when it differs from `traceId` (continued from dd-trace). */
  apmTraceId?: string;
  mlApp: string;
  sessionId?: string;
  userId?: string;
  sampling: SamplingDecision;
  agent?: AgentRef;
  annotation?: AnnotationContextValue;
}

/** What the processor remembers per span object, for the API (`exportSpan`) and the propagator. */
export interface SpanLinkage {
  /** Present when the span is an LLM Observability span. */
  stamp?: LLMObsStamp;
  /** What the span's children inherit; `undefined` when no LLM Observability span is above it. */
  forChildren?: InheritedContext;
}

/** What an LLM Observability span hands down to its children. */
export function inheritFromStamp(stamp: LLMObsStamp, spanId: string): InheritedContext {
  const inherited: InheritedContext = {
    parentId: spanId,
    local: true,
    traceId: stamp.traceId,
    mlApp: stamp.mlApp,
    sampling: stamp.sampling,
  };
  if (stamp.sessionId !== undefined) inherited.sessionId = stamp.sessionId;
  if (stamp.userId !== undefined) inherited.userId = stamp.userId;
  const agent = stamp.kind === 'agent' ? { name: stamp.name, spanId } : stamp.agent;
  if (agent) inherited.agent = agent;
  return inherited;
}

/** What the local entry point of a distributed trace inherits from the upstream service. */
export function inheritedFromPropagated(propagated: PropagatedLLMObsContext): InheritedContext {
  const inherited: InheritedContext = { local: false };
  if (propagated.parentId !== undefined) inherited.parentId = propagated.parentId;
  if (propagated.traceId !== undefined) inherited.traceId = propagated.traceId;
  if (propagated.mlApp !== undefined) inherited.mlApp = propagated.mlApp;
  if (propagated.sessionId !== undefined) inherited.sessionId = propagated.sessionId;
  if (propagated.samplingDecision !== undefined) {
    inherited.sampling = { rate: propagated.sampleRate ?? 1, decision: propagated.samplingDecision };
  }
  if (propagated.agentSpanId !== undefined) {
    inherited.agent = propagated.agentName !== undefined ? { spanId: propagated.agentSpanId, name: propagated.agentName } : { spanId: propagated.agentSpanId };
  }
  return inherited;
}
