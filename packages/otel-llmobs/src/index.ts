// Public surface of otel-llmobs: what an application uses. Every export is named on purpose (no
// `export *`); test/exports.test.ts lists them, so the surface grows only on purpose. What the
// otel-llmobs CLI and other tools need besides (encoder, mapping helpers, wire types) is in
// `otel-llmobs/internals` (src/internals.ts, docs/internals.md).

// The canonical model: what hooks, `readLLMObsSpan` and custom exporters see.
export type {
  ChatTemplateMessage,
  Document,
  HrTime,
  KnownMetrics,
  LLMObsSpan,
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
export { readLLMObsSpan } from './conventions/attached-span.js';

// The span processor.
export { LLMObsSpanProcessor } from './processor/llmobs-span-processor.js';
export type { LLMObsSpanProcessorOptions, LLMObsSpanProcessorStats, SpanFilterInfo } from './processor/llmobs-span-processor.js';
export type { ExportMode, ProcessorSettingsOptions, VendorAttributesMode } from './config/resolve-processor-config.js';
export type { HookIOEntry, LLMObsSpanHook, LLMObservabilitySpan } from './runtime/user-hook.js';
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

// The Datadog exporter and the evaluation writer.
export { LLMObsExporter } from './datadog/llmobs-exporter.js';
export type { LLMObsExporterStats } from './datadog/llmobs-exporter.js';
export type { LLMObsExporterOptions } from './config/resolve-exporter-config.js';
export type { DatadogTransportOptions, RetryOptions } from './config/datadog-transport-config.js';
export type { ServiceIdentityOptions } from './config/service-identity.js';
export type { IntakeWriterStats } from './datadog/intake-writer.js';
export type { DropReason } from './datadog/drop-counter.js';
export type { FetchInitLike, FetchLike, FetchResponseLike } from './internal/fetch-like.js';
export { createEvaluationWriter } from './datadog/evaluation-writer.js';
export type { EvaluationWriter } from './datadog/evaluation-writer.js';
export type { EvaluationWriterOptions } from './config/resolve-evaluation-config.js';
export type { EvaluationJoin, EvaluationMetricType, EvaluationOptions, SpanRef, TagJoin } from './datadog/encode-evaluation.js';

// LLM metrics options (docs/metrics.md): the processor's `metrics` option, its counters, price rows.
export type { LLMMetricsOptions, LLMMetricsStats } from './metrics/llm-metrics.js';
export type { ModelPrice } from './metrics/cost.js';

// Managed evaluations computed in the process (docs/evaluations.md): the processor's `evaluations` option.
export { EVALUATOR_LABELS } from './evaluations/labels.js';
export type { EvaluationMethod, EvaluatorLabel } from './evaluations/labels.js';
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

// Sensitive data redacted in the process, before any exporter (docs/sensitive-data.md).
export { scanSensitiveData } from './sensitive-data/scan-sensitive-data.js';
export type { SensitiveDataFinding } from './sensitive-data/scan-sensitive-data.js';
export type { SensitiveDataAllowlist, SensitiveDataCustomRule, SensitiveDataOptions, SensitiveDataScope } from './config/sensitive-data-options.js';
export type { BuiltinEntityType, SensitiveDataAction, SensitiveDataCategory } from './config/sensitive-data-entities.js';
export type { SensitiveDataStats } from './sensitive-data/stats.js';

// Datadog's OTLP intake preset (docs/otlp.md).
export { datadogOtlpExporterConfig } from './otlp/datadog-otlp-preset.js';
export type { DatadogOtlpExporterConfig, DatadogOtlpOptions } from './otlp/datadog-otlp-preset.js';

// The `llmobs` API.
export { createLLMObs, llmobs } from './api/llmobs.js';
export type { LLMObs, LLMObsDecorator } from './api/llmobs.js';

// logs: GenAI events emitted as log records, joined to their spans (docs/libraries.md)
export { LLMObsLogRecordProcessor } from './logs/llmobs-log-record-processor.js';
export type { LLMObsLogRecordProcessorOptions, LLMObsLogRecordProcessorStats } from './logs/llmobs-log-record-processor.js';
export type { LogRecordLike, LogRecordProcessorLike } from './logs/log-record-shapes.js';
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

// Propagation of LLM Observability context between services.
export { LLMObsPropagator } from './propagation/llmobs-propagator.js';
export type { LLMObsPropagatorOptions } from './propagation/llmobs-propagator.js';
