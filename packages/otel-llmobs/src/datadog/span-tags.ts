import type { LLMObsSpan, TagValue } from '../conventions/model.js';
import type { SpanEventContext } from './span-event-context.js';

export const PROMPT_TRACKING_TAG = 'prompt_tracking_instrumentation_method';

/**
 * The span's `tags`, in dd-trace's order (spec §2.6): DD_TAGS, version, env, service, source,
 * ml_app, error, language, error_type, session_id, then the user's tags, which replace an earlier
 * key in place. dd-trace builds this as a plain object, so we do too: the key order rules
 * (including integer-like keys first) come out the same. We never send `ddtrace.version`.
 */
export function buildSpanTags(span: LLMObsSpan, ctx: SpanEventContext): string[] {
  return tagsAfterPrefix(span, prefixOf(ctx, span.mlApp)) ?? tagsAsObject(span, ctx);
}

/** Keys that follow the prefix: a DD_TAGS entry with one of them is replaced in place (the object path). */
const KEYS_AFTER_PREFIX = ['error', 'language', 'error_type', 'session_id', PROMPT_TRACKING_TAG];

/** The tags every span of a context and ml_app starts with (DD_TAGS … ml_app), computed once. */
interface TagPrefix {
  readonly mlApp: string;
  readonly tags: readonly string[];
  readonly keys: ReadonlySet<string>;
  /** DD_TAGS holds an integer-like key or one of `KEYS_AFTER_PREFIX`: only the object path orders that right. */
  readonly objectOnly: boolean;
}

const prefixes = new WeakMap<SpanEventContext, TagPrefix>();

function prefixOf(ctx: SpanEventContext, mlApp: string): TagPrefix {
  const cached = prefixes.get(ctx);
  if (cached && cached.mlApp === mlApp) return cached;
  const tags = prefixTags(ctx, mlApp);
  const keys = Object.keys(tags);
  const prefix: TagPrefix = {
    mlApp,
    tags: keys.map((key) => `${key}:${tagText(tags[key])}`),
    keys: new Set(keys),
    objectOnly: keys.some(startsWithDigit) || KEYS_AFTER_PREFIX.some((key) => key in tags),
  };
  prefixes.set(ctx, prefix);
  return prefix;
}

/**
 * The tags from a cached prefix, when the object's key order rules cannot move anything: no user
 * tag replaces an earlier key, none is integer-like. `undefined` otherwise (the object path decides).
 */
function tagsAfterPrefix(span: LLMObsSpan, prefix: TagPrefix): string[] | undefined {
  if (prefix.objectOnly) return undefined;
  const isError = span.status === 'error';
  const errorType = isError ? span.error?.type : undefined;
  const userTags = span.tags;
  const userKeys = userTags ? Object.keys(userTags) : [];
  for (const key of userKeys) {
    if (prefix.keys.has(key) || startsWithDigit(key)) return undefined;
    if (key === 'error' || key === 'language' || (key === 'error_type' && errorType) || (key === 'session_id' && span.sessionId)) return undefined;
  }
  const out = prefix.tags.slice();
  out.push(isError ? 'error:1' : 'error:0', 'language:javascript');
  if (errorType) out.push(`error_type:${tagText(errorType)}`);
  if (span.sessionId) out.push(`session_id:${tagText(span.sessionId)}`);
  let promptTracked = false;
  for (const key of userKeys) {
    const value = userTags?.[key] as TagValue;
    if (key === PROMPT_TRACKING_TAG) promptTracked = true;
    if (Array.isArray(value)) {
      for (const item of value) out.push(`${key}:${tagText(item)}`);
    } else {
      out.push(`${key}:${tagText(value)}`);
    }
  }
  if (span.kind === 'llm' && span.input?.prompt && !promptTracked) out.push(`${PROMPT_TRACKING_TAG}:annotated`);
  return out;
}

/** dd-trace's object up to ml_app: DD_TAGS, version, env, service, source, ml_app (both paths start from it). */
function prefixTags(ctx: SpanEventContext, mlApp: string): Record<string, TagValue> {
  const tags = Object.create(null) as Record<string, TagValue>;
  if (ctx.ddTags) for (const [key, value] of ctx.ddTags) tags[key] = value;
  tags.version = ctx.version ?? '';
  tags.env = ctx.env ?? '';
  tags.service = ctx.service ?? '';
  tags.source = 'integration';
  tags.ml_app = mlApp;
  return tags;
}

/** Integer-like keys come first in an object: a key starting with a digit may be one. */
function startsWithDigit(key: string): boolean {
  const code = key.charCodeAt(0);
  return code >= 48 && code <= 57;
}

/** The reference: dd-trace's plain object, key by key. */
function tagsAsObject(span: LLMObsSpan, ctx: SpanEventContext): string[] {
  const tags = prefixTags(ctx, span.mlApp);
  const isError = span.status === 'error';
  tags.error = isError ? '1' : '0';
  tags.language = 'javascript';
  if (isError && span.error?.type) tags.error_type = span.error.type;
  if (span.sessionId) tags.session_id = span.sessionId;
  const userTags = span.tags;
  if (userTags) for (const key of Object.keys(userTags)) tags[key] = userTags[key] as TagValue;
  // dd-trace adds this when a prompt is annotated (and drops prompts on non-llm spans).
  if (span.kind === 'llm' && span.input?.prompt && !(PROMPT_TRACKING_TAG in tags)) tags[PROMPT_TRACKING_TAG] = 'annotated';

  const out: string[] = [];
  for (const key of Object.keys(tags)) {
    const value = tags[key];
    if (Array.isArray(value)) {
      for (const item of value) out.push(`${key}:${tagText(item)}`);
    } else {
      out.push(`${key}:${tagText(value)}`);
    }
  }
  return out;
}

/** dd-trace writes `${value ?? ''}`: objects become `[object Object]`. Same here, on purpose. */
function tagText(value: unknown): string {
  if (value === undefined || value === null) return '';
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- matching dd-trace's template literal
  return typeof value === 'string' ? value : String(value);
}
