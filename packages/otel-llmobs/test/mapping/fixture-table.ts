import { describe, expect, it } from 'vitest';
import type { MappedSpan, Metrics, SpanError, SpanIO, SpanKind, TagValue, ToolDefinition } from '../../src/conventions/model.js';
import type { MappingOptions } from '../../src/mapping/contribution.js';
import { mapSpan } from '../../src/mapping/map-span.js';
import type { FixtureSpan } from '../helpers/fixtures.js';
import { loadFixture } from '../helpers/fixtures.js';

/**
 * One row of the fixture table: what a captured span must map to. The fields every row must state
 * (explicitly `undefined` when absent) are the ones the team agreed to check for every span:
 * kind, name, model, provider, input, output, token metrics, session and error.
 */
export interface SpanExpectation {
  /** The captured span's OTel name, to keep the table readable and catch reordering. */
  span: string;
  /** `null`: not an LLM Observability span (its children attach to the nearest ancestor that is). */
  kind: SpanKind | null;
  name?: string;
  modelName?: string | undefined;
  modelProvider?: string | undefined;
  /** Compared with `toEqual`. */
  input?: SpanIO;
  /** Compared with `toEqual`. */
  output?: SpanIO;
  /** Compared with `toEqual`. */
  metrics?: Metrics;
  sessionId?: string | undefined;
  /** `undefined` for a successful span; compared with `toMatchObject` (stacks vary by machine). */
  error?: Partial<SpanError> | undefined;
  /** OTel name of the nearest mapped ancestor, `null` for an LLM Observability root. */
  parent?: string | null;
  /** Optional extra checks. */
  metadata?: Record<string, unknown>;
  tags?: Record<string, TagValue>;
  toolDefinitions?: ToolDefinition[];
  userId?: string;
  collectionErrors?: string[];
}

type RequiredKeys = 'kind' | 'name' | 'modelName' | 'modelProvider' | 'input' | 'output' | 'metrics' | 'sessionId' | 'error';
const REQUIRED: RequiredKeys[] = ['name', 'modelName', 'modelProvider', 'input', 'output', 'metrics', 'sessionId', 'error'];

/** Register one `describe` per fixture file; `expectations[i]` describes `spans[i]`. */
export function describeFixture(id: string, expectations: SpanExpectation[], options?: MappingOptions): void {
  describe(`fixture ${id}`, () => {
    const fixture = loadFixture(id);
    const mapped = fixture.spans.map((s) => mapSpan(s, options));

    it('has one expectation per captured span', () => {
      expect(expectations.map((e) => e.span)).toEqual(fixture.spans.map((s) => s.name));
    });

    expectations.forEach((exp, i) => {
      it(`span ${i} "${exp.span}" → ${exp.kind ?? 'not an LLM Observability span'}`, () => {
        const m = mapped[i];
        if (exp.kind === null) {
          expect(m).toBeUndefined();
          return;
        }
        for (const key of REQUIRED) {
          if (!(key in exp)) throw new Error(`expectation for span ${i} must state '${key}' (use undefined when absent)`);
        }
        expect(m, 'span should be mapped').toBeDefined();
        const got = m as MappedSpan;
        expect(got.kind).toBe(exp.kind);
        expect(got.name).toBe(exp.name);
        expect(got.modelName).toBe(exp.modelName);
        expect(got.modelProvider).toBe(exp.modelProvider);
        expect(got.input).toEqual(exp.input);
        expect(got.output).toEqual(exp.output);
        expect(got.metrics).toEqual(exp.metrics);
        expect(got.sessionId).toBe(exp.sessionId);
        if (exp.error === undefined) {
          expect(got.status).toBe('ok');
          expect(got.error).toBeUndefined();
        } else {
          expect(got.status).toBe('error');
          expect(got.error).toMatchObject(exp.error);
        }
        if ('parent' in exp) expect(nearestMappedAncestor(fixture.spans, mapped, i)).toBe(exp.parent);
        if (exp.metadata !== undefined) expect(got.metadata).toMatchObject(exp.metadata);
        if (exp.tags !== undefined) expect(got.tags).toMatchObject(exp.tags);
        if (exp.toolDefinitions !== undefined) expect(got.toolDefinitions).toEqual(exp.toolDefinitions);
        if (exp.userId !== undefined) expect(got.userId).toBe(exp.userId);
        if (exp.collectionErrors !== undefined) expect(got.collectionErrors).toEqual(exp.collectionErrors);
      });
    });
  });
}

/** Walk up the captured parent chain, skipping spans that do not map (design: nearest LLMObs ancestor). */
function nearestMappedAncestor(spans: FixtureSpan[], mapped: Array<MappedSpan | undefined>, index: number): string | null {
  const byId = new Map(spans.map((s, i) => [s.spanId, i]));
  let parentId = spans[index]?.parentSpanId;
  while (parentId !== undefined) {
    const i = byId.get(parentId);
    if (i === undefined) return null;
    if (mapped[i] !== undefined) return spans[i]!.name;
    parentId = spans[i]!.parentSpanId;
  }
  return null;
}
