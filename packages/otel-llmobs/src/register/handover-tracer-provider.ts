import type { Context, Span, SpanOptions, Tracer, TracerOptions, TracerProvider } from '@opentelemetry/api';

/**
 * The tracer provider the zero-code start registers globally. Until the application sets up its own
 * OpenTelemetry, spans go to ours (`own`); from the moment it registers its own tracer provider they
 * go to that one, also through tracers handed out before (the API's proxy tracers keep the first
 * tracer they get, so a plain provider could not be switched). Decided on every span start: one
 * comparison.
 */
export class HandoverTracerProvider implements TracerProvider {
  readonly #own: TracerProvider;
  readonly #global: () => TracerProvider;
  #handedOver = false;

  /** `global` returns the globally registered provider (read after the hand-over). */
  constructor(own: TracerProvider, global: () => TracerProvider) {
    this.#own = own;
    this.#global = global;
  }

  get handedOver(): boolean {
    return this.#handedOver;
  }

  /** From now on, spans go to the globally registered provider. */
  handOver(): void {
    this.#handedOver = true;
  }

  /** Back to ours (the app's registration failed after all). */
  takeBack(): void {
    this.#handedOver = false;
  }

  getTracer(name: string, version?: string, options?: TracerOptions): Tracer {
    return new HandoverTracer(() => this.#target(), name, version, options);
  }

  #target(): TracerProvider {
    if (!this.#handedOver) return this.#own;
    const global = this.#global();
    // Never route to ourselves (only possible if the app re-registered us).
    return global === this ? this.#own : global;
  }
}

class HandoverTracer implements Tracer {
  readonly #provider: () => TracerProvider;
  readonly #name: string;
  readonly #version: string | undefined;
  readonly #options: TracerOptions | undefined;
  #from: TracerProvider | undefined;
  #tracer: Tracer | undefined;

  constructor(provider: () => TracerProvider, name: string, version: string | undefined, options: TracerOptions | undefined) {
    this.#provider = provider;
    this.#name = name;
    this.#version = version;
    this.#options = options;
  }

  startSpan(name: string, options?: SpanOptions, context?: Context): Span {
    return this.#current().startSpan(name, options, context);
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, context: Context, fn: F): ReturnType<F>;
  startActiveSpan(...args: unknown[]): unknown {
    const tracer = this.#current();
    return (tracer.startActiveSpan as (...a: unknown[]) => unknown).apply(tracer, args);
  }

  #current(): Tracer {
    const provider = this.#provider();
    if (provider !== this.#from || this.#tracer === undefined) {
      this.#from = provider;
      this.#tracer = provider.getTracer(this.#name, this.#version, this.#options);
    }
    return this.#tracer;
  }
}
