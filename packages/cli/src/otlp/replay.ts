// Replaying a buffered trace through an `LLMObsSpanProcessor`, as the OTel SDK would have called it
// in the instrumented process: `onStart` for each span in start-time order, under a context holding
// its parent span, and `onEnd` in end-time order, interleaved in time. Parent resolution, ml_app and
// session inheritance, nested-LLM reconciliation, sampling and hooks are then exactly the in-process
// ones. On equal times, starts come before ends, ancestors start first and descendants end first;
// a parent that started "after" its child (clock skew) is started just before it.
import type { Context, Span } from '@opentelemetry/api';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import type { ReadableSpanLike, SpanProcessorLike } from 'otel-llmobs';
import type { BufferedSpan } from './replay-span.js';
import { extractTracestate } from './tracestate.js';

/** Ancestors started ahead of their time for one span, at most (bounds the recursion). */
const MAX_FORCED_ANCESTORS = 1000;

interface Step {
  readonly type: 'start' | 'end';
  readonly span: BufferedSpan;
  readonly time: bigint;
  readonly depth: number;
}

/**
 * `earlier(spanId)`: a span of the same trace replayed before (a trace flushed, then late spans of
 * it), so late children still find their parent's linkage.
 */
export function replayTrace(processor: SpanProcessorLike, spans: readonly BufferedSpan[], earlier: (spanId: string) => ReadableSpanLike | undefined): void {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const started = new Set<string>();
  const ended = new Set<string>();

  const contextOf = (s: BufferedSpan): Context => {
    if (s.parentSpanId === undefined) return ROOT_CONTEXT;
    const parent = byId.get(s.parentSpanId)?.span ?? earlier(s.parentSpanId);
    // The processor reads only `spanContext()` and its own linkage of the object it saw start.
    if (parent) return trace.setSpan(ROOT_CONTEXT, parent as unknown as Span);
    const parentContext = s.span.parentSpanContext;
    if (!parentContext) return ROOT_CONTEXT;
    // A span whose parent is in another process was started, in-process, under a context extracted
    // from the request's headers. OTLP keeps one of those headers: the span's `tracestate`. When its
    // `dd=` member carries LLM Observability values, they are extracted the same way, so the
    // cross-service LLM parent, ml_app, session and sampling decision are kept. (`x-datadog-tags`
    // is not in OTLP.)
    const remote = trace.setSpanContext(ROOT_CONTEXT, parentContext);
    const tracestate = s.span.spanContext().traceState?.serialize();
    if (tracestate === undefined || !tracestate.includes('t.llmobs_')) return remote;
    const traceparent = `00-${parentContext.traceId}-${parentContext.spanId}-0${parentContext.traceFlags & 1}`;
    return extractTracestate(remote, tracestate, traceparent);
  };

  const start = (s: BufferedSpan, depth = 0): void => {
    if (started.has(s.spanId)) return;
    // Marked first: a cycle of parent ids (a broken or hostile sender) ends here.
    started.add(s.spanId);
    const parent = s.parentSpanId !== undefined ? byId.get(s.parentSpanId) : undefined;
    if (parent && depth < MAX_FORCED_ANCESTORS) start(parent, depth + 1);
    processor.onStart(s.span, contextOf(s));
  };

  for (const step of timeline(spans, byId)) {
    if (step.type === 'start') {
      start(step.span);
    } else if (!ended.has(step.span.spanId)) {
      start(step.span);
      ended.add(step.span.spanId);
      processor.onEnd(step.span.span);
    }
  }
}

function timeline(spans: readonly BufferedSpan[], byId: ReadonlyMap<string, BufferedSpan>): Step[] {
  const depths = new Map<string, number>();
  const depthOf = (s: BufferedSpan): number => {
    const known = depths.get(s.spanId);
    if (known !== undefined) return known;
    let depth = 0;
    let parent = s.parentSpanId !== undefined ? byId.get(s.parentSpanId) : undefined;
    const seen = new Set<string>([s.spanId]);
    while (parent && !seen.has(parent.spanId)) {
      seen.add(parent.spanId);
      depth++;
      parent = parent.parentSpanId !== undefined ? byId.get(parent.parentSpanId) : undefined;
    }
    depths.set(s.spanId, depth);
    return depth;
  };
  const steps: Step[] = [];
  for (const s of spans) {
    const depth = depthOf(s);
    steps.push({ type: 'start', span: s, time: s.startNs, depth }, { type: 'end', span: s, time: s.endNs, depth });
  }
  return steps.sort((a, b) => {
    if (a.time !== b.time) return a.time < b.time ? -1 : 1;
    if (a.type !== b.type) return a.type === 'start' ? -1 : 1;
    return a.type === 'start' ? a.depth - b.depth : b.depth - a.depth;
  });
}
