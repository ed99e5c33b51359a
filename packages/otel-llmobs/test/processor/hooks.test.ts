import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LLMObservabilitySpan } from '../../src/runtime/user-hook.js';
import type { LLMObsSpanHook } from '../../src/runtime/user-hook.js';
import { llmobs as globalLLMObs } from '../../src/api/llmobs.js';
import { captureDiag } from '../datadog/diag-capture.js';
import { blankProcessorEnv } from './env.js';
import type { Harness } from './harness.js';
import { byName, createHarness, resetRuntime } from './harness.js';

let h: Harness | undefined;
let logs: ReturnType<typeof captureDiag>;
beforeEach(() => {
  blankProcessorEnv();
  logs = captureDiag();
});
afterEach(async () => {
  await h?.shutdown();
  h = undefined;
  resetRuntime();
  logs.restore();
  vi.unstubAllEnvs();
});

function emit(target: Harness): void {
  target.llmobs.trace({ kind: 'workflow', name: 'wf' }, () => {
    target.llmobs.annotate({ inputData: 'my secret input', outputData: 'my secret output', tags: { team: 'a' } });
    target.llmobs.trace({ kind: 'llm', name: 'chat', modelName: 'gpt-4o', modelProvider: 'openai' }, () => {
      target.llmobs.annotate({
        inputData: [{ role: 'user', content: 'secret question' }],
        outputData: [{ role: 'assistant', content: 'secret answer' }],
      });
    });
    target.llmobs.trace({ kind: 'retrieval', name: 'search' }, () => {
      target.llmobs.annotate({ inputData: 'q', outputData: [{ text: 'secret doc', id: 'd1', score: 0.5 }] });
    });
  });
}

const redact: LLMObsSpanHook = (span) => {
  for (const entry of [...span.input, ...span.output]) entry.content = entry.content.replace(/secret/g, '[redacted]');
  return span;
};

describe('user hooks (registerProcessor-style)', () => {
  it('beforeExport rewrites input and output in the shape the span had (messages, value, documents)', async () => {
    h = createHarness({ processor: { beforeExport: redact } });
    emit(h);
    const spans = await h.exported();
    expect(byName(spans, 'wf').input).toEqual({ value: 'my [redacted] input' });
    expect(byName(spans, 'wf').output).toEqual({ value: 'my [redacted] output' });
    expect(byName(spans, 'chat').input.messages).toEqual([{ role: 'user', content: '[redacted] question' }]);
    expect(byName(spans, 'chat').output.messages).toEqual([{ role: 'assistant', content: '[redacted] answer' }]);
    expect(byName(spans, 'search').output.documents).toEqual([{ text: '[redacted] doc', id: 'd1', score: 0.5 }]);
  });

  it('a hook registered with llmobs.registerProcessor() runs in every processor; one at a time, as dd-trace', async () => {
    h = createHarness();
    const seen: Array<{ kind: string; name: string; mlApp: string | undefined; team: string | undefined }> = [];
    globalLLMObs.registerProcessor((span) => {
      seen.push({ kind: span.kind, name: span.name, mlApp: span.getTag('ml_app'), team: span.getTag('team') });
      return span.name === 'search' ? null : redact(span);
    });
    expect(() => globalLLMObs.registerProcessor((s) => s)).toThrow(
      '[LLMObs] Only one user span processor can be registered. To register a new processor, deregister the existing processor first using `llmobs.deregisterProcessor()`.',
    );
    emit(h);
    const spans = await h.exported();
    expect(spans.map((s) => s.name).sort()).toEqual(['chat', 'wf']);
    expect(byName(spans, 'chat').input.messages?.[0]?.content).toBe('[redacted] question');
    expect(seen).toContainEqual({ kind: 'workflow', name: 'wf', mlApp: 'test-app', team: 'a' });
    expect(h.processor.stats().droppedByHook).toBe(1);

    globalLLMObs.deregisterProcessor();
    globalLLMObs.registerProcessor((s) => s); // allowed again
    globalLLMObs.deregisterProcessor();
  });

  it('fails closed: a hook that throws drops the span, and is logged once', async () => {
    let calls = 0;
    h = createHarness({
      processor: {
        beforeExport: (span) => {
          calls++;
          if (span.name !== 'search') throw new Error('mask bug');
          return span;
        },
      },
    });
    emit(h);
    emit(h);
    const spans = await h.exported();
    expect(spans.map((s) => s.name)).toEqual(['search', 'search']);
    expect(calls).toBe(6);
    expect(h.processor.stats().hookErrors).toBe(4);
    const errors = logs.logs.filter((l) => l.message.includes('user span processor threw'));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toContain('mask bug');
  });

  it('drops the span when the hook returns something that is not the span (dd-trace)', async () => {
    h = createHarness({ processor: { beforeExport: () => ({ input: [] }) as unknown as LLMObservabilitySpan } });
    emit(h);
    expect(await h.exported()).toHaveLength(0);
    expect(h.processor.stats().droppedByHook).toBe(3);
    expect(logs.logs.filter((l) => l.message.includes('must return the LLMObservabilitySpan'))).toHaveLength(1);
  });

  it('accepts async hooks; forceFlush waits for them', async () => {
    h = createHarness({
      processor: {
        beforeExport: async (span) => {
          await new Promise((resolve) => setTimeout(resolve, 20));
          return span.name === 'chat' ? null : redact(span);
        },
      },
    });
    emit(h);
    const spans = await h.exported();
    expect(spans.map((s) => s.name).sort()).toEqual(['search', 'wf']);
    expect(byName(spans, 'wf').input.value).toBe('my [redacted] input');
  });

  it('fails closed on an async hook that rejects', async () => {
    h = createHarness({ processor: { beforeExport: () => Promise.reject(new Error('async mask bug')) } });
    emit(h);
    expect(await h.exported()).toHaveLength(0);
    expect(h.processor.stats().hookErrors).toBe(3);
  });

  it('gives the hook the canonical model as `span` for full control', async () => {
    h = createHarness({
      processor: {
        beforeExport: (span) => {
          expect(span).toBeInstanceOf(LLMObservabilitySpan);
          delete span.span.metadata.secret;
          return span;
        },
      },
    });
    h.llmobs.trace({ kind: 'task', name: 't' }, () => h!.llmobs.annotate({ metadata: { secret: 'x', kept: 1 } }));
    const [span] = await h.exported();
    expect(span?.metadata).toEqual({ kept: 1 });
  });
});
