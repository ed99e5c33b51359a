// A stored span event (the intake wire format) back to the canonical model the evaluation runner
// reads: what `otel-llmobs dev --evaluations` evaluates for apps that send span events (dd-trace
// SDKs in any language, otel-llmobs' LLMObsExporter). Only what evaluators look at is rebuilt.
import type { LLMObsSpan, Message, Prompt, SpanKind, TagValue } from 'otel-llmobs';
import { decimalToSpanId, SPAN_KINDS } from 'otel-llmobs';
import type { WireIO, WireMessage, WireSpanEvent } from '../shared/wire.js';

export function wireSpanToModel(event: WireSpanEvent): LLMObsSpan | undefined {
  const kind = event.meta['span.kind'];
  if (!(SPAN_KINDS as readonly string[]).includes(kind)) return undefined;
  const spanId = hexId(event.span_id);
  if (spanId === undefined) return undefined;
  const tags: Record<string, TagValue> = {};
  for (const tag of event.tags) {
    const i = tag.indexOf(':');
    if (i > 0) tags[tag.slice(0, i)] = tag.slice(i + 1);
  }
  const mlApp = typeof tags.ml_app === 'string' ? tags.ml_app : '';
  const parentId = event.parent_id && event.parent_id !== 'undefined' ? hexId(event.parent_id) : undefined;
  const span: LLMObsSpan = {
    kind: kind as SpanKind,
    name: event.name,
    status: event.status,
    input: io(event.meta.input),
    output: io(event.meta.output),
    metadata: {},
    metrics: {},
    tags,
    sources: ['wire'],
    collectionErrors: [],
    traceId: event.trace_id,
    spanId,
    startTime: [Math.floor(event.start_ns / 1e9), event.start_ns % 1e9],
    durationNs: event.duration,
    mlApp,
  };
  if (parentId !== undefined) span.parentId = parentId;
  return span;
}

function hexId(decimal: string): string | undefined {
  try {
    return decimalToSpanId(decimal);
  } catch {
    return undefined;
  }
}

function io(wire: WireIO | undefined): LLMObsSpan['input'] {
  const out: LLMObsSpan['input'] = {};
  if (!wire) return out;
  if (typeof wire.value === 'string') out.value = wire.value;
  if (Array.isArray(wire.messages)) out.messages = wire.messages.map(message);
  if (wire.prompt) {
    const prompt: Prompt = {};
    if (wire.prompt.variables) prompt.variables = wire.prompt.variables;
    if (wire.prompt._dd_context_variable_keys) prompt.contextVariableKeys = wire.prompt._dd_context_variable_keys;
    if (wire.prompt._dd_query_variable_keys) prompt.queryVariableKeys = wire.prompt._dd_query_variable_keys;
    out.prompt = prompt;
  }
  return out;
}

function message(m: WireMessage): Message {
  const out: Message = { role: m.role ?? '' };
  if (typeof m.content === 'string') out.content = m.content;
  if (Array.isArray(m.tool_calls)) out.toolCalls = m.tool_calls.map((c) => ({ name: c.name ?? '' }));
  return out;
}
