import { resolveSensitiveDataSettings } from '../config/resolve-sensitive-data-config.js';
import type { SensitiveDataOptions } from '../config/sensitive-data-options.js';
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
  scanSpanEvent<E extends SpanEventShape>(event: E): E;
  /** The metric with its free text (reasoning, values, metadata, tag values) scanned (a copy when something changed). */
  scanEvaluation<M extends object>(metric: M): M;
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
    scanSpanEvent<E extends SpanEventShape>(event: E): E {
      stats.sdsScannedSpans++;
      const report = emptyReport();
      const out = scanEvent(event, new ModelWalk(scanner, report));
      count(report);
      return (hasFindings(report) ? withReportTags(out, report) : out) as E;
    },
    scanEvaluation<M extends object>(metric: M): M {
      const report = emptyReport();
      const out = scanMetric(metric as Json, new ModelWalk(scanner, report));
      count(report);
      return out as M;
    },
    scanText: (text) => scanner.scanText(text).text,
    stats: () => ({ ...stats }),
  };
}

/**
 * What the scan reads of a span event (`WireSpanEvent` of `datadog/wire-types.ts`, which this layer
 * does not import): the walk looks at each field's type itself, as the validator left it.
 */
export interface SpanEventShape {
  meta: Record<string, unknown>;
  tags: string[];
  session_id?: string;
}

type Json = Record<string, unknown>;

/** Identifier tags hashed, as `sessionId` / `userId` are in the model, so grouping by them survives. */
const IDENTIFIER_TAGS = new Set(['session_id', 'user_id']);

function scanEvent(event: SpanEventShape, walk: ModelWalk): SpanEventShape {
  let out = event;
  const set = <K extends keyof SpanEventShape>(key: K, value: SpanEventShape[K]): void => {
    if (value === out[key]) return;
    if (out === event) out = { ...event };
    out[key] = value;
  };
  set('meta', scanMeta(event.meta, walk));
  set('tags', scanTags(event.tags, walk, 'tags'));
  if (typeof event.session_id === 'string') set('session_id', walk.text(event.session_id, 'sessionId', '', 'hash'));
  return out;
}

/** `set` for a JSON object copied on its first change. */
function copyOnWrite(obj: Json): { set(key: string, value: unknown): void; result(): Json } {
  let out = obj;
  return {
    set(key, value) {
      if (value === out[key]) return;
      if (out === obj) out = { ...obj };
      out[key] = value;
    },
    result: () => out,
  };
}

function scanMeta(meta: Json, walk: ModelWalk): Json {
  const out = copyOnWrite(meta);
  if (isObject(meta.input)) out.set('input', scanIO(meta.input, 'input', walk));
  if (isObject(meta.output)) out.set('output', scanIO(meta.output, 'output', walk));
  if (isObject(meta.metadata)) out.set('metadata', walk.deep(meta.metadata, 'metadata', '', 0));
  for (const key of ['error.message', 'error.stack']) {
    const value = meta[key];
    if (typeof value === 'string') out.set(key, walk.text(value, key, ''));
  }
  if (Array.isArray(meta.tool_definitions)) {
    out.set('tool_definitions', walk.list(meta.tool_definitions as unknown[], (d) => (isObject(d) ? walk.fields(d, 'toolDefinitions', ['description'], 'report') : d)));
  }
  return out.result();
}

function scanIO(io: Json, side: 'input' | 'output', walk: ModelWalk): Json {
  const out = copyOnWrite(io);
  if (typeof io.value === 'string') out.set('value', walk.text(io.value, `${side}.value`, ''));
  if (Array.isArray(io.messages)) out.set('messages', walk.list(io.messages as unknown[], (m) => (isObject(m) ? scanMessage(m, `${side}.messages`, walk) : m)));
  if (Array.isArray(io.documents)) out.set('documents', walk.list(io.documents as unknown[], (d) => (isObject(d) ? walk.fields(d, `${side}.documents`, ['text', 'name']) : d)));
  if (isObject(io.prompt)) out.set('prompt', scanPrompt(io.prompt, `${side}.prompt`, walk));
  return out.result();
}

function scanMessage(message: Json, path: string, walk: ModelWalk): Json {
  const out = copyOnWrite(walk.fields(message, path, ['content']));
  if (Array.isArray(message.tool_calls)) {
    out.set(
      'tool_calls',
      walk.list(message.tool_calls as unknown[], (call) => {
        // Tool names are code, not data: only the arguments are scanned.
        if (!isObject(call) || call.arguments === undefined) return call;
        const args = walk.deep(call.arguments, `${path}.toolCalls.arguments`, '', 0);
        return args === call.arguments ? call : { ...call, arguments: args };
      }),
    );
  }
  if (Array.isArray(message.tool_results)) {
    out.set('tool_results', walk.list(message.tool_results as unknown[], (r) => (isObject(r) ? walk.fields(r, `${path}.toolResults`, ['result']) : r)));
  }
  return out.result();
}

function scanPrompt(prompt: Json, path: string, walk: ModelWalk): Json {
  const out = copyOnWrite(walk.fields(prompt, path, ['template']));
  if (Array.isArray(prompt.chat_template)) {
    out.set('chat_template', walk.list(prompt.chat_template as unknown[], (m) => (isObject(m) ? walk.fields(m, `${path}.chatTemplate`, ['content']) : m)));
  }
  const variables = prompt.variables;
  if (isObject(variables)) {
    const scanned = copyOnWrite(variables);
    for (const [name, value] of Object.entries(variables)) {
      if (typeof value === 'string') scanned.set(name, walk.text(value, `${path}.variables.${name}`, name));
    }
    out.set('variables', scanned.result());
  }
  return out.result();
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

function scanMetric(metric: Json, walk: ModelWalk): Json {
  const out = copyOnWrite(walk.fields(metric, 'evaluation', ['reasoning', 'categorical_value', 'text_value']));
  if (isObject(metric.json_value)) out.set('json_value', walk.deep(metric.json_value, 'evaluation.json_value', '', 0));
  if (isObject(metric.metadata)) out.set('metadata', walk.deep(metric.metadata, 'evaluation.metadata', '', 0));
  if (Array.isArray(metric.tags)) out.set('tags', scanTags(metric.tags as string[], walk, 'evaluation.tags'));
  return out.result();
}

/**
 * The report tags of spec §7, merged with those a sender's own scan set (an otel-llmobs app in
 * agent mode arrives already redacted and tagged): entity types joined, counts added.
 */
function withReportTags(event: SpanEventShape, report: SensitiveDataReport): SpanEventShape {
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

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
