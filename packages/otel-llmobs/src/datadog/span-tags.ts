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
  const tags = Object.create(null) as Record<string, TagValue>;
  if (ctx.ddTags) for (const [key, value] of ctx.ddTags) tags[key] = value;
  tags.version = ctx.version ?? '';
  tags.env = ctx.env ?? '';
  tags.service = ctx.service ?? '';
  tags.source = 'integration';
  tags.ml_app = span.mlApp;
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
