import type { Metrics, SpanIO, SpanKind, TagValue, ToolDefinition } from '../conventions/model.js';
import type { SpanData } from './span-data.js';

/**
 * What one convention can say about a span. The orchestrator (`mapSpan`) asks every convention
 * present on the span, in precedence order, and merges field by field: the first convention with a
 * non-empty value for a field wins (spec conventions §9, §11.1). Messages are never mixed across
 * conventions: `input.messages` comes whole from one of them.
 */
export interface Contribution {
  name?: string;
  modelName?: string;
  modelProvider?: string;
  input?: SpanIO;
  output?: SpanIO;
  /** Merged across conventions; on a key clash the higher-precedence convention wins. */
  metadata?: Record<string, unknown>;
  /** Merged per key; the higher-precedence convention wins. */
  metrics?: Metrics;
  /** Merged per key; the higher-precedence convention wins. */
  tags?: Record<string, TagValue>;
  sessionId?: string;
  userId?: string;
  toolDefinitions?: ToolDefinition[];
}

/** Options of `mapSpan()`: the attributes session and user ids are read from. */
export interface MappingOptions {
  /** Attribute keys holding a session id, first non-empty wins (see `DEFAULT_SESSION_KEYS`). */
  sessionKeys?: readonly string[];
  /** Attribute keys holding a user id, first non-empty wins (see `DEFAULT_USER_KEYS`). */
  userKeys?: readonly string[];
}

export interface MapContext {
  /** The kind decided by the decision table; mappers shape their I/O for it. */
  readonly kind: SpanKind;
  /** Collect non-fatal problems here; they become the span's collection errors. */
  readonly problems: string[];
}

export interface ConventionMapper {
  /** Stable id, reported in `MappedSpan.sources` and prefixed to collection errors. */
  readonly id: string;
  /** Cheap check: does the span carry this convention's attributes? */
  detect(span: SpanData): boolean;
  /** Must not throw; `mapSpan` still guards it and turns a throw into a collection error. */
  map(span: SpanData, ctx: MapContext): Contribution;
}
