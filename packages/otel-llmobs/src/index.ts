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
