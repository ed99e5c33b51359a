import { diag } from '@opentelemetry/api';
import type { MappedSpan, Metrics, SpanKind } from '../conventions/model.js';
import { MODEL_KINDS } from '../conventions/model.js';
import type { Contribution, MappingOptions } from './contribution.js';
import { readSessionId, readUserId } from './identity.js';
import { classifySpan } from './kind.js';
import { mergeContributions } from './merge.js';
import { CONVENTION_MAPPERS } from './registry.js';
import { shapeIO } from './shape-io.js';
import type { SpanData } from './span-data.js';
import { readSpanError } from './span-status.js';
import { errorMessage } from '../internal/error-message.js';

const logger = /* @__PURE__ */ diag.createComponentLogger({ namespace: 'otel-llmobs/mapping' });

/** Token counts: on spans that are not model calls they repeat their children's (see docs/mapping.md). */
export const TOKEN_METRICS = [
  'input_tokens',
  'output_tokens',
  'total_tokens',
  'cache_read_input_tokens',
  'cache_write_input_tokens',
  'reasoning_output_tokens',
] as const;

/**
 * Map a finished span to the canonical model, or `undefined` when it is not an LLM Observability
 * span. Never throws: a failing convention mapper becomes a collection error and the others still
 * contribute.
 */
export function mapSpan(span: SpanData, options: MappingOptions = {}): MappedSpan | undefined {
  let kind: SpanKind | undefined;
  try {
    kind = classifySpan(span, span.events);
  } catch (e) {
    logger.debug('classification failed', e);
    return undefined;
  }
  if (kind === undefined) return undefined;
  try {
    return mapClassified(span, kind, options);
  } catch (e) {
    // Only reachable through a bug in the shared steps; keep the span with what is certain.
    logger.debug('mapping failed', e);
    return {
      kind,
      name: typeof span.name === 'string' ? span.name : kind,
      status: span.status?.code === 2 ? 'error' : 'ok',
      input: {},
      output: {},
      metadata: {},
      metrics: {},
      tags: {},
      sources: [],
      collectionErrors: [`mapping failed: ${errorMessage(e)}`],
    };
  }
}

function mapClassified(span: SpanData, kind: SpanKind, options: MappingOptions): MappedSpan {
  const problems: string[] = [];
  const contributions: Contribution[] = [];
  const sources: string[] = [];
  for (const mapper of CONVENTION_MAPPERS) {
    let present = false;
    try {
      present = mapper.detect(span);
    } catch (e) {
      problems.push(`${mapper.id}: detection failed: ${errorMessage(e)}`);
    }
    if (!present) continue;
    const own: string[] = [];
    try {
      contributions.push(mapper.map(span, { kind, problems: own }));
      sources.push(mapper.id);
    } catch (e) {
      own.push(`mapping failed: ${errorMessage(e)}`);
      logger.debug(`${mapper.id} mapper threw`, e);
    }
    for (const p of own) problems.push(`${mapper.id}: ${p}`);
  }

  const merged = mergeContributions(contributions);
  const error = readSpanError(span);
  const llmobsIndex = sources.indexOf('llmobs');
  const explicitMetrics = llmobsIndex !== -1 && contributions[llmobsIndex]?.metrics !== undefined;
  const metrics = finishMetrics(kind, merged.metrics ?? {}, explicitMetrics);

  const mapped: MappedSpan = {
    kind,
    name: merged.name ?? span.name,
    status: error ? 'error' : 'ok',
    input: shapeIO(kind, 'input', merged.input),
    output: shapeIO(kind, 'output', merged.output),
    metadata: merged.metadata ?? {},
    metrics,
    tags: merged.tags ?? {},
    sources,
    collectionErrors: boundedProblems(problems),
  };
  if (error) mapped.error = error;
  if (MODEL_KINDS.has(kind)) {
    if (merged.modelName !== undefined) mapped.modelName = merged.modelName;
    if (merged.modelProvider !== undefined) mapped.modelProvider = merged.modelProvider;
  }
  if (merged.toolDefinitions) mapped.toolDefinitions = merged.toolDefinitions;
  const sessionId = merged.sessionId ?? readSessionId(span.attributes, options.sessionKeys);
  if (sessionId !== undefined) mapped.sessionId = sessionId;
  const userId = merged.userId ?? readUserId(span.attributes, options.userKeys);
  if (userId !== undefined) {
    mapped.userId = userId;
    if (!('user_id' in mapped.tags)) mapped.tags.user_id = userId;
  }
  if (span.instrumentationScope?.name) mapped.scopeName = span.instrumentationScope.name;
  return mapped;
}

const CACHE_TOKEN_METRICS = ['cache_read_input_tokens', 'cache_write_input_tokens'] as const;

function finishMetrics(kind: SpanKind, metrics: Metrics, explicit: boolean): Metrics {
  if (!MODEL_KINDS.has(kind) && !explicit) {
    // `in` first: a delete, even of a missing key, costs more than the check.
    for (const key of TOKEN_METRICS) if (key in metrics) delete metrics[key];
  }
  // A zero cache count is what SDKs report when no cache was involved (the Vercel AI SDK for every
  // provider, OpenAI's cached_tokens: 0): it says nothing, and dd-trace drops it too.
  for (const key of CACHE_TOKEN_METRICS) if (metrics[key] === 0) delete metrics[key];
  if (metrics.total_tokens === undefined && metrics.input_tokens !== undefined) {
    // An embedding has no output tokens: its total is its input (metrics annotated through the
    // llmobs API are kept as given, as dd-trace sends them).
    if (metrics.output_tokens !== undefined) metrics.total_tokens = metrics.input_tokens + metrics.output_tokens;
    else if (kind === 'embedding' && !explicit) metrics.total_tokens = metrics.input_tokens;
  }
  // Counts near Number.MAX_VALUE (garbage from an instrumentation) add up to Infinity: a metric is a
  // finite number or absent (found by the Vercel property test).
  for (const key of Object.keys(metrics)) {
    if (!Number.isFinite(metrics[key])) delete metrics[key];
  }
  return metrics;
}

/** At most this many collection errors per span, duplicates removed: a malformed span can produce thousands. */
const MAX_COLLECTION_ERRORS = 20;

function boundedProblems(problems: string[]): string[] {
  if (problems.length <= 1) return problems;
  const unique = [...new Set(problems)];
  if (unique.length <= MAX_COLLECTION_ERRORS) return unique;
  const kept = unique.slice(0, MAX_COLLECTION_ERRORS - 1);
  kept.push(`… and ${unique.length - kept.length} more mapping problems`);
  return kept;
}
