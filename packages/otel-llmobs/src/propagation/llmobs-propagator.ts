import type { Context, TextMapGetter, TextMapPropagator, TextMapSetter } from '@opentelemetry/api';
import { createContextKey, diag, isSpanContextValid, trace } from '@opentelemetry/api';
import type { PropagatorSettingsOptions, ResolvedPropagatorSettings } from '../config/resolve-propagator-config.js';
import { resolvePropagatorSettings } from '../config/resolve-propagator-config.js';
import type { InheritedContext } from '../runtime/linkage.js';
import { findLinkage } from '../runtime/llmobs-runtime.js';
import { inheritedFromPropagated } from '../runtime/linkage.js';
import { formatSampleRate, parseSampleRate, parseSamplingDecision } from '../runtime/sampling.js';
import {
  parseDatadogTags,
  parseDdMember,
  parseTracestate,
  serializeDatadogTags,
  serializeDdMember,
  serializeTracestate,
} from './datadog-headers.js';
import type { PropagatedLLMObsContext } from '../runtime/propagated-context.js';
import { getPropagatedLLMObsContext, setPropagatedLLMObsContext } from '../runtime/propagated-context.js';
import {
  decodeTracestateValue,
  encodeTracestateValue,
  sanitizeTagValue,
  spanIdFromWire,
  spanIdToWire,
  traceIdFromWire,
  traceIdToWire,
} from './wire-values.js';
import { errorMessage } from '../internal/error-message.js';

export type LLMObsPropagatorOptions = PropagatorSettingsOptions;

const X_DATADOG_TAGS = 'x-datadog-tags';
const TRACESTATE = 'tracestate';

/** The `_dd.p.*` keys dd-trace uses for LLM Observability (spec §3). */
export const LLMOBS_PROPAGATION_TAGS = {
  PARENT_ID: '_dd.p.llmobs_parent_id',
  ML_APP: '_dd.p.llmobs_ml_app',
  SESSION_ID: '_dd.p.llmobs_sid',
  SAMPLE_RATE: '_dd.p.llmobs_sr',
  SAMPLING_DECISION: '_dd.p.llmobs_sd',
  TRACE_ID: '_dd.p.llmobs_trace_id',
  PARENT_AGENT_SPAN_ID: '_dd.p.llmobs_pagent_span_id',
  PARENT_AGENT_NAME: '_dd.p.llmobs_pagent_name',
} as const;

const LLMOBS_PREFIX = '_dd.p.llmobs_';
/** The `dd=` tracestate member is limited to 256 characters (W3C list-member value limit). */
const DD_MEMBER_MAX_LENGTH = 256;
/** Longest agent name propagated: a conservative slice of the shared budget, as dd-trace does. */
const AGENT_NAME_MAX_LENGTH = 256;
/** dd-trace's `x-datadog-tags` wire order. */
const WIRE_ORDER: readonly string[] = [
  LLMOBS_PROPAGATION_TAGS.PARENT_ID,
  LLMOBS_PROPAGATION_TAGS.ML_APP,
  LLMOBS_PROPAGATION_TAGS.SESSION_ID,
  LLMOBS_PROPAGATION_TAGS.SAMPLE_RATE,
  LLMOBS_PROPAGATION_TAGS.SAMPLING_DECISION,
  LLMOBS_PROPAGATION_TAGS.TRACE_ID,
  LLMOBS_PROPAGATION_TAGS.PARENT_AGENT_SPAN_ID,
  LLMOBS_PROPAGATION_TAGS.PARENT_AGENT_NAME,
];
/** What is given up first when the length budget is tight: the least important last. */
const PRIORITY: readonly string[] = [
  LLMOBS_PROPAGATION_TAGS.PARENT_ID,
  LLMOBS_PROPAGATION_TAGS.TRACE_ID,
  LLMOBS_PROPAGATION_TAGS.SAMPLING_DECISION,
  LLMOBS_PROPAGATION_TAGS.SAMPLE_RATE,
  LLMOBS_PROPAGATION_TAGS.ML_APP,
  LLMOBS_PROPAGATION_TAGS.SESSION_ID,
  LLMOBS_PROPAGATION_TAGS.PARENT_AGENT_SPAN_ID,
  LLMOBS_PROPAGATION_TAGS.PARENT_AGENT_NAME,
];

// Same key as @opentelemetry/core's suppressTracing (internal/suppress-tracing.ts reads it from the
// active context only; a propagator must check the context it is given, as the W3C propagator does).
const SUPPRESS_TRACING_KEY = createContextKey('OpenTelemetry SDK Context Key SUPPRESS_TRACING');

const logger = diag.createComponentLogger({ namespace: 'otel-llmobs/propagation' });

/**
 * Carries the LLM Observability parent, trace id, ml_app, session and sampling decision across
 * process boundaries, in dd-trace's format, so a trace can go back and forth between services that
 * use this package and services that use dd-trace:
 *
 * - `x-datadog-tags`: `_dd.p.llmobs_parent_id=<decimal span id>`, `_dd.p.llmobs_ml_app`,
 *   `_dd.p.llmobs_sid`, `_dd.p.llmobs_sr`, `_dd.p.llmobs_sd`, `_dd.p.llmobs_trace_id=<decimal 128-bit>`
 *   (plus the nearest agent), appended to what the header already holds;
 * - `tracestate`: the same values as `t.llmobs_*` entries of the `dd=` member, other members and
 *   entries kept.
 *
 * Use it beside the W3C propagator, after it (it extends the `tracestate` the W3C propagator wrote):
 * `new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new LLMObsPropagator()] })`.
 */
export class LLMObsPropagator implements TextMapPropagator {
  readonly #settings: ResolvedPropagatorSettings;

  constructor(options: LLMObsPropagatorOptions = {}) {
    this.#settings = resolvePropagatorSettings(options);
  }

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    if (this.#settings.maxTagsLength === 0 || context.getValue(SUPPRESS_TRACING_KEY) === true) return;
    try {
      const values = this.#valuesToInject(context);
      if (values.length === 0) return;
      this.#injectDatadogTags(carrier, setter, values);
      this.#injectTracestate(context, carrier, setter, values);
    } catch (e) {
      logger.debug(`inject failed: ${errorMessage(e)}`);
    }
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    if (this.#settings.maxTagsLength === 0) return context;
    try {
      const tags = new Map<string, string>();
      const header = readHeader(getter, carrier, X_DATADOG_TAGS);
      if (header !== undefined) {
        if (header.length > this.#settings.maxTagsLength) {
          logger.debug(`x-datadog-tags longer than ${this.#settings.maxTagsLength} characters: ignored`);
        } else {
          for (const [key, value] of parseDatadogTags(header) ?? []) tags.set(key, value);
        }
      }
      const tracestate = readHeader(getter, carrier, TRACESTATE);
      if (tracestate !== undefined) {
        const dd = parseTracestate(tracestate).find(([key]) => key === 'dd');
        if (dd) {
          for (const [key, value] of parseDdMember(dd[1])) {
            if (!key.startsWith('t.')) continue;
            const tag = `_dd.p.${key.slice(2)}`;
            if (!tags.has(tag)) tags.set(tag, decodeTracestateValue(value));
          }
        }
      }
      const propagated = toPropagatedContext(tags);
      if (!propagated) return context;
      const traceparent = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}/.exec(readHeader(getter, carrier, 'traceparent')?.trim() ?? '');
      if (traceparent?.[1] !== undefined) propagated.remoteTraceId = traceparent[1];
      return setPropagatedLLMObsContext(context, propagated);
    } catch (e) {
      logger.debug(`extract failed: ${errorMessage(e)}`);
      return context;
    }
  }

  fields(): string[] {
    return [X_DATADOG_TAGS, TRACESTATE];
  }

  /** The `_dd.p.llmobs_*` entries for the active span, in dd-trace's order. */
  #valuesToInject(context: Context): Array<[string, string]> {
    const inherited = inheritedForInjection(context);
    if (!inherited) return [];
    const values = new Map<string, string>();
    const parentId = inherited.parentId !== undefined ? spanIdToWire(inherited.parentId) : undefined;
    if (parentId !== undefined) values.set(LLMOBS_PROPAGATION_TAGS.PARENT_ID, parentId);
    if (inherited.mlApp) values.set(LLMOBS_PROPAGATION_TAGS.ML_APP, inherited.mlApp);
    if (inherited.sessionId) values.set(LLMOBS_PROPAGATION_TAGS.SESSION_ID, inherited.sessionId);
    if (inherited.sampling) {
      values.set(LLMOBS_PROPAGATION_TAGS.SAMPLE_RATE, formatSampleRate(inherited.sampling.rate));
      values.set(LLMOBS_PROPAGATION_TAGS.SAMPLING_DECISION, inherited.sampling.decision ? '1' : '0');
    }
    const traceId = inherited.traceId !== undefined ? traceIdToWire(inherited.traceId) : undefined;
    if (traceId !== undefined) values.set(LLMOBS_PROPAGATION_TAGS.TRACE_ID, traceId);
    const agentId = inherited.agent ? spanIdToWire(inherited.agent.spanId) : undefined;
    if (agentId !== undefined) {
      values.set(LLMOBS_PROPAGATION_TAGS.PARENT_AGENT_SPAN_ID, agentId);
      const name = inherited.agent?.name;
      // An unsafe agent name is skipped rather than altered: the backend resolves it from the id.
      if (name && name.length <= AGENT_NAME_MAX_LENGTH && /^[\x20-\x2B\x2D-\x7E]+$/.test(name)) {
        values.set(LLMOBS_PROPAGATION_TAGS.PARENT_AGENT_NAME, name);
      }
    }
    return WIRE_ORDER.filter((key) => values.has(key)).map((key) => [key, values.get(key) as string]);
  }

  #injectDatadogTags(carrier: unknown, setter: TextMapSetter, values: ReadonlyArray<[string, string]>): void {
    const existingHeader = readCarrier(carrier, X_DATADOG_TAGS);
    const existing = (existingHeader !== undefined ? parseDatadogTags(existingHeader) : undefined) ?? [];
    const kept = existing.filter(([key]) => !key.startsWith(LLMOBS_PREFIX));
    const ours = values.map(([key, value]): [string, string] => [key, sanitizeTagValue(value)]);
    const fitted = fitWithin(ours, (candidate) => serializeDatadogTags([...kept, ...candidate]).length <= this.#settings.maxTagsLength);
    if (fitted.length < ours.length) logger.debug(`x-datadog-tags budget (${this.#settings.maxTagsLength}) reached: some LLM Observability values not propagated`);
    if (fitted.length === 0) return;
    setter.set(carrier, X_DATADOG_TAGS, serializeDatadogTags([...kept, ...fitted]));
  }

  #injectTracestate(context: Context, carrier: unknown, setter: TextMapSetter, values: ReadonlyArray<[string, string]>): void {
    const spanContext = trace.getSpanContext(context);
    // A tracestate without a traceparent means nothing to the receiver.
    if (!spanContext || !isSpanContextValid(spanContext)) return;
    const current = readCarrier(carrier, TRACESTATE) ?? spanContext.traceState?.serialize() ?? '';
    const members = parseTracestate(current);
    const ddIndex = members.findIndex(([key]) => key === 'dd');
    const ddEntries = ddIndex === -1 ? [] : parseDdMember((members[ddIndex] as [string, string])[1]);
    const kept = ddEntries.filter(([key]) => !key.startsWith('t.llmobs_'));
    // dd-trace's member order: its `t.llmobs_*` entries, newest first, before the older ones.
    const ours = values.map(([key, value]): [string, string] => [`t.${key.slice('_dd.p.'.length)}`, encodeTracestateValue(value)]).reverse();
    const fitted = fitWithin(ours, (candidate) => serializeDdMember([...candidate, ...kept]).length <= DD_MEMBER_MAX_LENGTH);
    if (fitted.length === 0) return;
    const others = members.filter(([key]) => key !== 'dd');
    // An updated member moves to the front of the list (W3C Trace Context §3.3.1.1).
    setter.set(carrier, TRACESTATE, serializeTracestate([['dd', serializeDdMember([...fitted, ...kept])], ...others]));
  }
}

/**
 * What a child of the active span would inherit: the processor's view when a processor saw the
 * span, else what this process received from upstream (a service in the middle passes it on).
 */
function inheritedForInjection(context: Context): InheritedContext | undefined {
  const span = trace.getSpan(context);
  if (span) {
    const linkage = findLinkage(span);
    if (linkage?.forChildren) return linkage.forChildren;
  }
  const propagated = getPropagatedLLMObsContext(context);
  return propagated ? inheritedFromPropagated(propagated) : undefined;
}

/** The longest prefix (in priority order) of `entries` that `fits`, kept in the entries' own order. */
function fitWithin(entries: ReadonlyArray<[string, string]>, fits: (candidate: Array<[string, string]>) => boolean): Array<[string, string]> {
  if (fits([...entries])) return [...entries];
  const rank = (key: string): number => {
    const bare = key.startsWith('t.') ? `_dd.p.${key.slice(2)}` : key;
    const i = PRIORITY.indexOf(bare);
    return i === -1 ? PRIORITY.length : i;
  };
  const byPriority = [...entries].sort((a, b) => rank(a[0]) - rank(b[0]));
  for (let n = byPriority.length - 1; n > 0; n--) {
    const allowed = new Set(byPriority.slice(0, n).map(([key]) => key));
    const candidate = entries.filter(([key]) => allowed.has(key));
    if (fits(candidate)) return candidate;
  }
  return [];
}

function toPropagatedContext(tags: ReadonlyMap<string, string>): PropagatedLLMObsContext | undefined {
  let any = false;
  for (const key of tags.keys()) {
    if (key.startsWith(LLMOBS_PREFIX)) {
      any = true;
      break;
    }
  }
  if (!any) return undefined;
  const out: PropagatedLLMObsContext = { tags: Object.fromEntries(tags) };
  const parentId = spanIdFromWire(tags.get(LLMOBS_PROPAGATION_TAGS.PARENT_ID));
  if (parentId !== undefined) out.parentId = parentId;
  const traceId = traceIdFromWire(tags.get(LLMOBS_PROPAGATION_TAGS.TRACE_ID));
  if (traceId !== undefined) out.traceId = traceId;
  const mlApp = tags.get(LLMOBS_PROPAGATION_TAGS.ML_APP);
  if (mlApp) out.mlApp = mlApp;
  const sessionId = tags.get(LLMOBS_PROPAGATION_TAGS.SESSION_ID);
  if (sessionId) out.sessionId = sessionId;
  const rate = parseSampleRate(tags.get(LLMOBS_PROPAGATION_TAGS.SAMPLE_RATE));
  if (rate !== undefined) out.sampleRate = rate;
  const decision = parseSamplingDecision(tags.get(LLMOBS_PROPAGATION_TAGS.SAMPLING_DECISION));
  if (decision !== undefined) out.samplingDecision = decision;
  const agentSpanId = spanIdFromWire(tags.get(LLMOBS_PROPAGATION_TAGS.PARENT_AGENT_SPAN_ID));
  if (agentSpanId !== undefined) {
    out.agentSpanId = agentSpanId;
    const agentName = tags.get(LLMOBS_PROPAGATION_TAGS.PARENT_AGENT_NAME);
    if (agentName) out.agentName = agentName;
  }
  return out;
}

function readHeader(getter: TextMapGetter, carrier: unknown, key: string): string | undefined {
  const value = getter.get(carrier, key);
  if (Array.isArray(value)) return value.length > 0 ? value.join(',') : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * A header another propagator of the same composite already wrote (setters cannot read back):
 * plain header objects and `Headers`-like carriers are understood; anything else reads as absent.
 */
function readCarrier(carrier: unknown, key: string): string | undefined {
  if (carrier === null || typeof carrier !== 'object') return undefined;
  const headers = carrier as { get?: unknown } & Record<string, unknown>;
  const value = typeof headers.get === 'function' ? (headers.get as (k: string) => unknown)(key) : headers[key];
  if (Array.isArray(value)) return value.join(',');
  return typeof value === 'string' && value !== '' ? value : undefined;
}
