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
export { isDuplicateModelSpan, reconcileNestedModelSpans } from './mapping/nested-llm.js';
export type { NestedModelChild } from './mapping/nested-llm.js';
