import type { Context, Span } from '@opentelemetry/api';
import { ROOT_CONTEXT, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import type { IdGenerator } from '@opentelemetry/sdk-trace-base';
import type { SpanProcessor } from '../helpers/sdk.js';
import { BasicTracerProvider, resourceFromAttributes } from '../helpers/sdk.js';
import type { FixtureFile, FixtureSpan } from '../helpers/fixtures.js';

/**
 * Replays a captured fixture through a real SDK `BasicTracerProvider`, as the instrumented app did:
 * each span starts with its captured ids, times, kind, scope and attributes under its parent, gets
 * its events and status, and ends at its captured end time. Starts and ends are interleaved in time
 * order (ancestors start first, descendants end first on ties), so processors see what they saw.
 */
export interface FixtureProvider {
  provider: BasicTracerProvider;
  replay(fixture: FixtureFile): void;
}

const KINDS: Record<string, SpanKind> = {
  INTERNAL: SpanKind.INTERNAL,
  SERVER: SpanKind.SERVER,
  CLIENT: SpanKind.CLIENT,
  PRODUCER: SpanKind.PRODUCER,
  CONSUMER: SpanKind.CONSUMER,
};

/** An id generator handing out the ids of the span about to start. */
class QueuedIds implements IdGenerator {
  traceId = '';
  spanId = '';
  generateTraceId(): string {
    return this.traceId;
  }
  generateSpanId(): string {
    return this.spanId;
  }
}

export function createFixtureProvider(resource: Record<string, unknown>, spanProcessors: SpanProcessor[]): FixtureProvider {
  const ids = new QueuedIds();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes(resource as never),
    spanProcessors,
    idGenerator: ids,
    // Captured spans can have many attributes (OpenInference flattens messages): keep them all.
    spanLimits: { attributeCountLimit: 100_000, eventCountLimit: 10_000, linkCountLimit: 1000, attributePerEventCountLimit: 10_000 },
  });
  return {
    provider,
    replay(fixture) {
      const live = new Map<string, Span>();
      for (const step of timeline(fixture.spans)) {
        const s = step.span;
        if (step.type === 'start') {
          const parent = s.parentSpanId !== undefined ? live.get(s.parentSpanId) : undefined;
          let ctx: Context = ROOT_CONTEXT;
          if (parent) ctx = trace.setSpan(ROOT_CONTEXT, parent);
          else if (s.parentSpanId !== undefined) {
            ctx = trace.setSpanContext(ROOT_CONTEXT, { traceId: s.traceId, spanId: s.parentSpanId, traceFlags: TraceFlags.SAMPLED, isRemote: true });
          }
          ids.traceId = s.traceId;
          ids.spanId = s.spanId;
          const scope = s.instrumentationScope ?? { name: 'fixture' };
          const span = provider
            .getTracer(scope.name, scope.version)
            .startSpan(s.name, { kind: KINDS[s.otelKind] ?? SpanKind.INTERNAL, attributes: s.attributes, startTime: s.startTime }, ctx);
          for (const e of s.events ?? []) span.addEvent(e.name, e.attributes ?? {}, e.time);
          if (s.status && s.status.code !== 0) span.setStatus(s.status.message !== undefined ? { code: s.status.code, message: s.status.message } : { code: s.status.code });
          live.set(s.spanId, span);
        } else {
          live.get(s.spanId)?.end(s.endTime);
        }
      }
    },
  };
}

interface Step {
  type: 'start' | 'end';
  span: FixtureSpan;
  time: bigint;
  depth: number;
}

/** Starts and ends in time order; on ties starts before ends, ancestors start first and descendants end first. */
export function timeline(spans: readonly FixtureSpan[]): Step[] {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const depthOf = (s: FixtureSpan): number => {
    let depth = 0;
    let parent = s.parentSpanId !== undefined ? byId.get(s.parentSpanId) : undefined;
    while (parent && depth < 1000) {
      depth++;
      parent = parent.parentSpanId !== undefined ? byId.get(parent.parentSpanId) : undefined;
    }
    return depth;
  };
  const nanos = (t: readonly [number, number]) => BigInt(t[0]) * 1_000_000_000n + BigInt(t[1]);
  const steps: Step[] = [];
  for (const s of spans) {
    const depth = depthOf(s);
    const start = nanos(s.startTime);
    const end = nanos(s.endTime);
    steps.push({ type: 'start', span: s, time: start, depth }, { type: 'end', span: s, time: end < start ? start : end, depth });
  }
  return steps.sort((a, b) => {
    if (a.time !== b.time) return a.time < b.time ? -1 : 1;
    if (a.type !== b.type) return a.type === 'start' ? -1 : 1;
    return a.type === 'start' ? a.depth - b.depth : b.depth - a.depth;
  });
}
