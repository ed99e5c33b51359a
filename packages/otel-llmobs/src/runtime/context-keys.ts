import type { Context, Span } from '@opentelemetry/api';
import { createContextKey } from '@opentelemetry/api';
import type { AnnotationContextValue } from './linkage.js';

/**
 * Our own entries in the OTel context. `createContextKey` is `Symbol.for` underneath, so the ESM and
 * CJS builds of this package (and two copies of it) agree.
 */

/** The innermost span created by the `llmobs` API: what `annotate()` and `exportSpan()` default to. */
const ACTIVE_LLMOBS_SPAN_KEY = createContextKey('otel-llmobs active LLM Observability span');

/** `llmobs.annotationContext()` options in force; read by the processor for every span started inside. */
const ANNOTATION_CONTEXT_KEY = createContextKey('otel-llmobs annotation context');

export function getActiveLLMObsSpan(context: Context): Span | undefined {
  return context.getValue(ACTIVE_LLMOBS_SPAN_KEY) as Span | undefined;
}

export function setActiveLLMObsSpan(context: Context, span: Span): Context {
  return context.setValue(ACTIVE_LLMOBS_SPAN_KEY, span);
}

export function getAnnotationContext(context: Context | undefined): AnnotationContextValue | undefined {
  const value = context?.getValue(ANNOTATION_CONTEXT_KEY);
  return value !== null && typeof value === 'object' ? (value) : undefined;
}

export function setAnnotationContext(context: Context, value: AnnotationContextValue): Context {
  return context.setValue(ANNOTATION_CONTEXT_KEY, value);
}
