import type { Attributes, Context, Span, Tracer } from '@opentelemetry/api';
import { context, diag, SpanStatusCode, trace } from '@opentelemetry/api';
import type { SpanKind } from '../conventions/model.js';
import { SPAN_KINDS } from '../conventions/model.js';
import { LLMOBS_ATTR } from '../conventions/llmobs-attributes.js';
import type { EvaluationWriter } from '../datadog/evaluation-writer.js';
import { createEvaluationWriter } from '../datadog/evaluation-writer.js';
import { spanIdToDecimal } from '../internal/ids.js';
import { TRACER_VERSION } from '../internal/version.js';
import type { AnnotationContextValue } from '../runtime/linkage.js';
import { findLinkage, getLLMObsRuntime } from '../runtime/llmobs-runtime.js';
import type { LLMObsSpanHook } from '../runtime/user-hook.js';
import type { AnnotationState } from './annotation-state.js';
import { annotationAttributes } from './annotation-state.js';
import { getActiveLLMObsSpan, getAnnotationContext, setActiveLLMObsSpan, setAnnotationContext } from '../runtime/context-keys.js';
import { functionArgumentsInput } from './function-arguments.js';
import type {
  AnnotationContextOptions,
  AnnotationOptions,
  CreateLLMObsOptions,
  EvaluationMetricOptions,
  EvaluationTarget,
  ExportedLLMObsSpan,
  LLMObsNamedSpanOptions,
  LLMObsNamelessSpanOptions,
} from './types.js';
import {
  normalizeTags,
  validateAgentManifest,
  validateCostTags,
  validateIO,
  validateMetrics,
  validatePrompt,
  validateToolDefinitions,
} from './validate-annotation.js';
import { errorMessage } from '../internal/error-message.js';

const logger = diag.createComponentLogger({ namespace: 'otel-llmobs/api' });

const TRACER_NAME = 'otel-llmobs';
const KINDS: ReadonlySet<string> = new Set(SPAN_KINDS);

/**
 * A method decorator usable both as a TC39 standard decorator and with `experimentalDecorators`.
 * Typed loosely on purpose: the two decorator protocols have incompatible signatures.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LLMObsDecorator = (target: any, contextOrKey?: any, descriptor?: PropertyDescriptor) => any;

/**
 * The LLM Observability manual API: the surface and option names of dd-trace-js `tracer.llmobs`,
 * built on `@opentelemetry/api` only. Every span is an ordinary OTel span from the `otel-llmobs`
 * tracer, so every processor and exporter of the provider sees it; the annotation travels on it as
 * `_dd.ml_obs.*` attributes, which `LLMObsSpanProcessor` reads back.
 */
export class LLMObs {
  readonly #tracerProvider: CreateLLMObsOptions['tracerProvider'];
  readonly #states = new WeakMap<object, AnnotationState>();
  #evaluationWriter: EvaluationWriter | undefined;
  #flushOnExitRegistered = false;

  constructor(options: CreateLLMObsOptions = {}) {
    this.#tracerProvider = options.tracerProvider;
    this.#evaluationWriter = options.evaluationWriter;
  }

  /** Whether an `LLMObsSpanProcessor` is running in this process (spans created now will be processed). */
  get enabled(): boolean {
    return getLLMObsRuntime().processors.size > 0;
  }

  /**
   * Runs `fn` in a new span of the given kind, active for its duration (also for `annotate()`).
   * The span ends when `fn` returns, when its promise settles, or, when `fn` declares a second
   * parameter, when it calls `done(error?)`. An exception ends the span with an error and is rethrown.
   */
  trace<T>(options: LLMObsNamedSpanOptions, fn: (span: Span, done: (error?: unknown) => void) => T): T {
    if (typeof options === 'function') {
      fn = options;
      options = {} as LLMObsNamedSpanOptions;
    }
    const kind = validateKind(options?.kind);
    if (typeof fn !== 'function') throw new TypeError('llmobs.trace() needs a function to run');
    const name = nonEmptyString(options.name) ?? kind;
    const parent = context.active();
    const span = this.#startSpan(kind, name, options, parent);
    const active = this.#activeContext(parent, span);

    if (fn.length > 1) {
      const done = (error?: unknown): void => this.#finish(span, error ? error : undefined);
      return context.with(active, () => {
        try {
          return fn(span, done);
        } catch (e) {
          this.#finish(span, e);
          throw e;
        }
      });
    }
    return context.with(active, () => this.#runAndFinish(span, () => fn(span, noop)));
  }

  /**
   * Returns `fn` wrapped so that every call runs in a new span, like `trace()`. Without annotations
   * of its own, the span's input is the argument (or `{param: arg}` for several) and its output the
   * return value (or resolved value, or the callback's result), except input on llm/embedding and
   * output on llm/retrieval spans. A last argument that is a function is treated as a callback
   * `(error, result)` that ends the span.
   */
  wrap<F extends (...args: never[]) => unknown>(options: LLMObsNamelessSpanOptions, fn: F): F {
    if (typeof options === 'function') {
      fn = options;
      options = {} as LLMObsNamelessSpanOptions;
    }
    const kind = validateKind(options?.kind);
    if (typeof fn !== 'function') throw new TypeError('llmobs.wrap() needs a function to wrap');
    const name = nonEmptyString(options.name) ?? nonEmptyString(fn.name) ?? kind;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- `wrapped` must keep its own `this`
    const llmobs = this;

    function wrapped(this: unknown, ...args: unknown[]): unknown {
      const parent = context.active();
      const span = llmobs.#startSpan(kind, name, options, parent);
      const active = llmobs.#activeContext(parent, span);
      const input = (): unknown => functionArgumentsInput(fn, args);

      const last = args.length - 1;
      const callback = args[last];
      const hasCallback = typeof callback === 'function';
      if (hasCallback) {
        const cb = callback as (...cbArgs: unknown[]) => unknown;
        args[last] = function (this: unknown, ...cbArgs: unknown[]): unknown {
          const [maybeError, maybeResult] = cbArgs;
          const failed = maybeError instanceof Error;
          llmobs.#autoAnnotate(span, kind, input(), failed || maybeError == null ? maybeResult : maybeError);
          llmobs.#finish(span, failed ? maybeError : undefined);
          return context.with(parent, () => cb.apply(this, cbArgs));
        };
      }

      let result: unknown;
      try {
        result = context.with(active, () => (fn as unknown as (...a: unknown[]) => unknown).apply(this, args));
      } catch (e) {
        llmobs.#autoAnnotate(span, kind, input(), undefined);
        llmobs.#finish(span, e);
        throw e;
      }
      if (isThenable(result)) {
        try {
          result.then(
            (value) => {
              if (!hasCallback) {
                llmobs.#autoAnnotate(span, kind, input(), value);
                llmobs.#finish(span);
              }
            },
            (error: unknown) => {
              llmobs.#autoAnnotate(span, kind, input(), undefined);
              llmobs.#finish(span, error);
            },
          );
        } catch (e) {
          llmobs.#finish(span, e);
        }
        return result;
      }
      if (!hasCallback) {
        llmobs.#autoAnnotate(span, kind, input(), result);
        llmobs.#finish(span);
      }
      return result;
    }

    Object.defineProperty(wrapped, 'name', { value: fn.name, configurable: true });
    Object.defineProperty(wrapped, 'length', { value: fn.length, configurable: true });
    return wrapped as unknown as F;
  }

  /**
   * A method decorator that wraps the method with `wrap()` (span name: the method name unless
   * `options.name`). Works as a TC39 standard decorator and with TypeScript's `experimentalDecorators`.
   */
  decorate(options: LLMObsNamelessSpanOptions): LLMObsDecorator {
    validateKind(options?.kind);
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- used inside the returned decorator
    const llmobs = this;
    return function decorator(target: unknown, contextOrKey?: unknown, descriptor?: PropertyDescriptor): unknown {
      if (contextOrKey === undefined || contextOrKey === null) return target;
      if (typeof contextOrKey === 'object') {
        // TC39 standard decorator: (value, context).
        const ctx = contextOrKey as { kind?: string; name?: string | symbol };
        if (ctx.kind !== 'method' || typeof target !== 'function') return undefined;
        return llmobs.wrap({ name: String(ctx.name), ...options }, target as (...args: never[]) => unknown);
      }
      // experimentalDecorators: (prototype, key, descriptor).
      const key = typeof contextOrKey === 'string' ? contextOrKey : typeof contextOrKey === 'symbol' ? contextOrKey.toString() : JSON.stringify(contextOrKey);
      if (descriptor) {
        if (typeof descriptor.value !== 'function') return descriptor;
        descriptor.value = llmobs.wrap({ name: key, ...options }, descriptor.value as (...args: never[]) => unknown);
        return descriptor;
      }
      const holder = target as Record<string, unknown>;
      const original = holder[key];
      if (typeof original !== 'function') return undefined;
      Object.defineProperty(holder, key, {
        ...Object.getOwnPropertyDescriptor(holder, key),
        value: llmobs.wrap({ name: key, ...options }, original as (...args: never[]) => unknown),
      });
      return undefined;
    };
  }

  /**
   * Annotates a span created by this API (default: the innermost active one). Validation errors
   * throw with dd-trace's messages and apply nothing from that call. I/O, prompt and tool
   * definitions replace earlier values; metadata, metrics and tags merge.
   */
  annotate(options: AnnotationOptions): void;
  annotate(span: Span | undefined, options: AnnotationOptions): void;
  annotate(spanOrOptions?: Span | AnnotationOptions, maybeOptions?: AnnotationOptions): void {
    let span: Span | undefined;
    let options: AnnotationOptions | undefined;
    if (maybeOptions !== undefined || isSpanLike(spanOrOptions)) {
      span = (spanOrOptions as Span | undefined) ?? getActiveLLMObsSpan(context.active());
      options = maybeOptions;
    } else {
      span = getActiveLLMObsSpan(context.active());
      options = spanOrOptions;
    }
    if (!span) throw new Error('No span provided and no active LLMObs-generated span found');
    if (!options) throw new Error('No options provided for annotation.');
    const state = this.#states.get(span);
    if (!state) throw new Error('Span must be an LLMObs-generated span');
    if (state.ended || (span as { ended?: unknown }).ended === true) throw new Error('Cannot annotate a finished span');
    applyAnnotation(state, options);
  }

  /**
   * Runs `fn` with annotations applied to every LLM Observability span started inside it, from this
   * API or from any instrumentation: `tags`, a `name` override, and a `prompt` for llm spans.
   * Nested contexts replace the outer values they set.
   */
  annotationContext<T>(options: AnnotationContextOptions, fn: () => T): T {
    if (typeof fn !== 'function') throw new TypeError('llmobs.annotationContext() needs a function to run');
    const active = context.active();
    const value: AnnotationContextValue = { ...(getAnnotationContext(active) ?? {}) };
    if (options?.tags !== undefined) value.tags = normalizeTags(options.tags);
    if (options?.name !== undefined && options.name !== null) value.name = String(options.name);
    if (options?.prompt !== undefined) value.prompt = validatePrompt(options.prompt);
    return context.with(setAnnotationContext(active, value), fn);
  }

  /**
   * The ids LLM Observability knows a span by: `{traceId: 32 hex, spanId: decimal}`, exactly what the
   * exporter sends, for `submitEvaluation()`. Default: the innermost active span of this API. Also
   * accepts any span an `LLMObsSpanProcessor` treats as an LLM Observability span.
   */
  exportSpan(span?: Span): ExportedLLMObsSpan {
    const target = span ?? getActiveLLMObsSpan(context.active());
    if (!target) throw new Error('No span provided and no active LLMObs-generated span found');
    if (!isSpanLike(target)) throw new TypeError('Span must be a valid Span object.');
    const linkage = findLinkage(target);
    if (!this.#states.has(target) && !linkage?.stamp) throw new Error('Span must be an LLMObs-generated span');
    const spanContext = target.spanContext();
    return {
      traceId: linkage?.stamp?.traceId ?? spanContext.traceId,
      spanId: spanIdToDecimal(spanContext.spanId),
    };
  }

  /**
   * Submits an evaluation of a span (`exportSpan()`'s result or an OTel `SpanContext`), or of the
   * spans carrying a tag (`{ tag: { key, value } }`). Validated like dd-trace (throws its messages);
   * sent in batches by the evaluation writer (from the environment unless given to `createLLMObs`).
   */
  submitEvaluation(target: EvaluationTarget, options: EvaluationMetricOptions): void {
    this.#evaluations().submit(options, target);
  }

  /** Exports everything pending: spans of every running `LLMObsSpanProcessor`, and evaluations. Never rejects. */
  async flush(): Promise<void> {
    const work: Array<Promise<void>> = [...getLLMObsRuntime().processors].map((p) => p.forceFlush());
    if (this.#evaluationWriter) work.push(this.#evaluationWriter.forceFlush());
    try {
      await Promise.all(work);
    } catch (e) {
      logger.warn(`flush failed: ${errorMessage(e)}`);
    }
  }

  /**
   * Registers the user span processor run on every LLM Observability span before export (after each
   * processor's `beforeExport`): rewrite `span.input` / `span.output`, return `null` to drop the
   * span. One at a time, as in dd-trace.
   */
  registerProcessor(processor: LLMObsSpanHook): void {
    if (typeof processor !== 'function') throw new TypeError('processor must be a function');
    const runtime = getLLMObsRuntime();
    if (runtime.userHook) {
      throw new Error(
        '[LLMObs] Only one user span processor can be registered. ' +
          'To register a new processor, deregister the existing processor first using `llmobs.deregisterProcessor()`.',
      );
    }
    runtime.userHook = processor;
  }

  deregisterProcessor(): void {
    getLLMObsRuntime().userHook = undefined;
  }

  // ---------------------------------------------------------------------------------------------

  #tracer(): Tracer {
    return (this.#tracerProvider ?? trace.getTracerProvider()).getTracer(TRACER_NAME, TRACER_VERSION);
  }

  /** Kind, name, ml_app, session and model are start attributes: the processor classifies at `onStart`. */
  #startSpan(kind: SpanKind, name: string, options: LLMObsNamedSpanOptions, parent: Context): Span {
    const attributes: Attributes = { [LLMOBS_ATTR.SPAN_KIND]: kind, [LLMOBS_ATTR.NAME]: name };
    setStringAttribute(attributes, LLMOBS_ATTR.ML_APP, options.mlApp, 'mlApp');
    setStringAttribute(attributes, LLMOBS_ATTR.SESSION_ID, options.sessionId, 'sessionId');
    setStringAttribute(attributes, LLMOBS_ATTR.MODEL_NAME, options.modelName, 'modelName');
    setStringAttribute(attributes, LLMOBS_ATTR.MODEL_PROVIDER, options.modelProvider, 'modelProvider');
    const span = this.#tracer().startSpan(name, { attributes }, parent);
    this.#states.set(span, { kind, name, ended: false, errors: [] });
    return span;
  }

  #activeContext(parent: Context, span: Span): Context {
    return setActiveLLMObsSpan(trace.setSpan(parent, span), span);
  }

  #runAndFinish<T>(span: Span, run: () => T): T {
    let result: T;
    try {
      result = run();
    } catch (e) {
      this.#finish(span, e);
      throw e;
    }
    if (isThenable(result)) {
      try {
        result.then(
          () => this.#finish(span),
          (error: unknown) => this.#finish(span, error),
        );
      } catch (e) {
        this.#finish(span, e);
      }
      return result;
    }
    this.#finish(span);
    return result;
  }

  #autoAnnotate(span: Span, kind: SpanKind, input: unknown, output: unknown): void {
    const state = this.#states.get(span);
    if (!state || state.ended) return;
    try {
      if (input !== undefined && kind !== 'llm' && kind !== 'embedding' && !state.input) {
        const io = validateIO(kind, 'input', input);
        if (io) state.input = io;
      }
      if (output !== undefined && kind !== 'llm' && kind !== 'retrieval' && !state.output) {
        const io = validateIO(kind, 'output', output);
        if (io) state.output = io;
      }
    } catch (e) {
      // dd-trace throws from here into the wrapped function's caller; a value we cannot record
      // should not break the application, so it is reported on the span instead.
      state.errors.push(`auto-annotation: ${errorMessage(e)}`);
    }
  }

  /** Writes the collected annotation as attributes, records an error if any, and ends the span (once). */
  #finish(span: Span, error?: unknown): void {
    const state = this.#states.get(span);
    if (!state || state.ended) return;
    state.ended = true;
    try {
      if (error !== undefined) recordError(span, error);
      span.setAttributes(annotationAttributes(state));
    } catch (e) {
      logger.debug(`could not write the annotation: ${errorMessage(e)}`);
    }
    if ((span as { ended?: unknown }).ended !== true) span.end();
  }

  #evaluations(): EvaluationWriter {
    if (!this.#evaluationWriter) {
      this.#evaluationWriter = createEvaluationWriter();
      this.#flushEvaluationsOnExit();
    }
    return this.#evaluationWriter;
  }

  /** Like dd-trace, send what is left before the process exits (where there is a process). */
  #flushEvaluationsOnExit(): void {
    if (this.#flushOnExitRegistered) return;
    const proc = (globalThis as { process?: { once?: (event: string, listener: () => void) => unknown } }).process;
    if (typeof proc?.once !== 'function') return;
    this.#flushOnExitRegistered = true;
    proc.once('beforeExit', () => {
      void this.#evaluationWriter?.forceFlush();
    });
  }
}

/** A separate instance (tests, or a dedicated tracer provider). */
export function createLLMObs(options: CreateLLMObsOptions = {}): LLMObs {
  return new LLMObs(options);
}

/** The process-wide instance, on the global tracer provider: the equivalent of dd-trace's `tracer.llmobs`. */
export const llmobs: LLMObs = createLLMObs();

// -----------------------------------------------------------------------------------------------

function applyAnnotation(state: AnnotationState, options: AnnotationOptions): void {
  const { inputData, outputData, metadata, metrics, tags, costTags, prompt, toolDefinitions, agent } = options;
  const kind = state.kind;
  // Validate everything first: a call that throws applies nothing.
  let input;
  let output;
  if (inputData || outputData) {
    input = validateIO(kind, 'input', inputData);
    output = validateIO(kind, 'output', outputData);
  }
  let metadataToMerge: Record<string, unknown> | undefined;
  let metadataError: string | undefined;
  if (metadata) {
    if (typeof metadata === 'object' && !Array.isArray(metadata)) metadataToMerge = metadata;
    // dd-trace accepts this and then silently drops the whole span; we keep the span and say why.
    else metadataError = `metadata must be an object, got ${Array.isArray(metadata) ? 'an array' : typeof metadata}: ignored`;
  }
  const validMetrics = metrics ? validateMetrics(metrics) : undefined;
  const newTags = tags ? normalizeTags(tags) : undefined;
  let validPrompt;
  if (prompt) {
    if (kind === 'llm') validPrompt = validatePrompt(prompt);
    else logger.warn('Dropping prompt on non-LLM span kind, annotating prompts is only supported for LLM span kinds.');
  }
  const definitions = toolDefinitions != null ? validateToolDefinitions(toolDefinitions) : undefined;
  let manifest;
  if (agent != null) {
    if (kind === 'agent') manifest = validateAgentManifest(agent, state.name);
    else logger.warn('Dropping agent manifest on a non-agent span kind: it is only supported on agent spans.');
  }

  if (input) state.input = input;
  if (output) state.output = output;
  if (metadataToMerge) state.metadata = Object.assign(state.metadata ?? {}, metadataToMerge);
  if (metadataError) {
    state.errors.push(metadataError);
    logger.warn(`annotate(): ${metadataError}`);
  }
  if (validMetrics) state.metrics = Object.assign(state.metrics ?? {}, validMetrics);
  if (newTags) state.tags = Object.assign(state.tags ?? {}, newTags);
  if (costTags != null) {
    const valid = validateCostTags(costTags, state.tags ?? {});
    if (valid.length > 0) state.costTags = [...new Set([...(state.costTags ?? []), ...valid])];
  }
  if (validPrompt) state.prompt = { ...(state.prompt ?? {}), ...validPrompt };
  if (definitions) state.toolDefinitions = definitions;
  if (manifest) state.agentManifest = manifest;
}

function validateKind(kind: unknown): SpanKind {
  if (typeof kind !== 'string' || !KINDS.has(kind)) {
    throw new Error(`
      Invalid span kind specified: "${String(kind)}"
      Must be one of: ${['llm', 'agent', 'workflow', 'task', 'tool', 'embedding', 'retrieval'].join(', ')}
    `);
  }
  return kind as SpanKind;
}

function recordError(span: Span, error: unknown): void {
  if (error instanceof Error) {
    // `recordException` prefers `code` over `name` for exception.type; dd-trace reports the name.
    span.recordException({ name: error.name, message: error.message, ...(error.stack !== undefined ? { stack: error.stack } : {}) });
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
  } else {
    const message = typeof error === 'string' ? error : safeString(error);
    span.recordException(message);
    span.setStatus({ code: SpanStatusCode.ERROR, message });
  }
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return 'Error';
  }
}

function setStringAttribute(attributes: Attributes, key: string, value: unknown, option: string): void {
  if (value === undefined || value === null || value === '') return;
  if (typeof value !== 'string') {
    logger.warn(`llmobs: option ${option} must be a string; ignored`);
    return;
  }
  attributes[key] = value;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}

function isSpanLike(value: unknown): value is Span {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as Span).spanContext === 'function' &&
    typeof (value as Span).end === 'function'
  );
}

function noop(): void {}
