// `otel-llmobs/internals`: what the otel-llmobs CLI and other tools build on (the intake encoder
// and wire types, the mappers, the canonical OTLP attributes, id conversions). Documented in
// docs/internals.md; it follows the package's version but is not covered by its semver promise.
// test/exports.test.ts lists every export.

// The canonical model's helpers and span kinds (one list, shared with the CLI).
export { MODEL_KINDS, SPAN_KINDS } from './conventions/model.js';
export type { MappedSpan } from './conventions/model.js';
export { LLMOBS_ATTR } from './conventions/llmobs-attributes.js';
export { attachLLMObsSpan } from './conventions/attached-span.js';

// Mapping: finished spans of any supported convention → the canonical model.
export { mapSpan } from './mapping/map-span.js';
export { classifySpan } from './mapping/kind.js';
export type { MappingOptions } from './mapping/contribution.js';
export type { SpanData, SpanEventData } from './mapping/span-data.js';
export { DEFAULT_SESSION_KEYS, DEFAULT_USER_KEYS } from './mapping/identity.js';
export { reconcileNestedModelSpans } from './mapping/nested-llm.js';
export type { NestedModelChild } from './mapping/nested-llm.js';

// The Datadog intake: wire types, span and evaluation encoders.
export type {
  WireAgentAttribution,
  WireChatTemplateEntry,
  WireDocument,
  WireEvaluationJoin,
  WireEvaluationMetric,
  WireIO,
  WireMediaPart,
  WireMessage,
  WirePrompt,
  WireSpanEvent,
  WireSpanMeta,
  WireToolCall,
  WireToolDefinition,
  WireToolResult,
} from './datadog/wire-types.js';
export { encodeSpanEvent, ROOT_PARENT_ID } from './datadog/encode-span-event.js';
export type { SpanEvent } from './datadog/encode-span-event.js';
export type { SpanEventContext } from './datadog/span-event-context.js';
export { encodeSpanEventsPayload } from './datadog/encode-span-events-payload.js';
export { MAX_PAYLOAD_BYTES } from './datadog/span-envelope.js';
export { encodeEvaluation, encodeEvaluationPayload, validateEvaluation, EVALUATION_METRIC_TYPES } from './datadog/encode-evaluation.js';
export type { EvaluationDefaults, EvaluationIdFormat, EvaluationMetric, ValidatedEvaluation } from './datadog/encode-evaluation.js';

// Managed evaluations: the runner and its processor stage, for the CLI's dev intake and gateway.
export { createEvaluationRunner } from './evaluations/create-evaluation-runner.js';
export type { EvaluationStage } from './evaluations/processor-stage.js';
export { genAIEvaluationEvent } from './evaluations/evaluation-event.js';

// Canonical OTel GenAI attributes for OTLP backends.
export { toCanonicalAttributes } from './otlp/canonical-attributes.js';
export { OPERATION_BY_KIND } from './conventions/genai.js';
export type { CanonicalSource } from './otlp/canonical-attributes.js';
export { deriveCanonicalAttributes, deriveCanonicalEvents, isVendorAttribute } from './otlp/derive-attributes.js';
export type { DeriveSource, VendorAttributes } from './otlp/derive-attributes.js';

// LLM metrics and cost (docs/metrics.md), for the CLI's stored spans.
export { LLMMetricsRecorder } from './metrics/llm-metrics.js';
export type { EvaluationMetricInput, MetricSpan } from './metrics/llm-metrics.js';
export { estimateCost, PriceTable } from './metrics/cost.js';
export type { CostEstimate } from './metrics/cost.js';
export { DEFAULT_MODEL_PRICES } from './metrics/price-table.js';
export { INSTRUMENTS as LLM_METRIC_INSTRUMENTS } from './metrics/instruments.js';

// Propagated context, as `LLMObsPropagator` extracted it.
export { LLMOBS_PROPAGATION_TAGS } from './propagation/llmobs-propagator.js';
export { getPropagatedLLMObsContext } from './runtime/propagated-context.js';
export type { PropagatedLLMObsContext } from './runtime/propagated-context.js';

// Generic helpers the CLI shares with the library.
// The processor's sensitive-data scan over spans already encoded for the intake (the dev intake's agent routes).
export { createSpanEventScanner } from './sensitive-data/scan-span-event.js';
export type { SpanEventScanner } from './sensitive-data/scan-span-event.js';

export { decimalToSpanId, spanIdToDecimal } from './internal/ids.js';
export { errorMessage } from './internal/error-message.js';
export { stringifySafely } from './internal/safe-json.js';
