import type { MappedSpan, Metrics, SpanKind } from '../conventions/model.js';
import { TOKEN_METRICS } from './map-span.js';
import { shapeIO } from './shape-io.js';

/**
 * Duplicate model spans (spec conventions §0.4, §11.2). A framework's model span often wraps the
 * provider instrumentation's span for the same call: openlit's Anthropic span around the Anthropic
 * SDK's native `anthropic.messages.create`, LangChain's `ChatOpenAI` around the openai
 * instrumentation's `chat`, Vercel `ai@7`'s outer `embeddings` around the inner one. Both report the
 * call's tokens, and LLM Observability sums tokens over a trace, so the call would count twice.
 *
 * Resolution (the spec's recommendation): the outer span is demoted to a `workflow` and loses its
 * token metrics; the inner, provider-level span stays the model span. Only the parent can change,
 * because children end (and are handed on) first.
 *
 * A parent is demoted when it is
 * - an `llm` span with an `llm` child from a different instrumentation scope (two libraries instrumenting
 *   one call; an `llm` span of the same library inside another is left alone), or
 * - an `embedding` span with an `embedding` child, whatever the scope (Vercel emits both from `gen_ai`),
 * and that child reports tokens itself (otherwise nothing is counted twice, and the parent's tokens
 * are the only ones). A kind set explicitly through our own `_dd.ml_obs.*` attributes is never changed.
 *
 * The demoted span keeps its name, metadata, tags, session and error; its messages become the
 * input / output values a workflow shows (last user / assistant text); model name, provider, tool
 * definitions and prompt go (they belong to the model span below it). Returns `parent` itself when
 * nothing changes, else a demoted copy (with any extra fields of `T`, e.g. an `LLMObsSpan`'s ids).
 */
export function reconcileNestedModelSpans<T extends MappedSpan>(parent: T, children: readonly NestedModelChild[]): T {
  if (!children.some((child) => isDuplicateModelSpan(parent, child))) return parent;
  const demoted: T = {
    ...parent,
    kind: 'workflow',
    input: shapeIO('workflow', 'input', parent.input),
    output: shapeIO('workflow', 'output', parent.output),
    metrics: withoutTokens(parent.metrics),
  };
  delete demoted.modelName;
  delete demoted.modelProvider;
  delete demoted.toolDefinitions;
  return demoted;
}

/** What the decision needs to know about a child that already ended (a `MappedSpan` will do). */
export interface NestedModelChild {
  readonly kind: SpanKind;
  readonly scopeName?: string;
  /** The child's metrics; when not given, the child is assumed to report tokens. */
  readonly metrics?: Metrics;
}

/** Is `child` the same model call as `parent`, seen by another instrumentation (see `reconcileNestedModelSpans`)? */
export function isDuplicateModelSpan(parent: MappedSpan, child: NestedModelChild): boolean {
  if (parent.sources[0] === 'llmobs' || (child.metrics !== undefined && !hasTokens(child.metrics))) return false;
  if (parent.kind === 'llm') return child.kind === 'llm' && child.scopeName !== parent.scopeName;
  if (parent.kind === 'embedding') return child.kind === 'embedding';
  return false;
}

function hasTokens(metrics: Metrics): boolean {
  return TOKEN_METRICS.some((key) => metrics[key] !== undefined);
}

function withoutTokens(metrics: Metrics): Metrics {
  const out: Metrics = { ...metrics };
  for (const key of TOKEN_METRICS) delete out[key];
  return out;
}
