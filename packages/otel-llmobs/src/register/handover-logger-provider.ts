/**
 * Structural shapes of the Logs API's provider and logger (`@opentelemetry/api-logs` for SDK 2.x,
 * the `logs` of `@opentelemetry/api` ≥ 1.10 for SDK 3.x): the zero-code start depends on neither.
 */
export interface LoggerLike {
  emit(logRecord: unknown): void;
  enabled?(options?: unknown): boolean;
}

export interface LoggerProviderLike {
  getLogger(name: string, version?: string, options?: unknown): LoggerLike;
}

/**
 * The logger provider the zero-code start registers globally: log records go to ours until the
 * application registers its own logger provider, then to that one, also through loggers handed out
 * before (instrumentations take their logger once, when they are constructed). Like
 * `HandoverTracerProvider`, decided on every record: one comparison.
 */
export class HandoverLoggerProvider implements LoggerProviderLike {
  readonly #own: LoggerProviderLike;
  #target: LoggerProviderLike | undefined;

  constructor(own: LoggerProviderLike) {
    this.#own = own;
  }

  get handedOver(): boolean {
    return this.#target !== undefined;
  }

  /** From now on, records go to `target` (the application's provider). */
  handOver(target: LoggerProviderLike): void {
    // Never route to ourselves (only possible if the app re-registered us).
    this.#target = target === this ? undefined : target;
  }

  /** Back to ours (the app's registration failed after all). */
  takeBack(): void {
    this.#target = undefined;
  }

  getLogger(name: string, version?: string, options?: unknown): Required<LoggerLike> {
    return new HandoverLogger(() => this.#target ?? this.#own, name, version, options);
  }
}

class HandoverLogger implements Required<LoggerLike> {
  readonly #provider: () => LoggerProviderLike;
  readonly #name: string;
  readonly #version: string | undefined;
  readonly #options: unknown;
  #from: LoggerProviderLike | undefined;
  #logger: LoggerLike | undefined;

  constructor(provider: () => LoggerProviderLike, name: string, version: string | undefined, options: unknown) {
    this.#provider = provider;
    this.#name = name;
    this.#version = version;
    this.#options = options;
  }

  emit(logRecord: unknown): void {
    this.#current().emit(logRecord);
  }

  enabled(options?: unknown): boolean {
    const logger = this.#current();
    // Loggers of Logs APIs before `enabled()` existed take every record.
    return typeof logger.enabled === 'function' ? logger.enabled(options) : true;
  }

  #current(): LoggerLike {
    const provider = this.#provider();
    if (provider !== this.#from || this.#logger === undefined) {
      this.#from = provider;
      this.#logger = provider.getLogger(this.#name, this.#version, this.#options);
    }
    return this.#logger;
  }
}
