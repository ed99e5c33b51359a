import type { Attributes } from '@opentelemetry/api';
import type { Metrics, SpanKind, TagValue } from '../conventions/model.js';
import { MODEL_KINDS } from '../conventions/model.js';
import { OPENLIT, OPENLIT_KNOWN_NAMESPACES } from '../conventions/openlit.js';
import { readNonEmpty, readNumber, readString } from './attributes.js';
import { isCopyableKey, toTagValue } from './metadata-values.js';
import type { Contribution, ConventionMapper } from './contribution.js';
import { valueIO } from './values.js';
import type { SpanData } from './span-data.js';

/**
 * OpenLIT extras on top of OTel GenAI (spec conventions §4); the semconv attributes themselves are
 * `genai`'s. Detected by openlit's scopes (`@openlit/…`, `openlit`) or the `telemetry.sdk.name=openlit`
 * attribute it copies onto every span. The scope is never used to decide the provider: openlit's
 * vLLM instrumentation also wraps `openai` (scope `@openlit/instrumentation-vllm` on OpenAI spans).
 *
 * - metrics: `gen_ai.usage.cost` → `estimated_total_cost` (USD; 0 means "no price known" and is
 *   dropped), `gen_ai.server.time_to_first_token` / `time_per_output_token`,
 *   `gen_ai.usage.reasoning_tokens`, `gen_ai.usage.prompt_tokens_details.cache_*`, and
 *   `gen_ai.client.token.usage` (set as an attribute: input + output) → `total_tokens`.
 * - metadata: `token_source: "estimated"` on model spans of openlit's LangChain instrumentation, whose
 *   input token count is a character estimate (`ceil(len("role: content" lines) / 2)`), not the
 *   provider's; vector-DB descriptors (`db_system`, `db_operation`, `db_collection`, `top_k`).
 * - I/O: `gen_ai.workflow.input` / `.output` (chains), `gen_ai.tool.args` (tools), `db.query.text` (vector DB).
 * - tags: custom attributes (`usingAttributes`, `customSpanAttributes`, `setMetadata`) are copied
 *   verbatim onto spans; any attribute outside a known namespace (`team`, `custom.step`) becomes a
 *   tag. Resource-like copies (`service.name`, `deployment.environment`, `telemetry.sdk.name`) do not:
 *   the encoder derives `service` / `env` from the resource.
 */
export const openlitMapper: ConventionMapper = {
  id: 'openlit',
  detect: isOpenLit,
  map(span, { kind }) {
    const a = span.attributes;
    const c: Contribution = {};
    c.metrics = readMetrics(a);
    c.metadata = readMetadata(kind, a, span);
    c.input = valueIO(inputValue(kind, a));
    c.output = valueIO(kind === 'llm' || kind === 'embedding' ? undefined : readNonEmpty(a, OPENLIT.WORKFLOW_OUTPUT));
    c.tags = customAttributes(a);
    return c;
  },
};

function isOpenLit(span: SpanData): boolean {
  const scope = span.instrumentationScope?.name;
  if (scope !== undefined && (scope.startsWith(OPENLIT.SCOPE_PREFIX) || scope === OPENLIT.MANUAL_SCOPE)) return true;
  return readString(span.attributes, OPENLIT.SDK_NAME_ATTRIBUTE) === OPENLIT.SDK_NAME;
}

function readMetrics(a: Attributes): Metrics {
  const m: Metrics = {};
  const cost = readNumber(a, OPENLIT.USAGE_COST);
  if (cost !== undefined && cost > 0) m.estimated_total_cost = cost;
  set(m, 'time_to_first_token', readNumber(a, OPENLIT.SERVER_TIME_TO_FIRST_TOKEN));
  set(m, 'time_per_output_token', readNumber(a, OPENLIT.SERVER_TIME_PER_OUTPUT_TOKEN));
  set(m, 'reasoning_output_tokens', readNumber(a, OPENLIT.USAGE_REASONING_TOKENS));
  set(m, 'cache_read_input_tokens', readNumber(a, OPENLIT.USAGE_PROMPT_CACHE_READ));
  set(m, 'cache_write_input_tokens', readNumber(a, OPENLIT.USAGE_PROMPT_CACHE_WRITE));
  set(m, 'total_tokens', readNumber(a, OPENLIT.CLIENT_TOKEN_USAGE));
  return m;
}

function set(m: Metrics, key: string, value: number | undefined): void {
  if (value !== undefined) m[key] = value;
}

function readMetadata(kind: SpanKind, a: Attributes, span: SpanData): Record<string, unknown> {
  const metadata: Record<string, unknown> = {};
  if (MODEL_KINDS.has(kind) && span.instrumentationScope?.name === OPENLIT.LANGCHAIN_SCOPE && a['gen_ai.usage.input_tokens'] !== undefined) {
    metadata.token_source = 'estimated';
  }
  const copy = (name: string, key: string) => {
    const v = readNonEmpty(a, key);
    if (v !== undefined) metadata[name] = v;
  };
  copy('db_system', OPENLIT.DB_SYSTEM_NAME);
  copy('db_operation', OPENLIT.DB_OPERATION_NAME);
  copy('db_collection', OPENLIT.DB_COLLECTION_NAME);
  const topK = readNumber(a, OPENLIT.DB_VECTOR_QUERY_TOP_K) ?? readNumber(a, OPENLIT.DB_N_RESULTS);
  if (topK !== undefined) metadata.top_k = topK;
  return metadata;
}

function inputValue(kind: SpanKind, a: Attributes): string | undefined {
  if (kind === 'llm' || kind === 'embedding') return undefined;
  // On llm spans `gen_ai.tool.args` repeats the model's tool call (already in the output messages).
  if (kind === 'tool' || kind === 'task') {
    const args = readNonEmpty(a, OPENLIT.TOOL_ARGS);
    if (args !== undefined) return args;
  }
  return readNonEmpty(a, OPENLIT.WORKFLOW_INPUT) ?? readNonEmpty(a, OPENLIT.DB_QUERY_TEXT);
}


const KNOWN_NAMESPACES = new Set(OPENLIT_KNOWN_NAMESPACES);

function customAttributes(a: Attributes): Record<string, TagValue> {
  const tags: Record<string, TagValue> = {};
  for (const key in a) {
    const dot = key.indexOf('.');
    if (!isCopyableKey(key) || KNOWN_NAMESPACES.has(dot === -1 ? key : key.slice(0, dot))) continue;
    const value = a[key];
    if (value === undefined || value === null) continue;
    const tag = toTagValue(value);
    if (tag !== undefined) tags[key] = tag;
  }
  return tags;
}
