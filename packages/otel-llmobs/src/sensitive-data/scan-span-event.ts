import { resolveSensitiveDataSettings } from '../config/resolve-sensitive-data-config.js';
import type { SensitiveDataOptions } from '../config/sensitive-data-options.js';
import type { WireEvaluationMetric, WireIO, WireMessage, WirePrompt, WireSpanEvent } from '../datadog/wire-types.js';
import type { SensitiveDataReport } from './report.js';
import { emptyReport, hasFindings, reportTags } from './report.js';
import { ModelWalk } from './scan-model.js';
import { SensitiveDataScanner } from './scanner.js';
import type { SensitiveDataStats } from './stats.js';

/**
 * The scan of spans that arrive already encoded for the intake (the dev intake's agent and
 * agentless routes: dd-trace SDKs of any language, another process's `LLMObsExporter`), with the
 * rules, actions and fields of the processor's stage (spec §5) mapped onto the wire format, so
 * every route stores what the in-process scan would have sent.
 */
export interface SpanEventScanner {
  /** The event with its sensitive values replaced and the `sensitive_data*` tags set (a copy when something changed, else the same object). */
  scanSpanEvent(event: WireSpanEvent): WireSpanEvent;
  /** The metric with its free text (reasoning, values, metadata, tag values) scanned (a copy when something changed). */
  scanEvaluation(metric: WireEvaluationMetric): WireEvaluationMetric;
  /** A free text of the receiver's own (a validation message quoting a value), with the same rules. */
  scanText(text: string): string;
  stats(): SensitiveDataStats;
}

/**
 * A span-event scanner for the `sensitiveData` option (the processor's, and its environment
 * variables), or `undefined` when scanning is off: then events pass through as they came.
 * A bad option throws a `TypeError`.
 */
export function createSpanEventScanner(options?: SensitiveDataOptions): SpanEventScanner | undefined {
  const settings = resolveSensitiveDataSettings(options);
  if (!settings.enabled) return undefined;
  const scanner = new SensitiveDataScanner(settings);
  const stats: SensitiveDataStats = { sdsScannedSpans: 0, sdsMatches: 0, sdsRedactedFields: 0, sdsUnscannedFields: 0 };
  const count = (report: SensitiveDataReport): void => {
    stats.sdsMatches += report.count;
    stats.sdsRedactedFields += report.redactedFields;
    stats.sdsUnscannedFields += report.unscannedFields;
  };
  return {
    scanSpanEvent(event) {
      stats.sdsScannedSpans++;
      const report = emptyReport();
      const out = scanEvent(event, new ModelWalk(scanner, report));
      count(report);
      return hasFindings(report) ? withReportTags(out === event ? { ...event } : out, report) : out;
    },
    scanEvaluation(metric) {
      const report = emptyReport();
      const out = scanMetric(metric, new ModelWalk(scanner, report));
      count(report);
      return out;
    },
    scanText: (text) => scanner.scanText(text).text,
    stats: () => ({ ...stats }),
  };
}

/** Identifier tags hashed, as `sessionId` / `userId` are in the model, so grouping by them survives. */
const IDENTIFIER_TAGS = new Set(['session_id', 'user_id']);

function scanEvent(event: WireSpanEvent, walk: ModelWalk): WireSpanEvent {
  let out = event;
  const set = <K extends keyof WireSpanEvent>(key: K, value: WireSpanEvent[K]): void => {
    if (value === out[key]) return;
    if (out === event) out = { ...event };
    out[key] = value;
  };
  set('meta', scanMeta(event.meta, walk));
  set('tags', scanTags(event.tags, walk, 'tags'));
  if (typeof event.session_id === 'string') set('session_id', walk.text(event.session_id, 'sessionId', '', 'hash'));
  return out;
}

function scanMeta(meta: WireSpanEvent['meta'], walk: ModelWalk): WireSpanEvent['meta'] {
  let out = meta;
  const set = (key: string, value: unknown): void => {
    if (value === out[key]) return;
    if (out === meta) out = { ...meta };
    out[key] = value;
  };
  if (isObject(meta.input)) set('input', scanIO(meta.input as WireIO, 'input', walk));
  if (isObject(meta.output)) set('output', scanIO(meta.output as WireIO, 'output', walk));
  if (isObject(meta.metadata)) set('metadata', walk.deep(meta.metadata, 'metadata', '', 0));
  for (const key of ['message', 'stack'] as const) {
    const value = meta[`error.${key}`];
    if (typeof value === 'string') set(`error.${key}`, walk.text(value, `error.${key}`, ''));
  }
  if (Array.isArray(meta.tool_definitions)) {
    set('tool_definitions', walk.list(meta.tool_definitions, (d) => (isObject(d) ? walk.fields(d, 'toolDefinitions', ['description'], 'report') : d)));
  }
  return out;
}

function scanIO(io: WireIO, side: 'input' | 'output', walk: ModelWalk): WireIO {
  let out = io;
  const set = <K extends keyof WireIO>(key: K, value: WireIO[K]): void => {
    if (value === out[key]) return;
    if (out === io) out = { ...io };
    out[key] = value;
  };
  if (typeof io.value === 'string') set('value', walk.text(io.value, `${side}.value`, ''));
  if (Array.isArray(io.messages)) set('messages', walk.list(io.messages, (m) => (isObject(m) ? scanMessage(m, `${side}.messages`, walk) : m)));
  if (Array.isArray(io.documents)) set('documents', walk.list(io.documents, (d) => (isObject(d) ? walk.fields(d, `${side}.documents`, ['text', 'name']) : d)));
  if (isObject(io.prompt)) set('prompt', scanPrompt(io.prompt, `${side}.prompt`, walk));
  return out;
}

function scanMessage(message: WireMessage, path: string, walk: ModelWalk): WireMessage {
  let out = walk.fields(message, path, ['content']);
  const set = <K extends keyof WireMessage>(key: K, value: WireMessage[K]): void => {
    if (value === out[key]) return;
    if (out === message) out = { ...message };
    out[key] = value;
  };
  if (Array.isArray(message.tool_calls)) {
    set(
      'tool_calls',
      walk.list(message.tool_calls, (call) => {
        // Tool names are code, not data: only the arguments are scanned.
        if (!isObject(call) || call.arguments === undefined) return call;
        const args = walk.deep(call.arguments, `${path}.toolCalls.arguments`, '', 0) as Record<string, unknown>;
        return args === call.arguments ? call : { ...call, arguments: args };
      }),
    );
  }
  if (Array.isArray(message.tool_results)) {
    set('tool_results', walk.list(message.tool_results, (r) => (isObject(r) ? walk.fields(r, `${path}.toolResults`, ['result']) : r)));
  }
  return out;
}

function scanPrompt(prompt: WirePrompt, path: string, walk: ModelWalk): WirePrompt {
  let out = walk.fields(prompt, path, ['template']);
  if (Array.isArray(prompt.chat_template)) {
    const chat = walk.list(prompt.chat_template, (m) => (isObject(m) && 'content' in m ? walk.fields(m, `${path}.chatTemplate`, ['content']) : m));
    if (chat !== prompt.chat_template) out = { ...out, chat_template: chat };
  }
  if (isObject(prompt.variables)) {
    let variables = prompt.variables;
    for (const [name, value] of Object.entries(prompt.variables)) {
      if (typeof value !== 'string') continue;
      const scanned = walk.text(value, `${path}.variables.${name}`, name);
      if (scanned !== value) {
        if (variables === prompt.variables) variables = { ...prompt.variables };
        variables[name] = scanned;
      }
    }
    if (variables !== prompt.variables) out = { ...out, variables };
  }
  return out;
}

/** `key:value` tags: the value is scanned with its key as keyword context (keys are not redacted). */
function scanTags(tags: string[], walk: ModelWalk, path: string): string[] {
  if (!Array.isArray(tags)) return tags;
  return walk.list(tags, (tag) => {
    if (typeof tag !== 'string') return tag;
    const colon = tag.indexOf(':');
    if (colon <= 0) return tag;
    const key = tag.slice(0, colon);
    const value = tag.slice(colon + 1);
    const scanned = walk.text(value, `${path}.${key}`, key, IDENTIFIER_TAGS.has(key) ? 'hash' : undefined);
    return scanned === value ? tag : `${key}:${scanned}`;
  });
}

function scanMetric(metric: WireEvaluationMetric, walk: ModelWalk): WireEvaluationMetric {
  let out = walk.fields(metric, 'evaluation', ['reasoning', 'categorical_value', 'text_value']);
  const set = <K extends keyof WireEvaluationMetric>(key: K, value: WireEvaluationMetric[K]): void => {
    if (value === out[key]) return;
    if (out === metric) out = { ...metric };
    out[key] = value;
  };
  if (isObject(metric.json_value)) set('json_value', walk.deep(metric.json_value, 'evaluation.json_value', '', 0) as Record<string, unknown>);
  if (isObject(metric.metadata)) set('metadata', walk.deep(metric.metadata, 'evaluation.metadata', '', 0) as Record<string, unknown>);
  if (Array.isArray(metric.tags)) set('tags', scanTags(metric.tags, walk, 'evaluation.tags'));
  return out;
}

/**
 * The report tags of spec §7, merged with those a sender's own scan set (an otel-llmobs app in
 * agent mode arrives already redacted and tagged): entity types joined, counts added.
 */
function withReportTags(event: WireSpanEvent, report: SensitiveDataReport): WireSpanEvent {
  const entities = new Set<string>();
  let count = 0;
  let redacted = false;
  const kept: string[] = [];
  for (const tag of event.tags) {
    if (tag === 'sensitive_data:redacted') redacted = true;
    else if (tag.startsWith('sensitive_data.entity:')) entities.add(tag.slice('sensitive_data.entity:'.length));
    else if (tag.startsWith('sensitive_data.count:')) count += Number(tag.slice('sensitive_data.count:'.length)) || 0;
    else if (tag !== 'sensitive_data:detected') kept.push(tag);
  }
  const ours = reportTags(report);
  for (const type of ours['sensitive_data.entity'] as string[]) entities.add(type);
  count += Number(ours['sensitive_data.count']);
  redacted ||= ours.sensitive_data === 'redacted';
  kept.push(`sensitive_data:${redacted ? 'redacted' : 'detected'}`, ...[...entities].sort().map((t) => `sensitive_data.entity:${t}`), `sensitive_data.count:${count}`);
  return { ...event, tags: kept };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
