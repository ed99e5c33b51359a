import type { Metrics } from '../conventions/model.js';
import { OPENLIT } from '../conventions/openlit.js';
import { TRACELOOP } from '../conventions/openllmetry.js';
import { readString } from './attributes.js';
import type { SpanData } from './span-data.js';

/**
 * LLM Observability's `input_tokens` includes cached tokens, as OTel GenAI says it SHOULD
 * (spec conventions §0.5, §11.3). Most sources already count that way: OpenAI's `prompt_tokens`,
 * the Anthropic SDK's native spans (30 = 21 + 4 + 5), the Vercel AI SDK, LangChain's normalized usage,
 * OpenLLMetry Python (which adds the cache itself).
 *
 * Anthropic's API reports `input_tokens` *without* cache reads and writes, and two JS libraries pass
 * that raw number through:
 * - `@traceloop/instrumentation-anthropic` up to 0.27.0 (fixed after 0.27.0, upstream #1028);
 * - openlit's Anthropic instrumentation (`@openlit/instrumentation-anthropic`, openlit ≤ 1.15 at least).
 * For those, the cache tokens are added. Whatever the source, a count smaller than its own cache
 * tokens cannot include them and gets them added too (dd-trace-js's own heuristic).
 *
 * When the input count changes, `total_tokens` is recomputed as input + output (the source's total
 * was computed from the raw count).
 */
export function includeCacheInInputTokens(metrics: Metrics, span: SpanData, provider: string | undefined): void {
  const input = metrics.input_tokens;
  if (input === undefined) return;
  const cache = (metrics.cache_read_input_tokens ?? 0) + (metrics.cache_write_input_tokens ?? 0);
  if (cache <= 0) return;
  if (!inputTokensExcludeCache(span, provider) && input >= cache) return;
  metrics.input_tokens = input + cache;
  if (metrics.output_tokens !== undefined) metrics.total_tokens = metrics.input_tokens + metrics.output_tokens;
  else delete metrics.total_tokens;
}

/** Does this source report Anthropic's raw, cache-exclusive input count? */
export function inputTokensExcludeCache(span: SpanData, provider: string | undefined): boolean {
  if (provider !== 'anthropic') return false;
  const scope = span.instrumentationScope;
  const scopeName = scope?.name;
  if (scopeName === TRACELOOP.ANTHROPIC_SCOPE) return !isVersionAfter(scope?.version, [0, 27, 0]);
  if (scopeName !== undefined && scopeName.startsWith(OPENLIT.SCOPE_PREFIX)) return scopeName !== OPENLIT.LANGCHAIN_SCOPE;
  return scopeName === undefined && readString(span.attributes, OPENLIT.SDK_NAME_ATTRIBUTE) === OPENLIT.SDK_NAME;
}

/** `version` > `than`; an absent or unparsable version is not "after" (assume the releases we know). */
function isVersionAfter(version: string | undefined, than: readonly number[]): boolean {
  if (version === undefined) return false;
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!match) return false;
  const parts = [Number(match[1]), Number(match[2]), Number(match[3])];
  for (let i = 0; i < 3; i++) {
    const a = parts[i] ?? 0;
    const b = than[i] ?? 0;
    if (a !== b) return a > b;
  }
  return false;
}
