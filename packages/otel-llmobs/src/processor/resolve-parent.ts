import type { Attributes, Context } from '@opentelemetry/api';
import { trace } from '@opentelemetry/api';
import type { SpanKind } from '../conventions/model.js';
import { GENAI } from '../conventions/genai.js';
import { LLMOBS_ATTR } from '../conventions/llmobs-attributes.js';
import { TRACELOOP } from '../conventions/openllmetry.js';
import { readNonEmpty } from '../mapping/attributes.js';
import { readSessionId, readUserId } from '../mapping/identity.js';
import { getPropagatedLLMObsContext } from '../runtime/propagated-context.js';
import type { AnnotationContextValue, InheritedContext, LLMObsStamp, SpanLinkage } from '../runtime/linkage.js';
import { inheritedFromPropagated } from '../runtime/linkage.js';
import type { LiveSpanRegistry } from './live-span-registry.js';
import type { SamplingDecision } from '../runtime/sampling.js';
import { sampleTrace } from '../runtime/sampling.js';
import type { StartedSpanLike } from '../sdk-shapes/span-shapes.js';
import { parentSpanIdOf } from '../sdk-shapes/span-shapes.js';

/**
 * Parent resolution: the LLM Observability parent of a span is its nearest ancestor that is an LLM
 * Observability span. Decided at `onStart`, from what the parent handed down:
 *
 * 1. the parent's live registry entry (same trace, same process);
 * 2. the parent span object found in the start context, for a parent that was evicted or already
 *    ended (a child started from a callback after its parent returned);
 * 3. otherwise the values propagated from an upstream service (`_dd.p.llmobs_*`), when the span is
 *    the local entry point of that distributed trace.
 */
export function resolveInherited(
  span: StartedSpanLike,
  parentContext: Context | undefined,
  registry: LiveSpanRegistry,
  linkages: WeakMap<object, SpanLinkage>,
): InheritedContext | undefined {
  const { traceId } = span.spanContext();
  const parentSpanId = parentSpanIdOf(span);
  if (parentSpanId !== undefined) {
    const entry = registry.get(traceId, parentSpanId);
    if (entry) return entry.forChildren;
    const parentSpan = parentContext ? trace.getSpan(parentContext) : undefined;
    if (parentSpan && parentSpan.spanContext().spanId === parentSpanId) {
      const linkage = linkages.get(parentSpan);
      if (linkage) return linkage.forChildren;
    }
  }
  return inheritFromPropagation(traceId, parentContext);
}

/**
 * Propagated values apply only to the trace they came with: when a `traceparent` arrived with them,
 * to spans of that trace; otherwise (dd-trace can propagate with Datadog headers only, which an OTel
 * W3C propagator does not turn into a parent) to a span whose context holds no other trace.
 */
function inheritFromPropagation(traceId: string, parentContext: Context | undefined): InheritedContext | undefined {
  const propagated = getPropagatedLLMObsContext(parentContext);
  if (!propagated || !parentContext) return undefined;
  if (propagated.remoteTraceId !== undefined) {
    if (propagated.remoteTraceId !== traceId) return undefined;
  } else {
    const remote = trace.getSpanContext(parentContext);
    if (remote && remote.traceId !== traceId) return undefined;
  }
  return inheritedFromPropagated(propagated);
}

export interface StampSettings {
  /** `mlApp` option / `DD_LLMOBS_ML_APP`. */
  mlApp: string | undefined;
  /** `DD_SERVICE` / `DD_SERVICE_NAME` / `OTEL_SERVICE_NAME`, before the resource's `service.name`. */
  service: string | undefined;
  sampleRate: number;
  sessionKeys: readonly string[] | undefined;
  userKeys: readonly string[] | undefined;
}

/** Last resort for ml_app when nothing else names the application. */
export const FALLBACK_ML_APP = 'unknown_service';

export interface StampInputs {
  span: StartedSpanLike;
  kind: SpanKind;
  inherited: InheritedContext | undefined;
  /** The trace's first session, when one was already set. */
  traceSessionDefault: string | undefined;
  annotation: AnnotationContextValue | undefined;
  settings: StampSettings;
}

/**
 * ml_app, session, user, trace id, sampling and agent attribution of an LLM Observability span,
 * in dd-trace's order of precedence (spec §3):
 *
 * - ml_app: the span's own `_dd.ml_obs.ml_app` › the LLM Observability parent's › propagated ›
 *   `mlApp` option / `DD_LLMOBS_ML_APP` › `DD_SERVICE` / `OTEL_SERVICE_NAME` › resource `service.name`;
 * - session: the span's own › the local parent's › the trace's first session › propagated;
 * - trace id: the parent's › propagated › the OTel trace id;
 * - sampling: the parent's decision › propagated › a new decision from the trace id.
 */
export function stampLLMObsSpan({ span, kind, inherited, traceSessionDefault, annotation, settings }: StampInputs): LLMObsStamp {
  const attributes = span.attributes;
  const { traceId: otelTraceId } = span.spanContext();
  const ownName = readNonEmpty(attributes, LLMOBS_ATTR.NAME);
  const llmobsTraceId = inherited?.traceId ?? otelTraceId;
  const stamp: LLMObsStamp = {
    kind,
    name: annotation?.name ?? ownName ?? conventionAgentName(kind, attributes) ?? span.name,
    traceId: llmobsTraceId,
    mlApp:
      readNonEmpty(attributes, LLMOBS_ATTR.ML_APP) ??
      inherited?.mlApp ??
      settings.mlApp ??
      settings.service ??
      serviceNameOf(span) ??
      FALLBACK_ML_APP,
    sampling: inherited?.sampling ?? sampleTrace(otelTraceId, settings.sampleRate),
  };
  if (llmobsTraceId !== otelTraceId) stamp.apmTraceId = otelTraceId;
  if (inherited?.parentId !== undefined) stamp.parentId = inherited.parentId;

  const ownSession = readNonEmpty(attributes, LLMOBS_ATTR.SESSION_ID) ?? readSessionId(attributes, settings.sessionKeys);
  const sessionId =
    ownSession ?? (inherited?.local ? inherited.sessionId : undefined) ?? traceSessionDefault ?? (inherited?.local === false ? inherited.sessionId : undefined);
  if (sessionId !== undefined) stamp.sessionId = sessionId;

  const userId = readNonEmpty(attributes, LLMOBS_ATTR.USER_ID) ?? readUserId(attributes, settings.userKeys) ?? inherited?.userId;
  if (userId !== undefined) stamp.userId = userId;
  if (inherited?.agent) stamp.agent = inherited.agent;
  if (annotation) stamp.annotation = annotation;
  return stamp;
}

/**
 * The name an agent span will carry once mapped (the mappers' precedence: GenAI `gen_ai.agent.name`,
 * then OpenLLMetry's entity name), known at start so that its children, which end first, are
 * attributed to the same name (`agent_attribution.pagent_name`) as the gateway route gives them.
 */
function conventionAgentName(kind: SpanKind, attributes: Attributes): string | undefined {
  if (kind !== 'agent') return undefined;
  return readNonEmpty(attributes, GENAI.AGENT_NAME) ?? readNonEmpty(attributes, TRACELOOP.ENTITY_NAME);
}

function serviceNameOf(span: StartedSpanLike): string | undefined {
  const attributes = span.resource?.attributes;
  return attributes ? readNonEmpty(attributes, 'service.name') : undefined;
}

/** The decision for a span that has no stamp (a plain span kept by a `spanFilter`). */
export function samplingOf(linkage: SpanLinkage | undefined, traceId: string, rate: number): SamplingDecision {
  return linkage?.stamp?.sampling ?? linkage?.forChildren?.sampling ?? sampleTrace(traceId, rate);
}
