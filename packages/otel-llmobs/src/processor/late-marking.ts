import type { Attributes, Context } from '@opentelemetry/api';
import { trace } from '@opentelemetry/api';
import { GENAI } from '../conventions/genai.js';
import { LLMOBS_ATTR } from '../conventions/llmobs-attributes.js';
import { OPENINFERENCE } from '../conventions/openinference.js';
import { TRACELOOP } from '../conventions/openllmetry.js';
import { VERCEL } from '../conventions/vercel.js';
import { classifySpan } from '../mapping/kind.js';
import type { InheritedContext, SpanLinkage } from '../runtime/linkage.js';
import { inheritFromStamp } from '../runtime/linkage.js';
import type { LiveSpanEntry, LiveSpanRegistry } from './live-span-registry.js';
import type { StampSettings } from './resolve-parent.js';
import { resolveInherited, stampLLMObsSpan } from './resolve-parent.js';
import type { StartedSpanLike } from '../sdk-shapes/span-shapes.js';
import { parentSpanIdOf, scopeOf } from '../sdk-shapes/span-shapes.js';

/**
 * Spans marked after they started. Real libraries start a span bare and set their convention marker
 * just after: the Traceloop SDK's `withWorkflow` / `withTask` / `withAgent` / `withTool` inside the
 * callback, OpenInference's tracer helpers with `setAttributes` after `startSpan`, others set
 * `gen_ai.operation.name` late. Classified at start, such a span looked plain, and its children
 * were placed past it.
 *
 * So a span that was plain at start is looked at again, from its attributes as they are now:
 * - when a child starts under it (the markers above are set before the callback runs its children);
 * - when an LLM Observability child of it is placed, in the deferred batch after the child's end
 *   (for a marker set while the child ran, or in the same task as the child's end).
 * Marked by then, it is promoted: stamped and registered as an LLM Observability span, and the
 * child's parent is it. Nothing is held per plain span: a child's registry entry keeps a reference
 * to its plain parent, and entries are bounded by the registry caps. The one exception is a scope
 * whose every span starts bare (`marksAfterStart`): its plain spans are registered with themselves,
 * for children whose context holds only the parent's ids.
 *
 * Not covered (a child is exported with the parent known when it is placed): a marker set on a
 * span only after an LLM child of it was placed (a later task), and a marked span two plain
 * levels up (`withWorkflow` → a plain span started before the marker was set → an LLM span).
 */

/** The attributes a late marker is one of: checked before the whole kind table runs (~1 µs on a plain HTTP span). */
const LATE_MARKERS: readonly string[] = [
  LLMOBS_ATTR.SPAN_KIND,
  OPENINFERENCE.SPAN_KIND,
  TRACELOOP.SPAN_KIND,
  GENAI.OPERATION_NAME,
  VERCEL.OPERATION_ID,
  TRACELOOP.LLM_REQUEST_TYPE,
  GENAI.REQUEST_MODEL,
];

/** Whether a marker of some convention may be on a span (a few property reads): worth running the kind table. */
export function mayBeMarked(attributes: Attributes | undefined): boolean {
  if (!attributes) return false;
  for (const key of LATE_MARKERS) if (attributes[key] !== undefined) return true;
  return false;
}

/**
 * Scopes whose spans start bare and are marked in the same call: OpenInference's `OITracer` starts
 * every span without attributes and sets them right after. Their plain spans are registered (with
 * the span) so that a child that finds its parent only by ids can still promote it.
 */
export function marksAfterStart(scopeName: string | undefined): boolean {
  return scopeName !== undefined && scopeName.startsWith('@arizeai/openinference');
}

/** The plain parent registered by ids (`plainSelf`), for a child whose context holds only the parent's span context. */
export function plainParentById(span: StartedSpanLike, registry: LiveSpanRegistry): StartedSpanLike | undefined {
  const parentSpanId = parentSpanIdOf(span);
  if (parentSpanId === undefined) return undefined;
  const entry = registry.get(span.spanContext().traceId, parentSpanId);
  return entry && !entry.stamp ? entry.plainSelf : undefined;
}

export interface PlacementState {
  readonly registry: LiveSpanRegistry;
  readonly linkages: WeakMap<object, SpanLinkage>;
  readonly settings: StampSettings;
}

/**
 * The local parent span object of a starting span, when it is not known as an LLM Observability
 * span (yet): the one span that may have been marked since it started.
 */
export function plainLocalParentOf(span: StartedSpanLike, parentContext: Context, linkages: WeakMap<object, SpanLinkage>): StartedSpanLike | undefined {
  const parentSpanId = parentSpanIdOf(span);
  if (parentSpanId === undefined) return undefined;
  let parent = trace.getSpan(parentContext) as Partial<StartedSpanLike> | undefined;
  // OpenInference's OISpan (put in a context by hand) wraps the SDK span as `.span`.
  if (parent && !hasAttributes(parent)) parent = (parent as { span?: Partial<StartedSpanLike> }).span;
  // A remote or non-recording parent has no attributes: nothing to look at.
  if (!parent || !hasAttributes(parent) || typeof parent.spanContext !== 'function') return undefined;
  const parentContextOfSpan = (parent as StartedSpanLike).spanContext();
  if (parentContextOfSpan.spanId !== parentSpanId || parentContextOfSpan.traceId !== span.spanContext().traceId) return undefined;
  if (linkages.get(parent)?.stamp) return undefined;
  return parent as StartedSpanLike;
}

function hasAttributes(span: Partial<StartedSpanLike>): boolean {
  return typeof span.attributes === 'object' && span.attributes !== null;
}

/** How far up a chain of plain registered spans a late marker is looked for. */
const MAX_PLAIN_DEPTH = 16;

/**
 * Promotes `span` to an LLM Observability span if a marker is on it now: stamps it (with what it
 * inherits now), registers it, and returns its linkage; the linkage it already had when it was
 * promoted before; `undefined` while it is still plain.
 */
export function promoteIfMarked(span: StartedSpanLike, state: PlacementState, depth = 0): SpanLinkage | undefined {
  const existing = state.linkages.get(span);
  if (existing?.stamp) return existing;
  if (!mayBeMarked(span.attributes)) return undefined;
  const kind = classifySpan({ name: span.name, attributes: span.attributes, instrumentationScope: scopeOf(span) });
  if (kind === undefined) return undefined;
  const { traceId, spanId } = span.spanContext();
  const entry = state.registry.get(traceId, spanId);
  const inherited = entry
    ? inheritedNow(entry, state, depth + 1)
    : existing
      ? existing.forChildren
      : resolveInherited(span, undefined, state.registry, state.linkages);
  const annotation = entry?.annotation;
  const traceState = state.registry.traceForRegistration(traceId);
  const stamp = stampLLMObsSpan({ span, kind, inherited, traceSessionDefault: traceState.sessionDefault, annotation, settings: state.settings });
  if (stamp.sessionId !== undefined && traceState.sessionDefault === undefined) traceState.sessionDefault = stamp.sessionId;
  const forChildren = inheritFromStamp(stamp, spanId);
  // An ended span that was never registered may have been processed already: a new entry would
  // outlive it. Its linkage is enough for its own processing and for children that start later.
  if (entry || span.ended !== true) {
    const promoted: LiveSpanEntry = { spanId, inherited, annotation, stamp, forChildren };
    if (entry?.children) promoted.children = entry.children;
    state.registry.register(traceId, promoted);
  }
  const linkage: SpanLinkage = { stamp, forChildren };
  state.linkages.set(span, linkage);
  return linkage;
}

/**
 * What a registered span inherits now: from its plain parent if that parent was marked since the
 * span started (or, when the parent is still plain, from further up), else what it inherited then.
 */
export function inheritedNow(entry: LiveSpanEntry, state: PlacementState, depth = 0): InheritedContext | undefined {
  const parent = entry.plainParent;
  if (!parent || depth >= MAX_PLAIN_DEPTH) return entry.inherited;
  const promoted = promoteIfMarked(parent, state, depth + 1);
  if (promoted) return promoted.forChildren;
  const { traceId, spanId } = parent.spanContext();
  const parentEntry = state.registry.get(traceId, spanId);
  // A plain span hands down what it inherits itself.
  return parentEntry && !parentEntry.stamp && parentEntry.inherited === entry.inherited ? inheritedNow(parentEntry, state, depth + 1) : entry.inherited;
}
