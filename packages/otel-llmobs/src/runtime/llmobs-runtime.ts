import type { SpanLinkage } from './linkage.js';
import type { LLMObsSpanHook } from './user-hook.js';

/**
 * Process-wide meeting point of the three parts that cannot hold references to each other: the
 * processors (created by the user's tracer setup), the `llmobs` API (a module singleton) and the
 * propagator (created by the user's propagation setup). The API asks it for a span's LLM
 * Observability trace id and flushes through it; the propagator asks what to inject for the active
 * span; processors read the hook registered with `llmobs.registerProcessor()`.
 *
 * Kept on `globalThis` under a `Symbol.for` key so the ESM and CJS builds of the package share one.
 */
export interface RuntimeProcessor {
  /** What the processor decided about a span object it saw start, if it did. */
  linkageOf(span: object): SpanLinkage | undefined;
  forceFlush(): Promise<void>;
}

export interface LLMObsRuntime {
  readonly processors: Set<RuntimeProcessor>;
  userHook: LLMObsSpanHook | undefined;
}

const RUNTIME_KEY = Symbol.for('otel-llmobs.runtime.v1');

export function getLLMObsRuntime(): LLMObsRuntime {
  const holder = globalThis as Record<symbol, LLMObsRuntime | undefined>;
  let runtime = holder[RUNTIME_KEY];
  if (!runtime) {
    runtime = { processors: new Set(), userHook: undefined };
    Object.defineProperty(globalThis, RUNTIME_KEY, { value: runtime, enumerable: false, configurable: true, writable: false });
  }
  return runtime;
}

/** The first registered processor's linkage of `span`. */
export function findLinkage(span: object): SpanLinkage | undefined {
  for (const processor of getLLMObsRuntime().processors) {
    const linkage = processor.linkageOf(span);
    if (linkage) return linkage;
  }
  return undefined;
}
