import type { Attributes } from '@opentelemetry/api';
import type { SpanKind } from '../conventions/model.js';
import { SPAN_KINDS } from '../conventions/model.js';
import { LLMOBS_ATTR } from '../conventions/llmobs-attributes.js';
import { GENAI, GENAI_OPERATIONS, GENAI_SKIPPED_OPERATIONS, VECTOR_DB_SYSTEMS } from '../conventions/genai.js';
import { OPENINFERENCE, OPENINFERENCE_SPAN_KINDS } from '../conventions/openinference.js';
import { TRACELOOP, TRACELOOP_SPAN_KINDS } from '../conventions/openllmetry.js';
import { VERCEL } from '../conventions/vercel.js';
import { readNonEmpty } from './attributes.js';
import { FLATTENED_MESSAGE_KEY } from './genai-legacy.js';
import type { ClassifiableSpan, SpanEventData } from './span-data.js';

/**
 * The span-kind decision table (spec conventions §10): the first row that has an opinion wins.
 * A row answers a kind, `null` ("this is decidedly not an LLM Observability span"), or
 * `undefined` (no opinion: ask the next row).
 *
 * Every row reads only what instrumentations set when the span starts, so the processor can
 * classify at `onStart` (to link parents) and again at `onEnd` with the same function. The one
 * exception is the vector-DB result event, which only exists at the end.
 */
type Decision = SpanKind | null | undefined;
type Row = (span: ClassifiableSpan, events: readonly SpanEventData[] | undefined) => Decision;

const OPERATION_TO_KIND = new Map<string, SpanKind>();
for (const [kind, operations] of Object.entries(GENAI_OPERATIONS)) {
  for (const op of operations) OPERATION_TO_KIND.set(op, kind as SpanKind);
}
const SKIPPED_OPERATIONS = new Set<string>(GENAI_SKIPPED_OPERATIONS);
const VECTOR_DBS = new Set<string>(VECTOR_DB_SYSTEMS);
const KIND_SET = new Set<string>(SPAN_KINDS);

/** 1. An explicit override (our own API, or a user who knows better). */
const explicitKind: Row = ({ attributes }) => {
  const v = readNonEmpty(attributes, LLMOBS_ATTR.SPAN_KIND)?.toLowerCase();
  return v !== undefined && KIND_SET.has(v) ? (v as SpanKind) : undefined;
};

/** 2. OpenInference states the kind. */
const openInferenceKind: Row = ({ attributes }) => {
  const v = readNonEmpty(attributes, OPENINFERENCE.SPAN_KIND)?.toUpperCase();
  if (v === undefined) return undefined;
  return Object.hasOwn(OPENINFERENCE_SPAN_KINDS, v) ? OPENINFERENCE_SPAN_KINDS[v as keyof typeof OPENINFERENCE_SPAN_KINDS] : 'task';
};

/** 3. OpenLLMetry decorators state the kind. */
const traceloopKind: Row = ({ attributes }) => {
  const v = readNonEmpty(attributes, TRACELOOP.SPAN_KIND)?.toLowerCase();
  if (v === undefined) return undefined;
  // Own keys only: `constructor` / `__proto__` must not resolve to Object.prototype members.
  return Object.hasOwn(TRACELOOP_SPAN_KINDS, v) ? TRACELOOP_SPAN_KINDS[v as keyof typeof TRACELOOP_SPAN_KINDS] : 'task';
};

/** 4. OTel GenAI operation name. Unknown operations become workflows, as Datadog's own OTLP conversion does. */
const genAiOperationKind: Row = ({ attributes }) => {
  const op = readNonEmpty(attributes, GENAI.OPERATION_NAME)?.toLowerCase();
  if (op === undefined) return undefined;
  if (SKIPPED_OPERATIONS.has(op)) return null;
  const kind = OPERATION_TO_KIND.get(op);
  if (kind) return kind;
  if (op === 'vectordb') return isVectorQuery(attributes) ? 'retrieval' : 'task';
  return 'workflow';
};

/** 5. Vercel AI SDK span names (`ai.generateText.doGenerate`, …), as dd-trace's own Vercel plugin maps them. */
const vercelKind: Row = ({ name, attributes, instrumentationScope }) => {
  const operationId = readNonEmpty(attributes, VERCEL.OPERATION_ID) ?? (instrumentationScope?.name === VERCEL.SCOPE ? name : undefined);
  if (operationId === undefined || !operationId.startsWith('ai.')) return undefined;
  if (operationId.endsWith('.doGenerate') || operationId.endsWith('.doStream')) return 'llm';
  if (operationId.endsWith('.doEmbed')) return 'embedding';
  if (operationId === 'ai.toolCall') return 'tool';
  return 'workflow';
};

/** 6. Legacy OpenLLMetry request type. */
const legacyRequestTypeKind: Row = ({ attributes }) => {
  const type = readNonEmpty(attributes, TRACELOOP.LLM_REQUEST_TYPE)?.toLowerCase();
  switch (type) {
    case 'chat':
    case 'completion':
      return 'llm';
    case 'embedding':
      return 'embedding';
    case 'rerank':
    case 'query':
      return 'retrieval';
    default:
      return undefined;
  }
};

/** 7. Pre-1.37 flattened prompt/completion attributes, or a requested model, mean an LLM call. */
const legacyLlmKind: Row = ({ attributes }) => {
  if (readNonEmpty(attributes, GENAI.REQUEST_MODEL) !== undefined) return 'llm';
  for (const key in attributes) if (FLATTENED_MESSAGE_KEY.test(key)) return 'llm';
  return undefined;
};

/** 8. Vector databases: a query is a retrieval; traceloop's `withVectorDBCall` only leaves result events. */
const vectorDbKind: Row = ({ attributes }, events) => {
  const system = (readNonEmpty(attributes, 'db.system.name') ?? readNonEmpty(attributes, 'db.system'))?.toLowerCase();
  if (system !== undefined && VECTOR_DBS.has(system)) return isVectorQuery(attributes) ? 'retrieval' : 'task';
  if (events?.some((e) => e.name === 'db.query.result')) return 'retrieval';
  return undefined;
};

/** OpenLIT's manual `startTrace` spans have no marker but their instrumentation scope. */
const openLitManualKind: Row = ({ instrumentationScope }) => (instrumentationScope?.name === 'openlit' ? 'workflow' : undefined);

const ROWS: readonly Row[] = [
  explicitKind,
  openInferenceKind,
  traceloopKind,
  genAiOperationKind,
  vercelKind,
  legacyRequestTypeKind,
  legacyLlmKind,
  vectorDbKind,
  openLitManualKind,
];

/**
 * Decide the LLM Observability kind of a span, or `undefined` when it is not an LLM Observability
 * span (an HTTP call, a DB query, a Vercel `agent_step`): its children then attach to the nearest
 * ancestor that is one.
 */
export function classifySpan(span: ClassifiableSpan, events?: readonly SpanEventData[]): SpanKind | undefined {
  for (const row of ROWS) {
    const decision = row(span, events);
    if (decision === null) return undefined;
    if (decision !== undefined) return decision;
  }
  return undefined;
}

function isVectorQuery(attributes: Attributes): boolean {
  const op = (readNonEmpty(attributes, 'db.operation.name') ?? readNonEmpty(attributes, 'db.operation'))?.toLowerCase();
  return op === undefined || /query|search|get|find|similar|retriev|fetch/.test(op);
}
