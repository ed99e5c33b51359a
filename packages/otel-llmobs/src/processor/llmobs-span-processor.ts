import type { Context } from '@opentelemetry/api';
import { diag } from '@opentelemetry/api';
import type { LLMObsSpan, MappedSpan, SpanKind } from '../conventions/model.js';
import type { ProcessorSettingsOptions, ResolvedProcessorSettings } from '../config/resolve-processor-config.js';
import { resolveProcessorSettings } from '../config/resolve-processor-config.js';
import { invalidConfig } from '../config/invalid-config.js';
import { getAnnotationContext } from '../runtime/context-keys.js';
import { classifySpan } from '../mapping/kind.js';
import { mapSpan } from '../mapping/map-span.js';
import type { MappingOptions } from '../mapping/contribution.js';
import { reconcileNestedModelSpans } from '../mapping/nested-llm.js';
import type { SpanData } from '../mapping/span-data.js';
import type { DerivedSpanWriter } from './derive-span.js';
import { deriveSpan, ORIGINAL_SPAN_WRITER } from './derive-span.js';
import type { Downstream } from './downstream.js';
import { checkNext, createDownstream } from './downstream.js';
import { PendingWork } from './pending-work.js';
import { boundedWait } from './bounded-wait.js';
import type { LLMObsStamp, SpanLinkage } from '../runtime/linkage.js';
import { inheritFromStamp } from '../runtime/linkage.js';
import type { EndedChildSummary, LiveSpanEntry, TraceState } from './live-span-registry.js';
import { LiveSpanRegistry, MAX_CHILDREN_PER_SPAN } from './live-span-registry.js';
import type { RuntimeProcessor } from '../runtime/llmobs-runtime.js';
import { getLLMObsRuntime } from '../runtime/llmobs-runtime.js';
import { resolveInherited, samplingOf, stampLLMObsSpan } from './resolve-parent.js';
import type { StampSettings } from './resolve-parent.js';
import type { ReadableSpanLike, SpanExporterLike, SpanProcessorLike, StartedSpanLike } from '../sdk-shapes/span-shapes.js';
import { hrTimeToNanos, scopeOf } from '../sdk-shapes/span-shapes.js';
import type { LLMObsSpanHook } from '../runtime/user-hook.js';
import { applyHookResult, LLMObservabilitySpan } from '../runtime/user-hook.js';
import { createDefaultExporter } from './default-exporter.js';
import { DeferredBatch } from './deferred-batch.js';
import type { PlacementState } from './late-marking.js';
import { inheritedNow, marksAfterStart, mayBeMarked, plainLocalParentOf, plainParentById, promoteIfMarked } from './late-marking.js';
import { LLMOBS_ATTR } from '../conventions/llmobs-attributes.js';
import { readNonEmpty } from '../mapping/attributes.js';
import { readSessionId } from '../mapping/identity.js';
import type { SensitiveDataOptions } from '../config/sensitive-data-options.js';
import { SensitiveDataStage } from '../sensitive-data/sensitive-data-stage.js';
import type { SensitiveDataStats } from '../sensitive-data/stats.js';
import { scanningSpanWriter } from './sensitive-data-writer.js';
import { canonicalSpanWriter, derivedSpanWriterFor } from './canonical-writer.js';
import { errorMessage } from '../internal/error-message.js';
import type { MeterProvider } from '@opentelemetry/api';
import type { LLMMetricsOptions, LLMMetricsStats } from '../metrics/llm-metrics.js';
import { createMetricsStage } from '../metrics/metrics-stage.js';
import type { MetricsStage } from '../metrics/metrics-stage.js';
import type { EvaluationStage } from '../evaluations/processor-stage.js';
import { createEvaluationStage } from '../evaluations/processor-stage.js';
import { emptyEvaluationStats } from '../evaluations/stats.js';
import { findingsFromReport } from '../evaluations/evaluators/sensitive-data.js';
import { reportOf } from '../sensitive-data/report.js';
import type { EvaluationsOptions, EvaluationStats } from '../evaluations/types.js';
import { joinLogEvents } from './join-log-events.js';

/** What a `spanFilter` learns about a finished span besides the span itself. */
export interface SpanFilterInfo {
  /** The LLM Observability kind, or `undefined` for a span that is not an LLM Observability span. */
  kind: SpanKind | undefined;
}

/** Options of `LLMObsSpanProcessor` (docs/processor.md): where spans go, and the settings shared with the environment. */
export interface LLMObsSpanProcessorOptions extends ProcessorSettingsOptions {
  /**
   * Where spans go: `LLMObsExporter` (Datadog; it batches and retries on its own), or any
   * `SpanExporter` (OTLP …), which receives derived spans carrying the canonical OTel GenAI
   * attributes of their model (see `vendorAttributes` and docs/otlp.md), with the normalized model
   * attached; a plain exporter gets them as they end (spans ending in the same task together), like
   * `SimpleSpanProcessor` — for production volumes use `next` instead. Default: an `LLMObsExporter`
   * configured from the environment. Not with `next`.
   */
  exporter?: SpanExporterLike;
  /**
   * A `SpanProcessor` built with your own SDK that receives the derived spans (as `exporter`
   * describes) in `onEnd`, e.g. `new BatchSpanProcessor(otlpExporter)`: its batching, limits and
   * retries apply. `forceFlush()` and `shutdown()` are passed on to it. Not with `exporter`.
   */
  next?: SpanProcessorLike;
  /**
   * Which finished spans are exported; replaces the default (LLM Observability spans only). Return
   * `true` to export a span, including a plain one (it then carries no model: `LLMObsExporter`
   * skips it, an OTLP exporter sends it).
   */
  spanFilter?: (span: ReadableSpanLike, info: SpanFilterInfo) => boolean;
  /**
   * Runs on every LLM Observability span before export, before the hook registered with
   * `llmobs.registerProcessor()`: rewrite `input`/`output`, or return `null` to drop the span. A hook
   * that throws drops the span (fail closed).
   */
  beforeExport?: LLMObsSpanHook;
  /**
   * Secrets and personal data found in the span's content are redacted before it is queued, after
   * the hooks, for every exporter (on by default; `{ enabled: false }` passes spans through
   * untouched). See docs/sensitive-data.md.
   */
  sensitiveData?: SensitiveDataOptions;
  /**
   * Datadog's managed evaluations, computed here by your own judge model and submitted joined to
   * each evaluated span (docs/evaluations.md). Also on with `DD_LLMOBS_EVALUATORS`.
   */
  evaluations?: EvaluationsOptions;
  /**
   * Where the LLM metrics go (GenAI client metrics and `llmobs.*`, docs/metrics.md). Default: the
   * global MeterProvider, a no-op unless the application set one.
   */
  meterProvider?: MeterProvider;
  /** LLM metrics options: the price table, the attribute bound, or `{ enabled: false }` (env `OTEL_LLMOBS_METRICS_ENABLED`). */
  metrics?: LLMMetricsOptions;
}

/** The processor's counters, from `processor.stats()`. */
export interface LLMObsSpanProcessorStats {
  /** Live spans remembered now. */
  liveSpans: number;
  /** Live spans forgotten because a registry cap was reached (`maxLiveSpans`, `maxLiveSpansPerTrace`). */
  evictedLiveSpans: number;
  /** Spans handed over: successful export calls, or spans given to the `next` processor. */
  exported: number;
  /** Spans not exported because their trace was not sampled. */
  droppedUnsampled: number;
  /** Spans dropped by a user hook (returned `null`, or not a span). */
  droppedByHook: number;
  /** Spans dropped because a user hook threw (fail closed). */
  hookErrors: number;
  /** Spans dropped because 2048 were already waiting for a plain exporter's callbacks. */
  droppedQueueFull: number;
  /** Spans in export calls that failed or timed out (or that the `next` processor threw on). */
  failed: number;
  /** Unexpected internal errors (each span concerned was skipped, the app never saw the error). */
  internalErrors: number;
  /** Ended spans waiting for the deferred batch (mapping and everything after it). */
  pendingSpans: number;
  /** Spans processed inside `span.end()` because `MAX_PENDING_SPANS` were already waiting (none lost). */
  processedInline: number;
  /** The sensitive-data stage's counters (all 0 when it is off). */
  sensitiveData: SensitiveDataStats;
  /** The evaluation runner's counters (all zero when evaluations are off). */
  evaluations: EvaluationStats;
  /** LLM metrics counters; absent when metrics are off. */
  metrics?: LLMMetricsStats;
}

/**
 * Ended spans waiting for the deferred batch, at most: memory stays bounded when one task ends
 * thousands of spans; beyond it `span.end()` processes the oldest itself.
 */
export const MAX_PENDING_SPANS = 4096;
/** Spans processed per deferred drain before I/O and timers get a turn. */
const MAX_SPANS_PER_DRAIN = 256;

const logger = /* @__PURE__ */ diag.createComponentLogger({ namespace: 'otel-llmobs/processor' });

/**
 * An OpenTelemetry `SpanProcessor` that turns the spans LLM applications already emit into LLM
 * Observability spans. Add it beside your other processors.
 *
 * - `onStart` classifies the span from its start attributes, links it to its nearest LLM
 *   Observability ancestor (plain spans in between are skipped; a remote parent is taken from
 *   propagation), and stamps ml_app, session, user, annotation context and agent attribution. The
 *   span itself is never modified: other processors share it.
 * - `onEnd` maps the span to the canonical model, places it in its trace, reconciles nested LLM
 *   spans, runs the user hooks, samples, and hands a derived span to the exporter (or the `next` processor).
 *
 * Built by composition on `@opentelemetry/api` only; works with OTel SDK 1.x, 2.x and 3.x.
 *
 * @example
 * ```ts
 * import { LLMObsSpanProcessor } from 'otel-llmobs';
 *
 * // Without `exporter`: an LLMObsExporter configured from DD_API_KEY, DD_SITE, DD_LLMOBS_ML_APP, …
 * new NodeTracerProvider({
 *   spanProcessors: [new LLMObsSpanProcessor({ mlApp: 'support-bot' }), new BatchSpanProcessor(otlpExporter)],
 * }).register();
 * ```
 */
export class LLMObsSpanProcessor implements SpanProcessorLike {
  readonly #settings: ResolvedProcessorSettings;
  readonly #stampSettings: StampSettings;
  readonly #mappingOptions: MappingOptions;
  readonly #exporter: SpanExporterLike | undefined;
  readonly #next: SpanProcessorLike | undefined;
  readonly #downstream: Downstream | undefined;
  /** Async end-of-span work (async user hooks) that forceFlush() waits for. */
  readonly #pending = new PendingWork();
  readonly #registry: LiveSpanRegistry;
  readonly #linkages = new WeakMap<object, SpanLinkage>();
  readonly #spanFilter: LLMObsSpanProcessorOptions['spanFilter'];
  readonly #beforeExport: LLMObsSpanHook | undefined;
  /** Original attributes for `LLMObsExporter` (it reads the attached model); canonical GenAI attributes for any other exporter. */
  readonly #spanWriter: DerivedSpanWriter;
  readonly #runtimeHandle: RuntimeProcessor;
  readonly #placement: PlacementState;
  /** Ended spans, processed after the current task: `span.end()` only remembers the span. */
  readonly #deferred = new DeferredBatch<ReadableSpanLike>({
    process: (span) => this.#process(span),
    onError: (e) => this.#internalError('onEnd', e),
    maxPending: MAX_PENDING_SPANS,
    maxPerDrain: MAX_SPANS_PER_DRAIN,
  });
  readonly #sensitiveData: SensitiveDataStage | undefined;
  readonly #evaluations: EvaluationStage | undefined;
  readonly #metrics: MetricsStage | undefined;
  #shutdownPromise: Promise<void> | undefined;
  #active: boolean;
  #closed = false;
  #droppedUnsampled = 0;
  #droppedByHook = 0;
  #hookErrors = 0;
  #internalErrors = 0;
  #hookErrorLogged = false;
  #hookShapeLogged = false;
  readonly #internalErrorLogged = new Set<string>();

  constructor(options: LLMObsSpanProcessorOptions = {}) {
    if (options === null || typeof options !== 'object') throw invalidConfig('options', 'an object', options);
    this.#settings = resolveProcessorSettings(options);
    if (options.spanFilter !== undefined && typeof options.spanFilter !== 'function') {
      throw invalidConfig('spanFilter', 'a function', options.spanFilter);
    }
    if (options.beforeExport !== undefined && typeof options.beforeExport !== 'function') {
      throw invalidConfig('beforeExport', 'a function', options.beforeExport);
    }
    if (options.exporter !== undefined && !isExporter(options.exporter)) {
      throw invalidConfig('exporter', 'a SpanExporter (an object with export() and shutdown())', options.exporter);
    }
    this.#next = checkNext(options.next, options.exporter);
    this.#spanFilter = options.spanFilter;
    this.#beforeExport = options.beforeExport;
    this.#stampSettings = {
      mlApp: this.#settings.mlApp,
      service: this.#settings.service,
      sampleRate: this.#settings.sampleRate,
      sessionKeys: this.#settings.sessionKeys,
      userKeys: this.#settings.userKeys,
    };
    this.#mappingOptions = { sessionKeys: this.#settings.sessionKeys, userKeys: this.#settings.userKeys };
    this.#registry = new LiveSpanRegistry({
      maxSpans: this.#settings.maxLiveSpans,
      maxSpansPerTrace: this.#settings.maxLiveSpansPerTrace,
      onFirstEviction: () =>
        logger.warn(
          `live span registry full (maxLiveSpans ${this.#settings.maxLiveSpans}, maxLiveSpansPerTrace ${this.#settings.maxLiveSpansPerTrace}): ` +
            'evicting the oldest entries (spans that never end?); further evictions are only counted (processor.stats().evictedLiveSpans)',
        ),
    });
    this.#placement = { registry: this.#registry, linkages: this.#linkages, settings: this.#stampSettings };
    this.#active = this.#settings.enabled;
    this.#metrics = this.#settings.enabled ? createMetricsStage(options.meterProvider, options.metrics) : undefined;
    if (this.#settings.enabled) {
      this.#exporter = this.#next ? undefined : (options.exporter ?? createDefaultExporter());
      this.#downstream = createDownstream({
        exporter: this.#exporter,
        next: this.#next,
        mode: this.#settings.mode,
        exportCallbackTimeoutMillis: this.#settings.flushTimeoutMillis,
        logger,
      });
    } else {
      this.#exporter = options.exporter;
      logger.debug('disabled (enabled: false / DD_LLMOBS_ENABLED=false): spans pass through untouched');
    }
    // Only LLM spans are exported unless a spanFilter says otherwise: then each one's parent is its LLM Observability parent.
    this.#sensitiveData = this.#settings.enabled ? SensitiveDataStage.create(options.sensitiveData) : undefined;
    const writerOptions = { reparent: options.spanFilter === undefined };
    const spanWriter = this.#next
      ? canonicalSpanWriter(this.#settings.vendorAttributes, writerOptions)
      : derivedSpanWriterFor(this.#exporter, this.#settings.vendorAttributes, writerOptions);
    // LLMObsExporter reads only the (scanned) model; any other exporter also gets what the writer copies from the source span scanned.
    const stage = this.#sensitiveData;
    this.#spanWriter = stage && spanWriter !== ORIGINAL_SPAN_WRITER ? scanningSpanWriter(spanWriter, stage.scanner, (report) => stage.count(report)) : spanWriter;
    this.#evaluations = this.#settings.enabled
      ? createEvaluationStage(options.evaluations, this.#exporter, {
          meterProvider: options.meterProvider,
          onResult: (r) => this.#metrics?.recorder.recordEvaluation({ label: r.label, value: r.value, assessment: r.assessment, mlApp: r.mlApp }),
          // The sensitive_data evaluation reads the scan this processor already made (no second scan).
          ...(this.#sensitiveData ? { readFindings: (span: LLMObsSpan) => findingsFromReport(reportOf(span)) } : {}),
        })
      : undefined;
    this.#runtimeHandle = {
      linkageOf: (span) => this.#linkages.get(span),
      forceFlush: () => this.forceFlush(),
    };
    if (this.#active) getLLMObsRuntime().processors.add(this.#runtimeHandle);
  }

  onStart(span: StartedSpanLike, parentContext: Context): void {
    if (!this.#active) return;
    try {
      this.#register(span, parentContext);
    } catch (e) {
      this.#internalError('onStart', e);
    }
  }

  /** O(1): the span is mapped, placed and queued in a deferred batch after the current task. */
  onEnd(span: ReadableSpanLike): void {
    if (!this.#active) return;
    try {
      this.#noteEndBeforeSession(span);
      this.#deferred.add(span);
    } catch (e) {
      this.#internalError('onEnd', e);
    }
  }

  /**
   * Processes the spans that ended (the deferred batch), waits for pending end-of-span work, then
   * flushes the evaluations and the downstream (exporter or `next`). While the app awaits it, the
   * work keeps the process alive; it resolves within `flushTimeoutMillis` whatever the downstream or
   * the judge does. Never rejects.
   */
  forceFlush(): Promise<void> {
    return boundedWait('forceFlush', async () => {
      this.#deferred.drainNow();
      await this.#pending.settled();
      await Promise.all([this.#evaluations?.forceFlush(), this.#downstream ? this.#downstream.flush() : (this.#next ?? this.#exporter)?.forceFlush?.()]);
    }, this.#settings.flushTimeoutMillis, logger);
  }

  /** Stops accepting spans, flushes, and shuts the exporter down. Idempotent; never rejects. */
  shutdown(): Promise<void> {
    this.#shutdownPromise ??= this.#shutdown();
    return this.#shutdownPromise;
  }

  stats(): LLMObsSpanProcessorStats {
    const queue = this.#downstream?.stats ?? { exported: 0, droppedQueueFull: 0, failed: 0 };
    return {
      liveSpans: this.#registry.size,
      evictedLiveSpans: this.#registry.evictions,
      exported: queue.exported,
      droppedUnsampled: this.#droppedUnsampled,
      droppedByHook: this.#droppedByHook,
      hookErrors: this.#hookErrors,
      droppedQueueFull: queue.droppedQueueFull,
      failed: queue.failed,
      internalErrors: this.#internalErrors,
      pendingSpans: this.#deferred.pending,
      processedInline: this.#deferred.handledInline,
      sensitiveData: this.#sensitiveData?.stats() ?? { sdsScannedSpans: 0, sdsMatches: 0, sdsRedactedFields: 0, sdsUnscannedFields: 0 },
      evaluations: this.#evaluations?.stats() ?? emptyEvaluationStats(),
      ...(this.#metrics && { metrics: this.#metrics.stats }),
    };
  }

  #shutdown(): Promise<void> {
    const wasActive = this.#active;
    this.#active = false;
    getLLMObsRuntime().processors.delete(this.#runtimeHandle);
    const work = async (): Promise<void> => {
      if (wasActive) {
        this.#deferred.drainNow();
        await this.#pending.settled();
      }
      await Promise.all([this.#evaluations?.shutdown(), this.#downstream ? this.#downstream.shutdown() : (this.#next ?? this.#exporter)?.shutdown()]);
    };
    return boundedWait('shutdown', work, this.#settings.flushTimeoutMillis, logger).finally(() => {
      this.#closed = true;
      this.#registry.clear();
    });
  }

  // ---------------------------------------------------------------------------------------------
  // onStart

  #register(span: StartedSpanLike, parentContext: Context): void {
    const { traceId, spanId } = span.spanContext();
    this.#settleSessionDefault(this.#registry.trace(traceId));
    // A parent marked after its start (Traceloop withWorkflow, OpenInference helpers) is promoted now.
    let plainParent = plainLocalParentOf(span, parentContext, this.#linkages) ?? plainParentById(span, this.#registry);
    if (plainParent && promoteIfMarked(plainParent, this.#placement)) plainParent = undefined;
    const inherited = resolveInherited(span, parentContext, this.#registry, this.#linkages);
    const annotation = getAnnotationContext(parentContext);
    const scope = scopeOf(span);
    const kind = classifySpan({ name: span.name, attributes: span.attributes, instrumentationScope: scope });
    const markedLater = kind === undefined && marksAfterStart(scope?.name);
    // A plain span with nothing LLM above it hands nothing down: most spans of a service (HTTP,
    // DB) cost neither memory nor an entry. Its children resolve to "no parent" all the same.
    if (kind === undefined && inherited === undefined && annotation === undefined && !markedLater) return;
    const trace = this.#registry.traceForRegistration(traceId);
    let stamp: LLMObsStamp | undefined;
    if (kind !== undefined) {
      stamp = stampLLMObsSpan({ span, kind, inherited, traceSessionDefault: trace.sessionDefault, annotation, settings: this.#stampSettings });
      if (stamp.sessionId !== undefined && trace.sessionDefault === undefined) trace.sessionDefault = stamp.sessionId;
    }
    const forChildren = stamp ? inheritFromStamp(stamp, spanId) : inherited;
    // Literal shapes, no spreads: this runs in the application's span.start().
    const entry: LiveSpanEntry = markedLater
      ? { spanId, inherited, annotation, stamp, forChildren, plainParent, plainSelf: span }
      : plainParent
        ? { spanId, inherited, annotation, stamp, forChildren, plainParent }
        : { spanId, inherited, annotation, stamp, forChildren };
    this.#registry.register(traceId, entry);
    this.#linkages.set(span, stamp ? { stamp, forChildren } : { forChildren });
  }

  // ---------------------------------------------------------------------------------------------
  // onEnd

  /**
   * A session set on an LLM span only at its end is the default of the spans of its trace that
   * start after that end, before the deferred batch maps it. `end()` only notes the span (and only
   * while the trace is live and has no session yet); its attributes, final once it ended, are read
   * when the default is next needed: the next start in the trace, or the batch.
   */
  #noteEndBeforeSession(span: ReadableSpanLike): void {
    const trace = this.#registry.trace(span.spanContext().traceId);
    if (trace && trace.sessionDefault === undefined) (trace.endedBeforeSession ??= []).push(span);
  }

  /** Seeds the trace's session default from the spans noted at their end, first ended first, as if read then. */
  #settleSessionDefault(trace: TraceState | undefined): void {
    const ended = trace?.endedBeforeSession;
    if (!trace || !ended) return;
    trace.endedBeforeSession = undefined;
    for (const span of ended) {
      if (trace.sessionDefault !== undefined) return;
      // Only LLM Observability spans carry a session (their entries are still live: the batch settles before it takes one).
      if (!trace.entries.get(span.spanContext().spanId)?.stamp && !mayBeMarked(span.attributes)) continue;
      const sessionId = readNonEmpty(span.attributes, LLMOBS_ATTR.SESSION_ID) ?? readSessionId(span.attributes, this.#settings.sessionKeys);
      if (sessionId !== undefined) trace.sessionDefault = sessionId;
    }
  }

  /** The deferred part of `onEnd`, for one span, in the order spans ended. */
  #process(span: ReadableSpanLike): void {
    const { traceId, spanId } = span.spanContext();
    this.#settleSessionDefault(this.#registry.trace(traceId));
    const entry = this.#registry.take(traceId, spanId);
    // The promoted linkage of a span marked after start (its entry is the promoted one too).
    const linkage: SpanLinkage | undefined = entry ?? this.#linkages.get(span);

    // Sampling first: an unsampled trace costs neither mapping nor egress.
    const sampling = samplingOf(linkage, traceId, this.#settings.sampleRate);
    if (!sampling.decision) {
      if (linkage?.stamp) this.#droppedUnsampled++;
      return;
    }

    // GenAI log records (LLMObsLogRecordProcessor) emitted under this span join it as span events.
    const mapped = mapSpan(joinLogEvents(toSpanData(span), traceId, spanId), this.#mappingOptions);
    let llmobs: LLMObsSpan | undefined;
    if (mapped) {
      const ownSessionId = mapped.sessionId; // before buildLLMObsSpan completes `mapped` in place
      const stamp = this.#placedStamp(span, entry, linkage, mapped.kind);
      llmobs = buildLLMObsSpan(span, mapped, stamp);
      // Children end first: a parent that duplicates a child's model call is demoted now.
      if (entry?.children) llmobs = reconcileNestedModelSpans(llmobs, entry.children);
      this.#noteEndedChild(traceId, llmobs);
      if (ownSessionId !== undefined) {
        const trace = this.#registry.trace(traceId);
        if (trace && trace.sessionDefault === undefined) trace.sessionDefault = ownSessionId;
      }
    }

    const keep = this.#spanFilter ? this.#spanFilter(span, { kind: llmobs?.kind }) : llmobs !== undefined;
    if (!keep) return;
    if (!llmobs) {
      this.#enqueue(span, undefined);
      return;
    }
    this.#runHooks(span, llmobs);
  }

  /**
   * The stamp a span is exported with: the one taken at start, unless its plain parent was marked
   * since (then it is stamped again under that parent); a new one for a span that was not an LLM
   * Observability span at start (or whose entry was lost), remembered for children that start later.
   */
  #placedStamp(span: ReadableSpanLike, entry: LiveSpanEntry | undefined, linkage: SpanLinkage | undefined, kind: SpanKind): LLMObsStamp {
    const inherited = entry ? inheritedNow(entry, this.#placement) : undefined;
    if (linkage?.stamp && (!entry || inherited === entry.inherited)) return linkage.stamp;
    const stamp = stampLLMObsSpan({
      span,
      kind,
      inherited: entry ? inherited : resolveInherited(span, undefined, this.#registry, this.#linkages),
      traceSessionDefault: this.#registry.trace(span.spanContext().traceId)?.sessionDefault,
      annotation: entry?.annotation,
      settings: this.#stampSettings,
    });
    this.#linkages.set(span, { stamp, forChildren: inheritFromStamp(stamp, span.spanContext().spanId) });
    return stamp;
  }

  /** Tell the live LLM Observability parent about this child, for nested-LLM reconciliation. */
  #noteEndedChild(traceId: string, child: LLMObsSpan): void {
    if (child.parentId === undefined) return;
    const parent = this.#registry.get(traceId, child.parentId);
    if (!parent?.stamp) return;
    const children = (parent.children ??= []);
    if (children.length >= MAX_CHILDREN_PER_SPAN) return;
    const summary: EndedChildSummary =
      child.scopeName !== undefined
        ? { spanId: child.spanId, kind: child.kind, scopeName: child.scopeName, metrics: child.metrics }
        : { spanId: child.spanId, kind: child.kind, metrics: child.metrics };
    children.push(summary);
  }

  #runHooks(span: ReadableSpanLike, llmobs: LLMObsSpan): void {
    const registered = getLLMObsRuntime().userHook;
    if (!this.#beforeExport && !registered) {
      this.#enqueue(span, llmobs);
      return;
    }
    const hooks: LLMObsSpanHook[] = [];
    if (this.#beforeExport) hooks.push(this.#beforeExport);
    if (registered) hooks.push(registered);
    const outcome = runHookChain(hooks, llmobs, (e) => this.#hookFailed(e));
    if (outcome instanceof Promise) {
      this.#pending.track(
        outcome.then((result) => {
          if (this.#afterHooks(result)) this.#enqueue(span, llmobs);
        }),
      );
    } else if (this.#afterHooks(outcome)) {
      this.#enqueue(span, llmobs);
    }
  }

  #afterHooks(result: HookOutcome): boolean {
    if (result === 'keep') return true;
    if (result === 'dropped') this.#droppedByHook++;
    else if (result === 'bad-return') {
      this.#droppedByHook++;
      if (!this.#hookShapeLogged) {
        this.#hookShapeLogged = true;
        logger.warn('a user span processor must return the LLMObservabilitySpan it was given, or null: dropping the span');
      }
    }
    return false;
  }

  #hookFailed(e: unknown): void {
    this.#hookErrors++;
    if (this.#hookErrorLogged) return;
    this.#hookErrorLogged = true;
    logger.error(`a user span processor threw; the span is dropped (fail closed); further errors are only counted: ${errorMessage(e)}`);
  }

  #enqueue(span: ReadableSpanLike, llmobs: LLMObsSpan | undefined): void {
    // Async hooks may still finish while shutdown flushes; after it, nothing is exported.
    if (this.#closed) return;
    const model = llmobs ? this.#modelStages(span, llmobs) : undefined;
    if (llmobs && !model) return;
    this.#downstream?.accept(deriveSpan(span, model, this.#spanWriter));
  }

  /**
   * The stages that run on the finished model after the user hooks and before derive + enqueue, in
   * the deferred batch: sensitive-data scanning → evaluation sampling → metrics. Each takes the
   * model and returns it, or `undefined` to drop the span.
   */
  #modelStages(span: ReadableSpanLike, llmobs: LLMObsSpan): LLMObsSpan | undefined {
    let model: LLMObsSpan | undefined = llmobs;
    // After the hooks, so none can put data back; `undefined`: the span could not be scanned (fail closed).
    if (this.#sensitiveData) {
      model = this.#sensitiveData.scan(model);
      if (!model) return undefined;
    }
    this.#evaluations?.offer(model);
    this.#metrics?.record(model, span);
    return model;
  }

  #internalError(where: string, e: unknown): void {
    this.#internalErrors++;
    if (this.#internalErrorLogged.has(where)) {
      logger.debug(`${where} failed: ${errorMessage(e)}`);
      return;
    }
    this.#internalErrorLogged.add(where);
    logger.error(`${where} failed (the span is skipped; further errors here are logged at debug level): ${errorMessage(e)}`);
  }
}

type HookOutcome = 'keep' | 'dropped' | 'bad-return' | 'threw';

/** Runs the hooks in order; synchronous unless a hook returns a promise. */
function runHookChain(hooks: readonly LLMObsSpanHook[], llmobs: LLMObsSpan, onError: (e: unknown) => void): HookOutcome | Promise<HookOutcome> {
  let index = 0;
  const step = (): HookOutcome | Promise<HookOutcome> => {
    while (index < hooks.length) {
      const hook = hooks[index++] as LLMObsSpanHook;
      const view = new LLMObservabilitySpan(llmobs);
      let result: ReturnType<LLMObsSpanHook>;
      try {
        result = hook(view);
      } catch (e) {
        onError(e);
        return 'threw';
      }
      if (result instanceof Promise) {
        return result.then(
          (resolved) => {
            const outcome = settle(resolved, llmobs);
            return outcome === 'keep' ? step() : outcome;
          },
          (e: unknown) => {
            onError(e);
            return 'threw' as const;
          },
        );
      }
      const outcome = settle(result, llmobs);
      if (outcome !== 'keep') return outcome;
    }
    return 'keep';
  };
  return step();
}

function settle(result: LLMObservabilitySpan | null, llmobs: LLMObsSpan): HookOutcome {
  if (result === null) return 'dropped';
  if (!(result instanceof LLMObservabilitySpan)) return 'bad-return';
  applyHookResult(result, llmobs);
  return 'keep';
}

/**
 * The canonical model of a mapped span placed in its trace. `mapped` is the fresh object `mapSpan`
 * just returned, owned by us: it is completed in place rather than copied. (`{...mapped, traceId, …}`
 * cost ~11 µs per span on Node 20: V8 11 builds a new hidden-class chain for every object made by
 * a spread followed by more properties. Node 22 does not; either way no copy is cheaper.)
 */
function buildLLMObsSpan(span: ReadableSpanLike, mapped: MappedSpan, stamp: LLMObsStamp): LLMObsSpan {
  const { spanId } = span.spanContext();
  const llmobs = mapped as LLMObsSpan;
  llmobs.traceId = stamp.traceId;
  llmobs.spanId = spanId;
  llmobs.startTime = [span.startTime[0], span.startTime[1]];
  llmobs.durationNs = Math.max(0, hrTimeToNanos(span.duration));
  llmobs.mlApp = stamp.mlApp;
  llmobs.sampling = { rate: stamp.sampling.rate, decision: stamp.sampling.decision };
  if (stamp.apmTraceId !== undefined) llmobs.apmTraceId = stamp.apmTraceId;
  if (stamp.parentId !== undefined) llmobs.parentId = stamp.parentId;
  if (stamp.agent) llmobs.agentAttribution = stamp.agent.name !== undefined ? { name: stamp.agent.name, spanId: stamp.agent.spanId } : { spanId: stamp.agent.spanId };
  if (llmobs.sessionId === undefined && stamp.sessionId !== undefined) llmobs.sessionId = stamp.sessionId;
  if (llmobs.userId === undefined && stamp.userId !== undefined) {
    llmobs.userId = stamp.userId;
    if (!('user_id' in llmobs.tags)) llmobs.tags = { ...llmobs.tags, user_id: stamp.userId };
  }
  const annotation = stamp.annotation;
  if (annotation) {
    // dd-trace: the context's name wins over the span's own; its tags come first and the span's own
    // (annotate) tags override them in place.
    if (annotation.name) llmobs.name = annotation.name;
    if (annotation.tags) llmobs.tags = { ...annotation.tags, ...llmobs.tags };
    if (annotation.prompt && llmobs.kind === 'llm' && !llmobs.input.prompt) llmobs.input = { ...llmobs.input, prompt: annotation.prompt };
  }
  return llmobs;
}

function toSpanData(span: ReadableSpanLike): SpanData {
  const scope = scopeOf(span);
  const data: { -readonly [K in keyof SpanData]: SpanData[K] } = {
    name: span.name,
    attributes: span.attributes,
    events: span.events,
    status: span.status,
    resource: span.resource,
  };
  if (scope) data.instrumentationScope = scope;
  return data;
}

function isExporter(value: unknown): value is SpanExporterLike {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as SpanExporterLike).export === 'function' &&
    typeof (value as SpanExporterLike).shutdown === 'function'
  );
}
