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
 *
 * After the hand-over, records also reach ours while `alsoToOwn()` says so: ours only joins them to
 * spans (it exports nothing), and the application's provider may have no `LLMObsLogRecordProcessor`,
 * which would lose the content of the spans still traced by us.
 */
export class HandoverLoggerProvider implements LoggerProviderLike {
  readonly #own: LoggerProviderLike;
  readonly #alsoToOwn: () => boolean;
  #target: LoggerProviderLike | undefined;

  constructor(own: LoggerProviderLike, alsoToOwn: () => boolean) {
    this.#own = own;
    this.#alsoToOwn = alsoToOwn;
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
    const own = this.#own;
    return new HandoverLogger({ own, target: () => this.#target ?? own, alsoToOwn: this.#alsoToOwn }, { name, version, options });
  }
}

interface Routing {
  readonly own: LoggerProviderLike;
  readonly target: () => LoggerProviderLike;
  readonly alsoToOwn: () => boolean;
}

interface Scope {
  readonly name: string;
  readonly version: string | undefined;
  readonly options: unknown;
}

class HandoverLogger implements Required<LoggerLike> {
  readonly #routing: Routing;
  readonly #scope: Scope;
  #from: LoggerProviderLike | undefined;
  #logger: LoggerLike | undefined;
  #ownLogger: LoggerLike | undefined;

  constructor(routing: Routing, scope: Scope) {
    this.#routing = routing;
    this.#scope = scope;
  }

  emit(logRecord: unknown): void {
    const provider = this.#routing.target();
    this.#current(provider).emit(logRecord);
    if (provider !== this.#routing.own && this.#routing.alsoToOwn()) this.#own().emit(logRecord);
  }

  enabled(options?: unknown): boolean {
    const provider = this.#routing.target();
    if (isEnabled(this.#current(provider), options)) return true;
    return provider !== this.#routing.own && this.#routing.alsoToOwn() && isEnabled(this.#own(), options);
  }

  #current(provider: LoggerProviderLike): LoggerLike {
    if (provider !== this.#from || this.#logger === undefined) {
      this.#from = provider;
      this.#logger = provider.getLogger(this.#scope.name, this.#scope.version, this.#scope.options);
    }
    return this.#logger;
  }

  #own(): LoggerLike {
    this.#ownLogger ??= this.#routing.own.getLogger(this.#scope.name, this.#scope.version, this.#scope.options);
    return this.#ownLogger;
  }
}

/** Loggers of Logs APIs before `enabled()` existed take every record. */
function isEnabled(logger: LoggerLike, options: unknown): boolean {
  return typeof logger.enabled === 'function' ? logger.enabled(options) : true;
}
