import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LLMObsSpan, TagValue } from '../../src/conventions/model.js';
import { buildSpanTags, PROMPT_TRACKING_TAG } from '../../src/datadog/span-tags.js';
import type { SpanEventContext } from '../../src/datadog/span-event-context.js';
import { makeSpan } from './span-fixtures.js';

/** dd-trace's algorithm as written there: one plain object, key by key, then its keys in order. */
function reference(span: LLMObsSpan, ctx: SpanEventContext): string[] {
  const tags = Object.create(null) as Record<string, TagValue>;
  for (const [key, value] of ctx.ddTags ?? []) tags[key] = value;
  tags.version = ctx.version ?? '';
  tags.env = ctx.env ?? '';
  tags.service = ctx.service ?? '';
  tags.source = 'integration';
  tags.ml_app = span.mlApp;
  tags.error = span.status === 'error' ? '1' : '0';
  tags.language = 'javascript';
  if (span.status === 'error' && span.error?.type) tags.error_type = span.error.type;
  if (span.sessionId) tags.session_id = span.sessionId;
  for (const key of Object.keys(span.tags ?? {})) tags[key] = span.tags[key] as TagValue;
  if (span.kind === 'llm' && span.input?.prompt && !(PROMPT_TRACKING_TAG in tags)) tags[PROMPT_TRACKING_TAG] = 'annotated';
  return Object.keys(tags).flatMap((key) => {
    const value = tags[key];
    const text = (v: unknown) => (v === undefined || v === null ? '' : String(v)); // eslint-disable-line @typescript-eslint/no-base-to-string
    return Array.isArray(value) ? value.map((item) => `${key}:${text(item)}`) : [`${key}:${text(value)}`];
  });
}

// Keys that collide with the fixed ones, integer-like keys, and ordinary ones.
const key = fc.constantFrom('team', 'env', 'version', 'error', 'language', 'error_type', 'session_id', 'ml_app', PROMPT_TRACKING_TAG, '1', '42', '0x', 'a', 'b', '__proto__', 'user_id');
const value = fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.boolean(), fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }));

describe('buildSpanTags', () => {
  it('gives the tags of dd-trace’s plain object whatever the keys (a cached prefix where nothing can move)', () => {
    // A few contexts reused across runs, as the exporter does (one per resource): the prefix cache is exercised.
    const contexts: SpanEventContext[] = [
      { service: 'svc', env: 'prod', version: '1' },
      { ddTags: [['team', 'a'], ['region', 'eu']], service: 'svc', env: 'prod', version: '' },
      { ddTags: [['env', 'dd-env'], ['7', 'seven']], service: 'svc' },
      { ddTags: [['session_id', 'from-dd-tags']], env: 'e' },
      {},
    ];
    fc.assert(
      fc.property(
        fc.record({
          context: fc.nat({ max: contexts.length - 1 }),
          mlApp: fc.constantFrom('app', 'other-app', ''),
          error: fc.boolean(),
          errorType: fc.option(fc.constantFrom('', 'TypeError'), { nil: undefined }),
          sessionId: fc.option(fc.constantFrom('', 's-1'), { nil: undefined }),
          tags: fc.dictionary(key, value, { maxKeys: 5 }),
          prompt: fc.boolean(),
          kind: fc.constantFrom('llm' as const, 'task' as const),
        }),
        (c) => {
          const ctx = contexts[c.context] as SpanEventContext;
          const span = makeSpan({
            kind: c.kind,
            mlApp: c.mlApp,
            status: c.error ? 'error' : 'ok',
            ...(c.errorType !== undefined && { error: { type: c.errorType, message: 'm' } }),
            ...(c.sessionId !== undefined && { sessionId: c.sessionId }),
            tags: c.tags as Record<string, TagValue>,
            ...(c.prompt && { input: { messages: [{ role: 'user', content: 'q' }], prompt: { id: 'p' } } }),
          });
          expect(buildSpanTags(span, ctx)).toEqual(reference(span, ctx));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
