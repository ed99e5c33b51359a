import type { LLMObsSpan } from '../conventions/model.js';
import { resolveEvaluationsConfig } from './resolve-evaluations-config.js';
import { invalidConfig } from '../config/invalid-config.js';
import type { EvaluationWriterOptions } from '../config/resolve-evaluation-config.js';
import type { EvaluationWriter } from '../datadog/evaluation-writer.js';
import { createEvaluationWriter } from '../datadog/evaluation-writer.js';
import type { SpanExporterLike } from '../sdk-shapes/span-shapes.js';
import { READS_ATTACHED_MODEL, ROUTE_OPTIONS } from '../sdk-shapes/exporter-capabilities.js';
import type { FindingsReader } from './evaluators/sensitive-data.js';
import { EvaluationRunner } from './runner.js';
import type { EvaluationResult, EvaluationsOptions, EvaluationStats, MeterProviderLike } from './types.js';

/** The processor's evaluation stage: one `offer()` per exported span, plus its lifecycle. */
export interface EvaluationStage {
  offer(span: LLMObsSpan): void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
  stats(): EvaluationStats;
}

/**
 * The stage for `new LLMObsSpanProcessor({ evaluations })`, or `undefined` when evaluations are off
 * (no option and no `DD_LLMOBS_EVALUATORS`). Results go where the spans go: with `LLMObsExporter`,
 * through a writer on its route; with any other exporter (Datadog's OTLP intake), through a writer
 * from the environment that writes decimal ids and `source:otel`.
 */
/** What the processor adds: its meterProvider (the judge metrics' default), a sink for each result (its LLM metrics), the scanner's findings. */
export interface EvaluationStageHooks {
  meterProvider?: MeterProviderLike | undefined;
  onResult?: (result: EvaluationResult) => void;
  readFindings?: FindingsReader;
}

export function createEvaluationStage(
  options: EvaluationsOptions | undefined,
  exporter: SpanExporterLike | undefined,
  hooks: EvaluationStageHooks = {},
): EvaluationStage | undefined {
  const config = resolveEvaluationsConfig(options);
  if (!config) return undefined;
  const opts = options ?? {};
  for (const name of ['onEvaluation'] as const) {
    if (opts[name] !== undefined && typeof opts[name] !== 'function') throw invalidConfig(`evaluations.${name}`, 'a function', opts[name]);
  }
  if (opts.eventLogger !== undefined && typeof (opts.eventLogger as { emit?: unknown } | null)?.emit !== 'function') {
    throw invalidConfig('evaluations.eventLogger', 'a Logs API Logger (an object with emit())', opts.eventLogger);
  }
  if (opts.meterProvider !== undefined && typeof (opts.meterProvider as { getMeter?: unknown } | null)?.getMeter !== 'function') {
    throw invalidConfig('evaluations.meterProvider', 'a MeterProvider (an object with getMeter())', opts.meterProvider);
  }
  const viaOtlp = exporter !== undefined && exporter[READS_ATTACHED_MODEL] !== true;
  const { writer, ownsWriter } = resolveWriter(opts.writer, exporter, viaOtlp);
  return new EvaluationRunner(config, {
    writer,
    ownsWriter,
    idFormat: viaOtlp ? 'otlp' : 'llmobs',
    onEvaluation: combine(hooks.onResult, opts.onEvaluation),
    eventLogger: opts.eventLogger,
    meterProvider: opts.meterProvider ?? hooks.meterProvider,
    ...(hooks.readFindings ? { readFindings: hooks.readFindings } : {}),
  });
}

function resolveWriter(
  option: EvaluationsOptions['writer'],
  exporter: SpanExporterLike | undefined,
  viaOtlp: boolean,
): { writer: EvaluationWriter | undefined; ownsWriter: boolean } {
  if (option === false) return { writer: undefined, ownsWriter: false };
  if (isWriter(option)) return { writer: option, ownsWriter: false };
  if (option !== undefined && (option === null || typeof option !== 'object')) {
    throw invalidConfig('evaluations.writer', 'an EvaluationWriter, EvaluationWriter options, or false', option);
  }
  const route = exporter?.[ROUTE_OPTIONS] as EvaluationWriterOptions | undefined;
  const base: EvaluationWriterOptions = viaOtlp ? { otelSource: true, idFormat: 'otlp' } : { ...(route ?? {}) };
  return { writer: createEvaluationWriter({ ...base, ...(option ?? {}) }), ownsWriter: true };
}

function isWriter(value: unknown): value is EvaluationWriter {
  return value !== null && typeof value === 'object' && typeof (value as EvaluationWriter).submit === 'function' && typeof (value as EvaluationWriter).forceFlush === 'function';
}

/** Ours first (it never throws), then the user's (the runner catches what it throws). */
function combine(ours: ((r: EvaluationResult) => void) | undefined, theirs: ((r: EvaluationResult) => void) | undefined): ((r: EvaluationResult) => void) | undefined {
  if (!ours) return theirs;
  if (!theirs) return ours;
  return (r) => {
    ours(r);
    theirs(r);
  };
}
