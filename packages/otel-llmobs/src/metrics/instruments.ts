/**
 * The metric instruments the processor records: the OTel GenAI semantic-convention client metrics
 * (names, units and bucket boundaries as the conventions give them) and ours, under `llmobs.`.
 * Kept in one table so the docs, the Prometheus rules and the tests read the same names.
 */

/** The GenAI conventions' advised boundaries for durations, in seconds. */
export const DURATION_BUCKETS_S = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

/** The GenAI conventions' advised boundaries for token counts. */
export const TOKEN_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

/** Boundaries for the cost of one span, in USD (a tenth of a cent up to 10 dollars). */
export const COST_BUCKETS_USD = [0.00001, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10];

export interface InstrumentSpec {
  name: string;
  type: 'histogram' | 'counter';
  unit: string;
  description: string;
  buckets?: number[];
}

export const INSTRUMENTS = {
  /** GenAI semconv: one per model call (llm and embedding spans). */
  operationDuration: {
    name: 'gen_ai.client.operation.duration',
    type: 'histogram',
    unit: 's',
    description: 'GenAI operation duration.',
    buckets: DURATION_BUCKETS_S,
  },
  /** GenAI semconv: one per token type per model call that reports tokens. */
  tokenUsage: {
    name: 'gen_ai.client.token.usage',
    type: 'histogram',
    unit: '{token}',
    description: 'Number of input and output tokens used.',
    buckets: TOKEN_BUCKETS,
  },
  /** GenAI semconv: streaming calls only (the span reports a time to first chunk). */
  timeToFirstChunk: {
    name: 'gen_ai.client.operation.time_to_first_chunk',
    type: 'histogram',
    unit: 's',
    description: 'Time to receive the first chunk, from when the client issues the generation request to when the first chunk is received in the response stream.',
    buckets: DURATION_BUCKETS_S,
  },
  /**
   * GenAI semconv: streaming calls only. A span does not carry each chunk's arrival, so one value
   * per span is recorded: the source's reported time per output token when there is one, else the
   * mean gap after the first chunk, (duration − time to first chunk) / (output tokens − 1).
   */
  timePerOutputChunk: {
    name: 'gen_ai.client.operation.time_per_output_chunk',
    type: 'histogram',
    unit: 's',
    description: 'Time per output chunk, after the first one.',
    buckets: DURATION_BUCKETS_S,
  },
  /** Ours: every LLM Observability span, by kind and status. */
  spans: {
    name: 'llmobs.spans',
    type: 'counter',
    unit: '{span}',
    description: 'LLM Observability spans, by kind and status.',
  },
  /** Ours: every LLM Observability span's duration, by kind (workflows and agents included). */
  spanDuration: {
    name: 'llmobs.span.duration',
    type: 'histogram',
    unit: 's',
    description: 'Duration of LLM Observability spans, by kind.',
    buckets: DURATION_BUCKETS_S,
  },
  /** Ours: spans that ended in error, by `error.type`. */
  errors: {
    name: 'llmobs.errors',
    type: 'counter',
    unit: '{error}',
    description: 'LLM Observability spans that ended in an error, by error.type.',
  },
  /** Ours: estimated cost of model calls with a known price. */
  cost: {
    name: 'llmobs.cost',
    type: 'counter',
    unit: 'USD',
    description: 'Estimated cost of model calls, in US dollars, from the price table.',
  },
  /** Ours: model calls whose model has no price (recorded as unknown, never guessed). */
  unpricedCalls: {
    name: 'llmobs.cost.unpriced_calls',
    type: 'counter',
    unit: '{call}',
    description: 'Model calls with tokens whose model is not in the price table.',
  },
  /** Ours: evaluation results, by label, value and assessment. */
  evaluations: {
    name: 'llmobs.evaluations',
    type: 'counter',
    unit: '{evaluation}',
    description: 'Evaluation results, by label, categorical value and assessment.',
  },
} as const satisfies Record<string, InstrumentSpec>;

/** Attribute keys on the metrics (GenAI semconv names where they exist). */
export const METRIC_ATTR = {
  OPERATION: 'gen_ai.operation.name',
  PROVIDER: 'gen_ai.provider.name',
  REQUEST_MODEL: 'gen_ai.request.model',
  RESPONSE_MODEL: 'gen_ai.response.model',
  TOKEN_TYPE: 'gen_ai.token.type',
  ERROR_TYPE: 'error.type',
  SPAN_KIND: 'llmobs.span.kind',
  STATUS: 'llmobs.status',
  ML_APP: 'llmobs.ml_app',
  EVALUATION_LABEL: 'llmobs.evaluation.label',
  EVALUATION_VALUE: 'llmobs.evaluation.value',
  EVALUATION_ASSESSMENT: 'llmobs.evaluation.assessment',
} as const;
