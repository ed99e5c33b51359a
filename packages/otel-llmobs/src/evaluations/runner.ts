import { diag } from '@opentelemetry/api';
import type { LLMObsSpan, SpanKind } from '../conventions/model.js';
import type { ResolvedEvaluationsConfig } from './resolve-evaluations-config.js';
import type { EvaluationIdFormat, EvaluationJoin } from '../datadog/encode-evaluation.js';
import type { EvaluationWriter } from '../datadog/evaluation-writer.js';
import { withTracingSuppressed } from '../internal/suppress-tracing.js';
import { setUnrefTimeout } from '../internal/timers.js';
import { TRACER_VERSION } from '../internal/version.js';
import { CircuitBreaker, JudgeBudget } from './budget.js';
import { genAIEvaluationEvent } from './evaluation-event.js';
import { createEvaluator } from './evaluators/create-evaluator.js';
import type { Evaluator, EvaluatorOutcome, JudgeQuestion } from './evaluators/evaluator.js';
import type { FindingsReader } from './evaluators/sensitive-data.js';
import { loadTinyldDetector } from './evaluators/tinyld-detector.js';
import { callJudge } from './judge/call-judge.js';
import { createJudgeAdapter } from './judge/create-judge.js';
import type { JudgeAdapter } from './judge/judge-attempt.js';
import type { Verdict } from './judge/parse-verdict.js';
import { parseVerdict } from './judge/parse-verdict.js';
import { categoriesProperty, createNonce, systemPrompt, userPrompt, verdictSchema } from './judge/prompt.js';
import type { JudgeMetrics } from './judge-metrics.js';
import { createJudgeMetrics } from './judge-metrics.js';
import { passesFilter, rateFor, sampledFor } from './sampling.js';
import { EvaluationCounters } from './stats.js';
import type { EvaluationTexts } from './subject.js';
import { extractTexts } from './subject.js';
import type { EvaluationEventLogger, EvaluationResult, EvaluationStats, LanguageDetector, MeterProviderLike } from './types.js';

const logger = diag.createComponentLogger({ namespace: 'otel-llmobs/evaluations' });

/** 5 consecutive failed calls pause the judge for 60 s (spec §2.3). */
const BREAKER_THRESHOLD = 5;
const BREAKER_PAUSE_MILLIS = 60_000;
/** Traces remembered for `maxEvaluationsPerTrace`; beyond it the memory starts over (a bound, not an LRU). */
const MAX_TRACKED_TRACES = 10_000;
/** After `shutdown()` aborted the judge calls still running, how long to wait for them to let go. */
const CANCEL_GRACE_MILLIS = 1000;

/** What the runner keeps of a span: ids and names, never the span itself. */
interface SpanRefCopy {
  traceId: string;
  apmTraceId: string | undefined;
  spanId: string;
  spanName: string;
  spanKind: SpanKind;
  mlApp: string;
}

interface EvaluationJob {
  evaluator: Evaluator;
  input: unknown;
  span: SpanRefCopy;
  truncated: boolean;
}

/** The judge call behind one verdict, for the result's metadata and tags. */
interface JudgeCallInfo {
  judge_provider: string;
  judge_model: string;
  input_tokens: number;
  output_tokens: number;
  latency_ms: number;
}

export interface EvaluationRunnerDeps {
  /** Where results are submitted (`undefined`: only `onEvaluation` / `eventLogger`). */
  writer: EvaluationWriter | undefined;
  /** Shut the writer down with the runner (it was made for it). */
  ownsWriter: boolean;
  idFormat: EvaluationIdFormat;
  onEvaluation?: ((result: EvaluationResult) => void) | undefined;
  eventLogger?: EvaluationEventLogger | undefined;
  meterProvider?: MeterProviderLike | undefined;
  /** The sensitive-data scanner's findings on a span (none until the scanner exists). */
  readFindings?: FindingsReader;
  /** Clock for the budget and the breaker (tests). */
  now?: () => number;
  /** Jitter source for retries (tests). */
  random?: () => number;
}

/**
 * Runs the evaluators off the application's hot path (spec §3): `offer()` filters, samples, copies
 * the texts it needs and queues a job per (span, evaluator), synchronously and without ever
 * throwing; workers judge later, within the budget and the circuit breaker, and submit each
 * result through the evaluation writer, joined on the ids the span events carry.
 */
export class EvaluationRunner {
  readonly #config: ResolvedEvaluationsConfig;
  readonly #deps: EvaluationRunnerDeps;
  readonly #evaluators: Evaluator[];
  readonly #adapter: JudgeAdapter | undefined;
  readonly #budget: JudgeBudget;
  readonly #breaker: CircuitBreaker;
  readonly #counters = new EvaluationCounters();
  readonly #metrics: JudgeMetrics;
  readonly #queue: EvaluationJob[] = [];
  #queueHead = 0;
  #running = 0;
  #pumpScheduled = false;
  readonly #idleWaiters: Array<() => void> = [];
  readonly #perTrace = new Map<string, number>();
  readonly #stop = new AbortController();
  readonly #loggedOnce = new Set<string>();
  readonly #textLimits: { maxInputChars: number; maxContextChars: number; withConversation: boolean };
  #detector: Promise<LanguageDetector | undefined> | undefined;
  #accepting = true;
  #shutdownPromise: Promise<void> | undefined;

  constructor(config: ResolvedEvaluationsConfig, deps: EvaluationRunnerDeps) {
    this.#config = config;
    this.#deps = deps;
    const now = deps.now ?? Date.now;
    this.#adapter = createJudgeAdapter(config.judge);
    this.#budget = new JudgeBudget({ maxCallsPerMinute: config.maxCallsPerMinute, maxTokensPerHour: config.maxTokensPerHour, now });
    this.#breaker = new CircuitBreaker(BREAKER_THRESHOLD, BREAKER_PAUSE_MILLIS, now);
    this.#metrics = createJudgeMetrics(deps.meterProvider, TRACER_VERSION);
    this.#evaluators = config.evaluators.map((e) => createEvaluator(e, deps.readFindings));
    this.#textLimits = {
      maxInputChars: config.maxInputChars,
      maxContextChars: config.maxContextChars,
      withConversation: this.#evaluators.some((e) => e.label === 'prompt_injection'),
    };
  }

  /** Labels of the evaluators that run. */
  get labels(): string[] {
    return this.#evaluators.map((e) => e.config.wireLabel);
  }

  /**
   * Queue the evaluations of one finished span. O(1) in the number of queued jobs; never awaits,
   * never throws, keeps no reference to the span.
   */
  offer(span: LLMObsSpan): void {
    if (!this.#accepting) return;
    try {
      this.#offer(span);
    } catch (e) {
      this.#count(this.#counters.dropped, 'internal_error');
      this.#logOnce('offer', `an evaluation could not be queued (further errors are only counted): ${errorMessage(e)}`);
    }
  }

  stats(): EvaluationStats {
    const snapshot = this.#counters.snapshot();
    return snapshot;
  }

  /** Waits for queued and running evaluations, at most `flushTimeoutMillis`, then flushes the writer. Never rejects. */
  async forceFlush(): Promise<void> {
    await this.#waitIdle(this.#config.flushTimeoutMillis);
    await this.#flushWriter();
  }

  /** Stops `offer()`, waits like `forceFlush()`, then cancels what still runs (counted as dropped). Idempotent; never rejects. */
  shutdown(): Promise<void> {
    this.#shutdownPromise ??= this.#shutdown();
    return this.#shutdownPromise;
  }

  async #shutdown(): Promise<void> {
    this.#accepting = false;
    await this.#waitIdle(this.#config.flushTimeoutMillis);
    const left = this.#queue.length - this.#queueHead;
    if (left > 0) {
      this.#count(this.#counters.dropped, 'shutdown', left);
      this.#queue.length = 0;
      this.#queueHead = 0;
      logger.warn(`shutdown: ${left} queued evaluation(s) were not run (flush timeout ${this.#config.flushTimeoutMillis} ms)`);
    }
    // Judge calls still running are aborted: their sockets must not keep the process alive.
    this.#stop.abort();
    await this.#waitIdle(CANCEL_GRACE_MILLIS);
    try {
      if (this.#deps.ownsWriter) await this.#deps.writer?.shutdown();
      else await this.#deps.writer?.forceFlush();
    } catch (e) {
      this.#logOnce('writer-shutdown', `shutting the evaluation writer down failed: ${errorMessage(e)}`);
    }
  }

  // -----------------------------------------------------------------------------------------------
  // offer

  #offer(span: LLMObsSpan): void {
    const config = this.#config;
    if (config.mlAppSuffix !== '' && span.mlApp.endsWith(config.mlAppSuffix)) return;
    let texts: EvaluationTexts | undefined;
    let ref: SpanRefCopy | undefined;
    for (const evaluator of this.#evaluators) {
      const filter = evaluator.config.filter;
      if (!passesFilter(filter, span)) continue;
      const rate = rateFor(filter, config.samplingRules, evaluator.label, span.name);
      if (!sampledFor(span.traceId, span.spanId, evaluator.config.wireLabel, rate)) continue;
      this.#counters.sampled++;
      // failure_to_answer still decides empty answers by rule without a judge.
      if (evaluator.needsJudge && !this.#adapter && evaluator.label !== 'failure_to_answer') {
        this.#count(this.#counters.skipped, 'no_judge');
        continue;
      }
      texts ??= extractTexts(span, this.#textLimits);
      const prepared = evaluator.prepare(texts, span);
      if (!prepared.ok) {
        this.#count(this.#counters.skipped, prepared.reason);
        continue;
      }
      if (!this.#underTraceLimit(span.traceId)) {
        this.#drop('trace_limit', `more than ${config.maxEvaluationsPerTrace} evaluations in one trace (budget.maxEvaluationsPerTrace): further ones are dropped and counted`);
        continue;
      }
      if (this.#queue.length - this.#queueHead >= config.maxQueueSize) {
        this.#drop('queue_full', `evaluation queue full (maxQueueSize ${config.maxQueueSize}): new evaluations are dropped and counted (stats().evaluations.dropped)`);
        continue;
      }
      ref ??= {
        traceId: span.traceId,
        apmTraceId: span.apmTraceId,
        spanId: span.spanId,
        spanName: span.name,
        spanKind: span.kind,
        mlApp: span.mlApp,
      };
      this.#queue.push({ evaluator, input: prepared.input, span: ref, truncated: texts.truncated.length > 0 });
      this.#schedulePump();
    }
  }

  #underTraceLimit(traceId: string): boolean {
    const n = this.#perTrace.get(traceId) ?? 0;
    if (n >= this.#config.maxEvaluationsPerTrace) return false;
    if (n === 0 && this.#perTrace.size >= MAX_TRACKED_TRACES) this.#perTrace.clear();
    this.#perTrace.set(traceId, n + 1);
    return true;
  }

  // -----------------------------------------------------------------------------------------------
  // workers

  /** Workers start after the current task: `offer()` (inside `span.end()`) never starts I/O itself. */
  #schedulePump(): void {
    if (this.#pumpScheduled) return;
    this.#pumpScheduled = true;
    queueMicrotask(() => {
      this.#pumpScheduled = false;
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#running < this.#config.concurrency && this.#queueHead < this.#queue.length) {
      const job = this.#queue[this.#queueHead] as EvaluationJob;
      this.#queue[this.#queueHead++] = undefined as unknown as EvaluationJob;
      if (this.#queueHead > 1024 && this.#queueHead * 2 > this.#queue.length) {
        this.#queue.splice(0, this.#queueHead);
        this.#queueHead = 0;
      }
      this.#running++;
      // #run never rejects; the chain ends here on purpose.
      void this.#run(job).then(() => {
        this.#running--;
        this.#pump();
        this.#notifyIfIdle();
      });
    }
    this.#notifyIfIdle();
  }

  async #run(job: EvaluationJob): Promise<void> {
    // A time slice: rules and model evaluators run inline; let the app's I/O in between jobs.
    await yieldToEventLoop();
    if (this.#stop.signal.aborted) {
      this.#count(this.#counters.dropped, 'shutdown');
      return;
    }
    let judgeInfo: JudgeCallInfo | undefined;
    let outcome: EvaluatorOutcome;
    try {
      outcome = await job.evaluator.run(job.input, {
        askJudge: async (question) => {
          const answer = await this.#askJudge(question, job);
          if (answer) judgeInfo = answer.info;
          return answer?.verdict;
        },
        languageDetector: () => this.#languageDetector(),
      });
    } catch (e) {
      this.#count(this.#counters.dropped, 'evaluator_error');
      this.#logOnce(`run:${job.evaluator.label}`, `evaluator ${job.evaluator.label} failed (further errors are only counted): ${errorMessage(e)}`);
      return;
    }
    if (outcome.kind === 'skip') this.#count(this.#counters.skipped, outcome.reason);
    else if (outcome.kind === 'result') this.#submit(job, outcome, judgeInfo);
  }

  async #askJudge(question: JudgeQuestion, job: EvaluationJob): Promise<{ verdict: Verdict; info: JudgeCallInfo } | undefined> {
    const adapter = this.#adapter;
    if (!adapter) {
      this.#count(this.#counters.skipped, 'no_judge');
      return undefined;
    }
    if (!this.#breaker.allow()) {
      this.#drop('circuit_open', `the judge failed ${BREAKER_THRESHOLD} times in a row: judge calls pause for ${BREAKER_PAUSE_MILLIS / 1000} s at a time (results that need no judge are still submitted)`);
      return undefined;
    }
    const nonce = createNonce();
    const extra = { ...(question.extraSchema ?? {}) };
    if (question.categoryValues && question.categoryValues.length > 0) extra.categories = categoriesProperty(question.categoryValues);
    const request = {
      system: systemPrompt(question.rubric, nonce),
      user: userPrompt(question.fields, nonce),
      schema: verdictSchema(question.values, extra),
      schemaName: 'submit_evaluation',
      maxOutputTokens: this.#config.maxOutputTokens,
    };
    const estimate = Math.ceil((request.system.length + request.user.length) / 4) + request.maxOutputTokens;
    const reservation = this.#budget.take(estimate);
    if (!reservation.ok) {
      this.#breaker.release();
      this.#drop('budget', `judge budget reached (maxCallsPerMinute ${this.#config.maxCallsPerMinute}, maxTokensPerHour ${this.#config.maxTokensPerHour}): evaluations over it are dropped and counted`);
      return undefined;
    }
    const result = await withTracingSuppressed(() =>
      callJudge(adapter, request, { timeoutMillis: this.#config.timeoutMillis, maxRetries: this.#config.maxRetries, random: this.#deps.random }, this.#stop.signal),
    );
    if (!result.ok) {
      this.#budget.settle(reservation.reservation, 0);
      if (result.error === 'cancelled') {
        this.#breaker.release();
        this.#count(this.#counters.dropped, 'shutdown');
        return undefined;
      }
      this.#breaker.failure();
      this.#count(this.#counters.judgeErrors, result.error);
      this.#logOnce(`judge:${result.error}`, `judge call failed (${result.error}; nothing is submitted; further ${result.error} errors are only counted): ${result.detail}`);
      return undefined;
    }
    this.#breaker.success();
    const completion = result.completion;
    const inputTokens = completion.usage?.inputTokens ?? 0;
    const outputTokens = completion.usage?.outputTokens ?? 0;
    this.#budget.settle(reservation.reservation, completion.usage ? inputTokens + outputTokens : reservation.reservation);
    this.#counters.judged++;
    this.#counters.inputTokens += inputTokens;
    this.#counters.outputTokens += outputTokens;
    const model = completion.model ?? adapter.model;
    this.#metrics.recordCall(
      { ml_app: job.span.mlApp, model_server: adapter.server, model_provider: adapter.modelProvider, model_name: model, evaluation_name: job.evaluator.config.wireLabel },
      inputTokens,
      outputTokens,
      result.latencyMs,
    );
    if (completion.truncated === true) {
      this.#count(this.#counters.judgeErrors, 'truncated');
      this.#logOnce('judge:truncated', `the judge hit its output limit (maxOutputTokens ${this.#config.maxOutputTokens}) before its verdict; nothing is submitted (raise judge.maxOutputTokens)`);
      return undefined;
    }
    const parsed = parseVerdict(completion, question.values, question.categoryValues);
    if (!parsed.ok) {
      this.#counters.parseErrors++;
      this.#logOnce('parse', `the judge's answer did not parse (${parsed.problem}); nothing is submitted; further parse errors are only counted. Answer began: ${parsed.rawHead}`);
      return undefined;
    }
    return {
      verdict: parsed.verdict,
      info: { judge_provider: adapter.server, judge_model: model, input_tokens: inputTokens, output_tokens: outputTokens, latency_ms: result.latencyMs },
    };
  }

  #languageDetector(): Promise<LanguageDetector | undefined> {
    this.#detector ??= loadTinyldDetector().then(
      (d) => d,
      (e: unknown) => {
        logger.warn(`${errorMessage(e)}; language_mismatch is off`);
        return undefined;
      },
    );
    return this.#detector;
  }

  // -----------------------------------------------------------------------------------------------
  // submission

  #submit(job: EvaluationJob, outcome: Extract<EvaluatorOutcome, { kind: 'result' }>, judge: JudgeCallInfo | undefined): void {
    const method = judge ? 'llm' : outcome.method;
    const tags: Record<string, string> = { evaluator: 'otel-llmobs', evaluation_method: method };
    if (judge) tags.judge_model = judge.judge_model;
    const metadata: Record<string, unknown> = judge ? { ...judge, truncated: job.truncated, ...outcome.metadata } : { ...outcome.metadata };
    const span = job.span;
    const result: EvaluationResult = {
      label: job.evaluator.config.wireLabel,
      evaluator: job.evaluator.label,
      method,
      value: outcome.value,
      assessment: outcome.assessment,
      reasoning: outcome.reasoning,
      metadata,
      tags,
      mlApp: span.mlApp,
      traceId: span.traceId,
      spanId: span.spanId,
      spanName: span.spanName,
      spanKind: span.spanKind,
      timestampMs: Date.now(),
    };
    if (span.apmTraceId !== undefined) result.apmTraceId = span.apmTraceId;
    const writer = this.#deps.writer;
    if (writer) {
      // traceFlags makes the writer read the span id as hex even when it is all digits.
      const join: EvaluationJoin =
        this.#deps.idFormat === 'otlp'
          ? { traceId: span.apmTraceId ?? span.traceId, spanId: span.spanId, traceFlags: 1 }
          : { traceId: span.traceId, spanId: span.spanId, traceFlags: 1 };
      try {
        writer.submit(
          {
            label: result.label,
            metricType: 'categorical',
            value: result.value,
            tags,
            mlApp: result.mlApp,
            timestampMs: result.timestampMs,
            reasoning: result.reasoning,
            assessment: result.assessment,
            metadata,
          },
          join,
        );
      } catch (e) {
        this.#drop('invalid', `an evaluation was refused by the writer (further ones are only counted): ${errorMessage(e)}`);
        return;
      }
    }
    this.#counters.submitted++;
    this.#metrics.recordSubmitted({ ml_app: result.mlApp, evaluation_name: result.label });
    if (this.#deps.eventLogger) {
      try {
        this.#deps.eventLogger.emit(genAIEvaluationEvent(result));
      } catch (e) {
        this.#logOnce('event', `eventLogger.emit threw (ignored): ${errorMessage(e)}`);
      }
    }
    if (this.#deps.onEvaluation) {
      try {
        this.#deps.onEvaluation(result);
      } catch (e) {
        this.#logOnce('onEvaluation', `onEvaluation threw (ignored): ${errorMessage(e)}`);
      }
    }
  }

  // -----------------------------------------------------------------------------------------------
  // lifecycle helpers

  #notifyIfIdle(): void {
    if (this.#running > 0 || this.#queueHead < this.#queue.length || this.#pumpScheduled) return;
    const waiters = this.#idleWaiters.splice(0);
    for (const resolve of waiters) resolve();
  }

  #waitIdle(timeoutMillis: number): Promise<void> {
    if (this.#running === 0 && this.#queueHead >= this.#queue.length && !this.#pumpScheduled) return Promise.resolve();
    // A ref'd timer on purpose: while the app awaits forceFlush()/shutdown(), the work they wait
    // for keeps the process alive, for at most the bound.
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.max(0, timeoutMillis));
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#idleWaiters.push(done);
    });
  }

  async #flushWriter(): Promise<void> {
    try {
      await this.#deps.writer?.forceFlush();
    } catch (e) {
      this.#logOnce('writer-flush', `flushing the evaluation writer failed: ${errorMessage(e)}`);
    }
  }

  #count(map: Map<string, number>, key: string, n = 1): void {
    this.#counters.count(map, key, n);
  }

  #drop(reason: string, message: string): void {
    this.#count(this.#counters.dropped, reason);
    this.#metrics.recordDropped(reason);
    this.#logOnce(`drop:${reason}`, message);
  }

  #logOnce(site: string, message: string): void {
    if (this.#loggedOnce.has(site)) return;
    this.#loggedOnce.add(site);
    logger.warn(message);
  }
}

/**
 * A macrotask boundary (setImmediate where there is one). Not unref'd: an unref'd immediate does
 * not wake an idle event loop (libuv blocks in poll until other I/O comes), so jobs would crawl;
 * a ref'd one runs on the next loop turn and holds nothing after.
 */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const immediate = (globalThis as { setImmediate?: (cb: () => void) => unknown }).setImmediate;
    if (typeof immediate === 'function') immediate(resolve);
    else setUnrefTimeout(resolve, 0);
  });
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
