import type { Attributes } from '@opentelemetry/api';
import type { Metrics, Prompt, SpanIO, SpanKind, TagValue, ToolDefinition } from '../conventions/model.js';
import { LLMOBS_ATTR } from '../conventions/llmobs-attributes.js';
import { stringifySafely } from '../internal/safe-json.js';

/**
 * What `annotate()` collected on one span created by the API. Kept beside the span (a `WeakMap`)
 * and written as `_dd.ml_obs.*` attributes once, just before the API ends the span, so repeated
 * annotations merge the way dd-trace merges them and the span carries one final value per field.
 */
export interface AnnotationState {
  readonly kind: SpanKind;
  readonly name: string;
  ended: boolean;
  input?: SpanIO;
  output?: SpanIO;
  /** Shallow-merged across calls (`Object.assign`), serialized safely at the end. */
  metadata?: Record<string, unknown>;
  metrics?: Metrics;
  tags?: Record<string, TagValue>;
  prompt?: Prompt;
  toolDefinitions?: ToolDefinition[];
  agentManifest?: Record<string, unknown>;
  costTags?: string[];
  /** Problems that did not throw (for example a `metadata` that is not an object): reported on the span. */
  errors: string[];
}

/**
 * The `_dd.ml_obs.*` attributes for the annotation, in exactly the shape `mapping/llmobs.ts` reads
 * back (JSON in the canonical model's shape). Cycles and BigInts become `"Unserializable value"`, as
 * dd-trace does for metadata.
 */
export function annotationAttributes(state: AnnotationState): Attributes {
  const attributes: Attributes = {};
  if (state.input) attributes[LLMOBS_ATTR.INPUT] = stringifySafely(state.input);
  if (state.output) attributes[LLMOBS_ATTR.OUTPUT] = stringifySafely(state.output);
  if (state.prompt) attributes[LLMOBS_ATTR.PROMPT_TRACKING] = stringifySafely(state.prompt);
  const metadata = metadataWithReserved(state);
  if (metadata) attributes[LLMOBS_ATTR.METADATA] = stringifySafely(metadata);
  if (state.metrics && Object.keys(state.metrics).length > 0) attributes[LLMOBS_ATTR.METRICS] = stringifySafely(state.metrics);
  if (state.tags && Object.keys(state.tags).length > 0) attributes[LLMOBS_ATTR.TAGS] = stringifySafely(state.tags);
  if (state.toolDefinitions && state.toolDefinitions.length > 0) attributes[LLMOBS_ATTR.TOOL_DEFINITIONS] = stringifySafely(state.toolDefinitions);
  if (state.errors.length > 0) attributes[LLMOBS_ATTR.ANNOTATION_ERRORS] = stringifySafely(state.errors);
  return attributes;
}

/** User metadata plus the reserved `_dd` sub-keys (`cost_tags`, `agent_manifest`). */
function metadataWithReserved(state: AnnotationState): Record<string, unknown> | undefined {
  if (!state.metadata && !state.costTags && !state.agentManifest) return undefined;
  const metadata: Record<string, unknown> = { ...(state.metadata ?? {}) };
  if ((state.costTags && state.costTags.length > 0) || state.agentManifest) {
    const existing = metadata._dd;
    const dd: Record<string, unknown> = existing !== null && typeof existing === 'object' && !Array.isArray(existing) ? { ...(existing as Record<string, unknown>) } : {};
    if (state.costTags && state.costTags.length > 0) dd.cost_tags = state.costTags;
    if (state.agentManifest) dd.agent_manifest = state.agentManifest;
    metadata._dd = dd;
  }
  return Object.keys(metadata).length > 0 ? metadata : undefined;
}

