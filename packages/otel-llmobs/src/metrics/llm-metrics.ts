/**
 * Records the LLM metrics of each exported LLM Observability span through the application's
 * `MeterProvider` (the global one unless given): the GenAI semantic-convention client metrics for
 * model calls, and ours (`llmobs.*`) for every span. Attributes are bounded (see BoundedValues):
 * never session, user, trace or span ids. Recording never throws into the application.
 */
import type { Attributes, Histogram, Meter, MeterProvider } from '@opentelemetry/api';
import { createNoopMeter, diag, metrics } from '@opentelemetry/api';
import type { LLMObsSpan } from '../conventions/model.js';
import { MODEL_KINDS } from '../conventions/model.js';
import { errorMessage } from '../internal/error-message.js';
import { TRACER_VERSION } from '../internal/version.js';
import { OPERATION_BY_KIND } from '../conventions/genai.js';
import { BoundedValues, OTHER_VALUE } from './bounded-values.js';
import type { ModelPrice } from './cost.js';
import { checkPriceRows, estimateCost, PriceTable } from './cost.js';
import type { InstrumentSpec } from './instruments.js';
import { INSTRUMENTS, METRIC_ATTR } from './instruments.js';
import { DEFAULT_MODEL_PRICES } from './price-table.js';
import { SummedCounter } from './summed-counter.js';
import { invalidConfig } from '../config/invalid-config.js';

/** The processor's `metrics` option (docs/metrics.md): on or off, the price table, the bound on attribute values. */
export interface LLMMetricsOptions {
  /** Turn the metrics off (env `OTEL_LLMOBS_METRICS_ENABLED=false`). Default true. */
  enabled?: boolean;
  /** Price rows added to the built-in table; a row for a provider and model already there replaces it. */
  prices?: readonly ModelPrice[];
  /** Start from an empty price table instead of the built-in one. Default false. */
  replaceDefaultPrices?: boolean;
  /** Most distinct values kept per attribute (models, providers, ml_apps, error types, labels); later ones are `_OTHER`. Default 100. */
  maxAttributeValues?: number;
}

/** What `recordEvaluation` takes: one evaluation result. */
export interface EvaluationMetricInput {
  label: string;
  /** The categorical or boolean value; numeric scores are not an attribute (unbounded), only their assessment is. */
  value?: string | boolean | number;
  assessment?: 'pass' | 'fail';
  mlApp?: string;
}

/** What the recorder reads from a span: the canonical model, or a span event received on the wire (the CLI). */
export type MetricSpan = Pick<LLMObsSpan, 'kind' | 'status' | 'durationNs' | 'mlApp' | 'metrics' | 'error' | 'modelName' | 'modelProvider'>;

/** The LLM metrics' own counters, in `processor.stats().metrics`. */
export interface LLMMetricsStats {
  /** Spans whose metrics were recorded. */
  recordedSpans: number;
  /** Values left out because they were negative or not finite (a duration, a token count). */
  invalidValues: number;
  /** Model calls with tokens whose model has no price. */
  unpricedCalls: number;
  /** Errors thrown by the meter provider or its instruments (the span's other metrics may be missing). */
  recordErrors: number;
}

const logger = /* @__PURE__ */ diag.createComponentLogger({ namespace: 'otel-llmobs/metrics' });
const METER_NAME = 'otel-llmobs';
const DEFAULT_MAX_VALUES = 100;

/** The attribute objects of one combination of span kind, status, ml_app, error type, provider and models. */
interface AttributeSets {
  readonly common: Attributes;
  readonly spans: Attributes;
  model?: Attributes;
  inputTokens?: Attributes;
  outputTokens?: Attributes;
}

/** Combinations whose attribute objects are kept for reuse. */
const MAX_ATTRIBUTE_SETS = 1000;

type Instruments = { [K in keyof typeof INSTRUMENTS]: (typeof INSTRUMENTS)[K]['type'] extends 'counter' ? SummedCounter : Histogram };

/** Records the GenAI client metrics and `llmobs.*` metrics of each span and evaluation through a `MeterProvider` (docs/metrics.md). */
export class LLMMetricsRecorder {
  readonly #instruments: Instruments;
  readonly #prices: PriceTable;
  readonly #values: Map<string, BoundedValues> = new Map();
  readonly #sets = new Map<string, AttributeSets>();
  readonly #maxValues: number;
  readonly #stats: LLMMetricsStats = { recordedSpans: 0, invalidValues: 0, unpricedCalls: 0, recordErrors: 0 };
  #errorLogged = false;

  /** Throws a TypeError on a bad option (a price row, a limit); the meter provider's own errors are caught. */
  constructor(meterProvider: MeterProvider | undefined, options: LLMMetricsOptions = {}) {
    if (meterProvider !== undefined && (meterProvider === null || typeof (meterProvider).getMeter !== 'function')) {
      throw invalidConfig('meterProvider', 'a MeterProvider (an object with getMeter())', meterProvider);
    }
    const rows = options.prices === undefined ? [] : checkPriceRows('metrics.prices', options.prices);
    this.#prices = new PriceTable(options.replaceDefaultPrices === true ? rows : [...DEFAULT_MODEL_PRICES, ...rows]);
    const max = options.maxAttributeValues ?? DEFAULT_MAX_VALUES;
    if (!Number.isInteger(max) || max < 1) throw invalidConfig('metrics.maxAttributeValues', 'an integer >= 1', max);
    this.#maxValues = max;
    let instruments: Instruments;
    try {
      instruments = createInstruments((meterProvider ?? metrics.getMeterProvider()).getMeter(METER_NAME, TRACER_VERSION));
    } catch (e) {
      // A meter provider that throws must not stop the application or the spans: no metrics, said once.
      this.#failed(e);
      instruments = createInstruments(createNoopMeter());
    }
    this.#instruments = instruments;
  }

  get stats(): LLMMetricsStats {
    return { ...this.#stats };
  }

  /** Records one exported span's metrics. `requestModel`: the model the request asked for, when the source says. */
  record(span: MetricSpan, requestModel?: string): void {
    try {
      this.#record(span, requestModel);
      this.#stats.recordedSpans++;
    } catch (e) {
      this.#failed(e);
    }
  }

  recordEvaluation(result: EvaluationMetricInput): void {
    try {
      const attributes: Attributes = { [METRIC_ATTR.EVALUATION_LABEL]: this.#bounded('label', result.label) };
      if (typeof result.value === 'string' || typeof result.value === 'boolean') {
        attributes[METRIC_ATTR.EVALUATION_VALUE] = this.#bounded(`value:${result.label}`, String(result.value));
      }
      if (result.assessment) attributes[METRIC_ATTR.EVALUATION_ASSESSMENT] = result.assessment;
      if (result.mlApp !== undefined) attributes[METRIC_ATTR.ML_APP] = this.#bounded('ml_app', result.mlApp);
      this.#instruments.evaluations.add(1, attributes);
    } catch (e) {
      this.#failed(e);
    }
  }

  #record(span: MetricSpan, requestModel: string | undefined): void {
    const seconds = span.durationNs / 1e9;
    const validDuration = Number.isFinite(seconds) && seconds >= 0;
    if (!validDuration) this.#stats.invalidValues++;
    const isModelCall = MODEL_KINDS.has(span.kind);
    const sets = this.#attributeSets(span, isModelCall ? (requestModel ?? span.modelName) : undefined);

    const i = this.#instruments;
    i.spans.add(1, sets.spans);
    if (validDuration) i.spanDuration.record(seconds, sets.common);
    if (span.status === 'error') i.errors.add(1, sets.common);
    if (!isModelCall || !sets.model) return;

    // Model calls: the GenAI client metrics, with the GenAI attributes.
    const model = sets.model;
    if (validDuration) i.operationDuration.record(seconds, model);
    const { input_tokens: input, output_tokens: output, time_to_first_token: ttft, time_per_output_token: tpot } = span.metrics;
    if (input !== undefined) this.#recordValid(i.tokenUsage, input, sets.inputTokens!);
    if (output !== undefined) this.#recordValid(i.tokenUsage, output, sets.outputTokens!);
    if (ttft !== undefined && this.#recordValid(i.timeToFirstChunk, ttft, model)) {
      const perChunk = tpot ?? (validDuration && output !== undefined && output > 1 ? (seconds - ttft) / (output - 1) : undefined);
      if (perChunk !== undefined) this.#recordValid(i.timePerOutputChunk, perChunk, model);
    }

    const cost = estimateCost(this.#prices, span.modelProvider, span.modelName ?? requestModel, span.metrics);
    if (cost.kind === 'priced') i.cost.add(cost.usd, model);
    else if (cost.kind === 'unpriced') {
      this.#stats.unpricedCalls++;
      i.unpricedCalls.add(1, model);
    }
  }

  /**
   * The attribute objects of a span's metrics, built once per combination of (bounded) values and
   * reused: building them per span, with spreads, cost more than recording (~10 µs on Node 20), and
   * counters find their series by the object.
   */
  #attributeSets(span: MetricSpan, requestModel: string | undefined): AttributeSets {
    const mlApp = this.#bounded('ml_app', span.mlApp);
    const error = span.status === 'error' ? this.#bounded('error.type', span.error?.type || OTHER_VALUE) : undefined;
    const provider = span.modelProvider === undefined ? undefined : this.#bounded('provider', span.modelProvider);
    const responseModel = span.modelName === undefined ? undefined : this.#bounded('model', span.modelName);
    const request = requestModel === undefined ? undefined : this.#bounded('model', requestModel);
    const isModelCall = MODEL_KINDS.has(span.kind);
    const key = `${span.kind}\u0000${span.status}\u0000${mlApp}\u0000${error ?? ''}\u0000${isModelCall ? `${provider ?? '\u0001'}\u0000${responseModel ?? '\u0001'}\u0000${request ?? '\u0001'}` : ''}`;
    const cached = this.#sets.get(key);
    if (cached) return cached;

    const common: Attributes = { [METRIC_ATTR.SPAN_KIND]: span.kind, [METRIC_ATTR.ML_APP]: mlApp };
    if (error !== undefined) common[METRIC_ATTR.ERROR_TYPE] = error;
    const sets: AttributeSets = { common, spans: { ...common, [METRIC_ATTR.STATUS]: span.status } };
    if (isModelCall) {
      const model: Attributes = { ...common, [METRIC_ATTR.OPERATION]: OPERATION_BY_KIND[span.kind] };
      if (provider !== undefined) model[METRIC_ATTR.PROVIDER] = provider;
      if (responseModel !== undefined) model[METRIC_ATTR.RESPONSE_MODEL] = responseModel;
      if (request !== undefined) model[METRIC_ATTR.REQUEST_MODEL] = request;
      sets.model = model;
      sets.inputTokens = { ...model, [METRIC_ATTR.TOKEN_TYPE]: 'input' };
      sets.outputTokens = { ...model, [METRIC_ATTR.TOKEN_TYPE]: 'output' };
    }
    // Values are bounded per attribute, but their combinations are not: past the cap, built per span.
    if (this.#sets.size < MAX_ATTRIBUTE_SETS) this.#sets.set(key, sets);
    return sets;
  }

  #recordValid(histogram: Histogram, value: number, attributes: Attributes): boolean {
    if (!Number.isFinite(value) || value < 0) {
      this.#stats.invalidValues++;
      return false;
    }
    histogram.record(value, attributes);
    return true;
  }

  #bounded(attribute: string, value: string): string {
    let values = this.#values.get(attribute);
    if (!values) {
      values = new BoundedValues(this.#maxValues, (limit) =>
        logger.warn(`more than ${limit} distinct values of ${attribute} on LLM metrics: later ones are recorded as ${OTHER_VALUE} (metrics.maxAttributeValues)`),
      );
      this.#values.set(attribute, values);
    }
    return values.admit(value);
  }

  #failed(e: unknown): void {
    this.#stats.recordErrors++;
    if (this.#errorLogged) return;
    this.#errorLogged = true;
    logger.error(`recording LLM metrics failed (the app is unaffected; further failures are only counted): ${errorMessage(e)}`);
  }
}

function createInstruments(meter: Meter): Instruments {
  const make = (spec: InstrumentSpec): SummedCounter | Histogram =>
    spec.type === 'counter'
      ? new SummedCounter(meter, spec)
      : meter.createHistogram(spec.name, { unit: spec.unit, description: spec.description, advice: { explicitBucketBoundaries: spec.buckets ?? [] } });
  const out: Record<string, SummedCounter | Histogram> = {};
  for (const [key, spec] of Object.entries(INSTRUMENTS)) out[key] = make(spec);
  return out as Instruments;
}
