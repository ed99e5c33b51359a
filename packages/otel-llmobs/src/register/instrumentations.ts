import type { PackageResolver } from './package-resolver.js';

/**
 * The LLM instrumentation libraries the zero-code start enables when the application has them
 * installed (never installed by us). One per instrumented library, first listed first: two
 * instrumentations of the same client would each make a span of every call. OpenLLMetry and
 * OpenInference record the content on the span; the official OTel one puts it in log records.
 */
export const KNOWN_INSTRUMENTATIONS: ReadonlyArray<{ readonly pkg: string; readonly library: string; readonly contentInLogRecords?: true }> = [
  { pkg: '@traceloop/instrumentation-openai', library: 'openai' },
  { pkg: '@arizeai/openinference-instrumentation-openai', library: 'openai' },
  { pkg: '@opentelemetry/instrumentation-openai', library: 'openai', contentInLogRecords: true },
  { pkg: '@elastic/opentelemetry-instrumentation-openai', library: 'openai', contentInLogRecords: true },
  { pkg: '@traceloop/instrumentation-anthropic', library: '@anthropic-ai/sdk' },
  { pkg: '@arizeai/openinference-instrumentation-anthropic', library: '@anthropic-ai/sdk' },
  { pkg: '@traceloop/instrumentation-bedrock', library: '@aws-sdk/client-bedrock-runtime' },
  { pkg: '@arizeai/openinference-instrumentation-bedrock', library: '@aws-sdk/client-bedrock-runtime' },
  { pkg: '@traceloop/instrumentation-vertexai', library: '@google-cloud/vertexai' },
  { pkg: '@traceloop/instrumentation-cohere', library: 'cohere-ai' },
  { pkg: '@traceloop/instrumentation-together', library: 'together-ai' },
  { pkg: '@traceloop/instrumentation-langchain', library: 'langchain' },
  { pkg: '@arizeai/openinference-instrumentation-langchain', library: 'langchain' },
  { pkg: '@traceloop/instrumentation-llamaindex', library: 'llamaindex' },
  { pkg: '@traceloop/instrumentation-mcp', library: '@modelcontextprotocol/sdk' },
  { pkg: '@arizeai/openinference-instrumentation-mcp', library: '@modelcontextprotocol/sdk' },
  { pkg: '@traceloop/instrumentation-pinecone', library: '@pinecone-database/pinecone' },
  { pkg: '@traceloop/instrumentation-chromadb', library: 'chromadb' },
  { pkg: '@traceloop/instrumentation-qdrant', library: '@qdrant/js-client-rest' },
];

/** What `@opentelemetry/instrumentation`'s `InstrumentationBase` offers, as far as we use it. */
export interface InstrumentationLike {
  enable(): void;
  disable(): void;
  getModuleDefinitions?(): ReadonlyArray<{ name: string }>;
  setMeterProvider?(provider: unknown): void;
  setLoggerProvider?(provider: unknown): void;
}

/**
 * What `registerInstrumentations()` hands each instrumentation besides the tracer provider (they
 * take that one from the global, ours): handed the same way, since some instrumentations only work
 * after it (`@opentelemetry/instrumentation-openai` creates its metric instruments in
 * `setMeterProvider`: its class fields reset those the base constructor made).
 */
export interface InstrumentationProviders {
  readonly meterProvider: unknown;
  /** Ours, when the zero-code start set up log records. */
  readonly loggerProvider: unknown;
}

export interface EnabledInstrumentation {
  readonly pkg: string;
  readonly library: string;
  /** It puts prompts and completions in log records, not on the span (joined only with a logs SDK). */
  readonly contentInLogRecords: boolean;
  /** Where the package was found (its dependencies, e.g. the ESM loader hook, resolve from there). */
  readonly entry: string;
  readonly instances: readonly InstrumentationLike[];
}

export interface InstrumentationOutcome {
  readonly enabled: readonly EnabledInstrumentation[];
  /** Installed, not enabled: another one instruments the same library, or the selection leaves it out. */
  readonly skipped: ReadonlyArray<{ readonly pkg: string; readonly reason: string }>;
  /** Installed, failed to load or start (the message says why). */
  readonly failed: ReadonlyArray<{ readonly pkg: string; readonly error: string }>;
}

/**
 * `OTEL_LLMOBS_INSTRUMENTATIONS`: unset for every installed one, `none` for none, or a comma-separated
 * list of package names.
 */
export type InstrumentationSelection = { readonly kind: 'all' } | { readonly kind: 'none' } | { readonly kind: 'only'; readonly pkgs: ReadonlySet<string> };

export function parseInstrumentationSelection(value: string | undefined): InstrumentationSelection {
  const text = value?.trim() ?? '';
  if (text === '' || text.toLowerCase() === 'all') return { kind: 'all' };
  if (text.toLowerCase() === 'none') return { kind: 'none' };
  return { kind: 'only', pkgs: new Set(text.split(',').map((s) => s.trim()).filter((s) => s !== '')) };
}

/** Where each known instrumentation the application has installed is (nothing is loaded). */
export function installedInstrumentationEntries(app: PackageResolver): string[] {
  return KNOWN_INSTRUMENTATIONS.map(({ pkg }) => app.resolve(pkg)).filter((entry): entry is string => entry !== undefined);
}

/** Loads and enables (constructing an instrumentation enables it) each installed, selected one. */
export function enableInstalledInstrumentations(app: PackageResolver, selection: InstrumentationSelection, providers: InstrumentationProviders): InstrumentationOutcome {
  const enabled: EnabledInstrumentation[] = [];
  const skipped: Array<{ pkg: string; reason: string }> = [];
  const failed: Array<{ pkg: string; error: string }> = [];
  const taken = new Map<string, string>();
  for (const { pkg, library, contentInLogRecords = false } of KNOWN_INSTRUMENTATIONS) {
    const entry = app.resolve(pkg);
    if (entry === undefined) continue;
    if (selection.kind === 'none' || (selection.kind === 'only' && !selection.pkgs.has(pkg))) {
      skipped.push({ pkg, reason: 'not selected (OTEL_LLMOBS_INSTRUMENTATIONS)' });
      continue;
    }
    const owner = taken.get(library);
    if (owner !== undefined) {
      skipped.push({ pkg, reason: `${library} is already instrumented by ${owner}` });
      continue;
    }
    try {
      const instances = instantiate(app.load<Record<string, unknown>>(pkg) ?? {}, providers);
      if (instances.length === 0) {
        failed.push({ pkg, error: 'exports no instrumentation class' });
        continue;
      }
      taken.set(library, pkg);
      enabled.push({ pkg, library, contentInLogRecords, entry, instances });
    } catch (e) {
      failed.push({ pkg, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return { enabled, skipped, failed };
}

/** Every exported class named `…Instrumentation` that looks like an `InstrumentationBase`, once each. */
function instantiate(exports: Record<string, unknown>, providers: InstrumentationProviders): InstrumentationLike[] {
  const classes = new Set<new () => InstrumentationLike>();
  for (const [name, value] of Object.entries(exports)) {
    if (!/Instrumentation$/.test(name) || name === 'InstrumentationBase' || typeof value !== 'function') continue;
    const proto = (value as { prototype?: Record<string, unknown> }).prototype;
    if (typeof proto?.enable !== 'function' || typeof proto.disable !== 'function' || typeof proto.setTracerProvider !== 'function') continue;
    classes.add(value as new () => InstrumentationLike);
  }
  return [...classes].map((Instrumentation) => {
    const instance = new Instrumentation();
    if (providers.meterProvider !== undefined) instance.setMeterProvider?.(providers.meterProvider);
    if (providers.loggerProvider !== undefined) instance.setLoggerProvider?.(providers.loggerProvider);
    return instance;
  });
}

/** The module names an instrumentation patches (the ESM loader hook wraps only those). */
export function patchedModules(instrumentation: EnabledInstrumentation): string[] {
  const names = new Set<string>();
  for (const instance of instrumentation.instances) {
    try {
      for (const definition of instance.getModuleDefinitions?.() ?? []) names.add(definition.name);
    } catch {
      // an instrumentation without module definitions patches nothing by itself
    }
  }
  return [...names];
}
