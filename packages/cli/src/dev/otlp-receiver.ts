// `POST /v1/traces` on `otel-llmobs dev`: OTLP apps (any language, no otel-llmobs inside) show up in
// the local viewer. The same pipeline as the gateway (buffer → replay through `LLMObsSpanProcessor`),
// whose exporter encodes each span with the intake encoder (`encodeSpanEventsPayload`), validates
// the payload like any agent traffic, and stores the valid events (`DevStore.insertSpanEvents`).
import type { LLMObsSpan, LLMObsSpanProcessorOptions, ReadableSpanLike, SpanEventContext, SpanExporterLike } from 'otel-llmobs';
import { encodeSpanEventsPayload, readLLMObsSpan } from 'otel-llmobs';
import type { Route } from '../server/router.js';
import type { IngestOutcome } from './ingest.js';
import { intakeResponse, spansToStore } from './ingest.js';
import type { DevStore } from './store/dev-store.js';
import { validateSpanPayload } from './validate/span-payload.js';
import { boundJsonDepth } from './validate/work-limits.js';
import { OtlpPipeline } from '../otlp/otlp-pipeline.js';
import type { TraceBufferOptions } from '../otlp/trace-buffer.js';
import type { OtlpReceiverOptions } from '../otlp/receiver.js';
import { otlpTracesRoute } from '../otlp/receiver.js';

export const DEV_OTLP_PATH = '/v1/traces';

export interface DevOtlpReceiverOptions {
  store: DevStore;
  /** Called after each batch of spans is stored (the terminal printer listens here). */
  onStored?: (outcome: IngestOutcome) => void;
  processor?: Omit<LLMObsSpanProcessorOptions, 'exporter'>;
  buffer?: Omit<TraceBufferOptions, 'onFlush' | 'onFirstEviction' | 'onFirstRejection'>;
  receiver?: Omit<OtlpReceiverOptions, 'sink'>;
}

export interface DevOtlpReceiver {
  readonly route: Route;
  readonly pipeline: OtlpPipeline;
  /** Replays what is buffered into the store, then stops. Call before closing the store. */
  close(): Promise<void>;
}

export function createDevOtlpReceiver(options: DevOtlpReceiverOptions): DevOtlpReceiver {
  const exporter = new DevStoreExporter(options.store, options.onStored);
  const pipeline = new OtlpPipeline({
    exporter,
    // Everything shows up locally, without waiting long for stragglers.
    processor: { sampleRate: 1, ...options.processor },
    buffer: { quietMs: 300, maxWaitMs: 10_000, ...options.buffer },
  });
  const route = otlpTracesRoute({ ...options.receiver, sink: pipeline });
  return { route, pipeline, close: () => pipeline.shutdown() };
}

/** A `SpanExporter` that validates and stores LLM Observability spans in the dev store. */
export class DevStoreExporter implements SpanExporterLike {
  readonly #devStore: DevStore;
  readonly #onStored: ((outcome: IngestOutcome) => void) | undefined;
  readonly #contexts = new WeakMap<object, SpanEventContext>();
  #closed = false;

  constructor(store: DevStore, onStored?: (outcome: IngestOutcome) => void) {
    this.#devStore = store;
    this.#onStored = onStored;
  }

  export(spans: ReadableSpanLike[], resultCallback: (result: { code: number; error?: Error }) => void): void {
    if (this.#closed) {
      resultCallback({ code: 1, error: new Error('the dev store exporter is shut down') });
      return;
    }
    try {
      this.#write(spans);
      resultCallback({ code: 0 });
    } catch (err) {
      resultCallback({ code: 1, error: err as Error });
    }
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    this.#closed = true;
    return Promise.resolve();
  }

  #write(spans: readonly ReadableSpanLike[]): void {
    // One payload per resource: service, env and version come from it, as LLMObsExporter does.
    const groups = new Map<object, LLMObsSpan[]>();
    for (const span of spans) {
      const model = readLLMObsSpan(span);
      if (!model) continue;
      const key = span.resource ?? NO_RESOURCE;
      const list = groups.get(key);
      if (list) list.push(model);
      else groups.set(key, [model]);
    }
    const envelopes: unknown[] = [];
    for (const [resource, models] of groups) {
      envelopes.push(...(JSON.parse(encodeSpanEventsPayload(models, this.#contextFor(resource))) as unknown[]));
    }
    if (envelopes.length === 0) return;
    // Deep values an app put in an attribute are cut here as at the intake paths (the viewer and
    // the store's JSON would otherwise recurse into them).
    const depth = boundJsonDepth(envelopes).map((v) => ({ ...v, stored: true }));
    const { spans: stored, problems: found, rejected } = spansToStore(validateSpanPayload(envelopes));
    if (stored.length > 0) this.#devStore.insertSpanEvents(stored);
    found.addFirst(depth);
    const recorded = found.result();
    const problems = recorded.problems;
    this.#onStored?.({
      status: 202,
      response: intakeResponse(202, stored.length, rejected, problems, recorded),
      kind: 'spans',
      request: { method: 'POST', path: `${DEV_OTLP_PATH} (OTLP)` },
      stored: { spans: stored.map((s) => s.event), evaluations: [] },
      problems,
      evicted: { traces: 0, spans: 0 },
    });
  }

  #contextFor(resource: object): SpanEventContext {
    const cached = this.#contexts.get(resource);
    if (cached) return cached;
    const attributes = (resource as { attributes?: Record<string, unknown> }).attributes ?? {};
    const text = (key: string): string | undefined => {
      const v = attributes[key];
      return typeof v === 'string' && v !== '' ? v : undefined;
    };
    const ctx: SpanEventContext = {};
    const service = text('service.name');
    const env = text('deployment.environment.name') ?? text('deployment.environment');
    const version = text('service.version');
    if (service !== undefined) ctx.service = service;
    if (env !== undefined) ctx.env = env;
    if (version !== undefined) ctx.version = version;
    this.#contexts.set(resource, ctx);
    return ctx;
  }
}

const NO_RESOURCE = {};
