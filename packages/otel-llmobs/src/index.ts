// Public surface of otel-llmobs. Every export is named on purpose (no `export *`).

// conventions: the canonical model
export type {
  ChatTemplateMessage,
  Document,
  HrTime,
  KnownMetrics,
  LLMObsSpan,
  MappedSpan,
  MediaPart,
  Message,
  Metrics,
  Prompt,
  SpanError,
  SpanIO,
  SpanKind,
  TagValue,
  ToolCall,
  ToolDefinition,
  ToolResult,
} from './conventions/model.js';
export { MODEL_KINDS, SPAN_KINDS } from './conventions/model.js';
export { LLMOBS_ATTR } from './conventions/llmobs-attributes.js';
export { attachLLMObsSpan, readLLMObsSpan } from './conventions/attached-span.js';

// mapping: finished spans of any supported convention → the canonical model
export { mapSpan } from './mapping/map-span.js';
export { classifySpan } from './mapping/kind.js';
export type { MappingOptions } from './mapping/contribution.js';
export type { SpanData, SpanEventData } from './mapping/span-data.js';
export { DEFAULT_SESSION_KEYS, DEFAULT_USER_KEYS } from './mapping/identity.js';
export { reconcileNestedModelSpans } from './mapping/nested-llm.js';
export type { NestedModelChild } from './mapping/nested-llm.js';

// datadog: the LLM Observability intake (wire encoder, transport, exporter, evaluations)
export { LLMObsExporter } from './datadog/llmobs-exporter.js';
export type { LLMObsExporterStats } from './datadog/llmobs-exporter.js';
export type { LLMObsExporterOptions } from './config/resolve-exporter-config.js';
export type { DatadogTransportOptions, RetryOptions } from './config/datadog-transport-config.js';
export type { ServiceIdentityOptions } from './config/service-identity.js';
export type { IntakeWriterStats } from './datadog/intake-writer.js';
export type { DropReason } from './datadog/drop-counter.js';
export type { FetchLike, FetchInitLike, FetchResponseLike } from './internal/fetch-like.js';
export { encodeSpanEvent, ROOT_PARENT_ID } from './datadog/encode-span-event.js';
export type { SpanEvent } from './datadog/encode-span-event.js';
export type { SpanEventContext } from './datadog/span-event-context.js';
export { encodeSpanEventsPayload } from './datadog/encode-span-events-payload.js';
export { MAX_PAYLOAD_BYTES } from './datadog/span-envelope.js';
export { spanIdToDecimal, decimalToSpanId } from './internal/ids.js';
export { createEvaluationWriter } from './datadog/evaluation-writer.js';
export type { EvaluationWriter } from './datadog/evaluation-writer.js';
export type { EvaluationWriterOptions } from './config/resolve-evaluation-config.js';
export { encodeEvaluation, encodeEvaluationPayload, validateEvaluation, EVALUATION_METRIC_TYPES } from './datadog/encode-evaluation.js';
export type {
  EvaluationDefaults,
  EvaluationIdFormat,
  EvaluationJoin,
  EvaluationMetric,
  EvaluationMetricType,
  EvaluationOptions,
  SpanRef,
  TagJoin,
  ValidatedEvaluation,
} from './datadog/encode-evaluation.js';

// evaluations: Datadog's managed evaluations, computed in the process (docs/evaluations.md)
export { EVALUATOR_LABELS } from './evaluations/labels.js';
export type { EvaluationMethod, EvaluatorLabel } from './evaluations/labels.js';
export { genAIEvaluationEvent } from './evaluations/evaluation-event.js';
export { createEvaluationRunner } from './evaluations/create-evaluation-runner.js';
export type { EvaluationStage } from './evaluations/processor-stage.js';
export type {
  AwsCredentials,
  CustomJudge,
  EvaluationBudgetOptions,
  EvaluationEventLogger,
  EvaluationResult,
  EvaluationsOptions,
  EvaluationStats,
  EvaluatorFilterOptions,
  EvaluatorsOptions,
  FailureToAnswerOptions,
  HallucinationOptions,
  JudgeCallOptions,
  JudgeCompletion,
  JudgeOptions,
  JudgeProvider,
  JudgeRequest,
  JudgeUsage,
  LanguageDetection,
  LanguageDetector,
  LanguageMismatchOptions,
  MeterProviderLike,
  PromptInjectionOptions,
  ProviderJudgeOptions,
  SensitiveDataEvaluatorOptions,
  TopicRelevancyOptions,
  ToxicityOptions,
} from './evaluations/types.js';

// otlp: canonical OTel GenAI attributes for OTLP backends, and Datadog's OTLP intake preset (docs/otlp.md)
export { toCanonicalAttributes } from './otlp/canonical-attributes.js';
export { OPERATION_BY_KIND } from './conventions/genai.js';
export type { CanonicalSource } from './otlp/canonical-attributes.js';
export { deriveCanonicalAttributes, deriveCanonicalEvents, isVendorAttribute } from './otlp/derive-attributes.js';
export type { DeriveSource, VendorAttributes } from './otlp/derive-attributes.js';
export { datadogOtlpExporterConfig } from './otlp/datadog-otlp-preset.js';
export type { DatadogOtlpExporterConfig, DatadogOtlpOptions } from './otlp/datadog-otlp-preset.js';

// metrics: GenAI client metrics and llmobs.* from LLM Observability spans (docs/metrics.md)
export { LLMMetricsRecorder } from './metrics/llm-metrics.js';
export type { EvaluationMetricInput, LLMMetricsOptions, LLMMetricsStats, MetricSpan } from './metrics/llm-metrics.js';
export { estimateCost, PriceTable } from './metrics/cost.js';
export type { CostEstimate, ModelPrice } from './metrics/cost.js';
export { DEFAULT_MODEL_PRICES } from './metrics/price-table.js';
export { INSTRUMENTS as LLM_METRIC_INSTRUMENTS } from './metrics/instruments.js';

// processor, llmobs API and propagation
export { LLMObsSpanProcessor } from './processor/llmobs-span-processor.js';
export type { LLMObsSpanProcessorOptions, LLMObsSpanProcessorStats, SpanFilterInfo } from './processor/llmobs-span-processor.js';
export type { ExportMode, ProcessorSettingsOptions, VendorAttributesMode } from './config/resolve-processor-config.js';
export type {
  ExportResultLike,
  InstrumentationScopeLike,
  ReadableSpanLike,
  ResourceLike,
  SpanExporterLike,
  SpanProcessorLike,
  StartedSpanLike,
  TimedEventLike,
} from './sdk-shapes/span-shapes.js';
export { LLMObsLogRecordProcessor } from './logs/llmobs-log-record-processor.js';
export type { LLMObsLogRecordProcessorOptions, LLMObsLogRecordProcessorStats } from './logs/llmobs-log-record-processor.js';
export type { LogRecordLike, LogRecordProcessorLike } from './logs/log-record-shapes.js';
export { LLMObservabilitySpan } from './runtime/user-hook.js';
export type { HookIOEntry, LLMObsSpanHook } from './runtime/user-hook.js';
export { LLMObs, createLLMObs, llmobs } from './api/llmobs.js';
export type { LLMObsDecorator } from './api/llmobs.js';
export type {
  AnnotationAgentManifest,
  AnnotationContextOptions,
  AnnotationDocument,
  AnnotationMediaPart,
  AnnotationMessage,
  AnnotationOptions,
  AnnotationPrompt,
  AnnotationToolCall,
  AnnotationToolDefinition,
  AnnotationToolResult,
  CreateLLMObsOptions,
  EvaluationMetricOptions,
  EvaluationTarget,
  ExportedLLMObsSpan,
  LLMObsNamedSpanOptions,
  LLMObsNamelessSpanOptions,
  LLMObsSpanOptions,
} from './api/types.js';
export { LLMObsPropagator, LLMOBS_PROPAGATION_TAGS } from './propagation/llmobs-propagator.js';
export type { LLMObsPropagatorOptions } from './propagation/llmobs-propagator.js';
export { getPropagatedLLMObsContext } from './runtime/propagated-context.js';
export type { PropagatedLLMObsContext } from './runtime/propagated-context.js';

// sensitive data: secrets and personal data redacted in the process, before any exporter (docs/sensitive-data.md)
export { scanSensitiveData } from './sensitive-data/scan-sensitive-data.js';
export type { SensitiveDataFinding } from './sensitive-data/scan-sensitive-data.js';
export type { SensitiveDataAllowlist, SensitiveDataCustomRule, SensitiveDataOptions, SensitiveDataScope } from './config/sensitive-data-options.js';
export type { BuiltinEntityType, SensitiveDataAction, SensitiveDataCategory } from './config/sensitive-data-entities.js';
export type { SensitiveDataStats } from './sensitive-data/stats.js';
