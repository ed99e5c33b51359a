// The Datadog LLM Observability intake wire format, as the dev intake receives, stores and renders it
// (spec/datadog-intake.md §2 and §5): defined once, in the library (otel-llmobs/internals), whose
// encoder is checked against the same types. These are the *shapes once validated*; the validator
// works on `unknown` and never trusts them, and its checks stay its own. Shared by the server and
// the browser bundle.

export { SPAN_KINDS } from 'otel-llmobs/internals';
export type { SpanKind } from 'otel-llmobs';
export type {
  WireDocument,
  WireEvaluationMetric,
  WireIO,
  WireMessage,
  WirePrompt,
  WireSpanEvent,
  WireToolCall,
  WireToolResult,
} from 'otel-llmobs/internals';
