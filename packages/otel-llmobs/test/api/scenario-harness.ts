/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies and golden files are untyped JSON */
import type { Tracer } from '@opentelemetry/api';
import { vi } from 'vitest';
import type { LLMObs } from '../../src/api/llmobs.js';
import { createLLMObs } from '../../src/api/llmobs.js';
import { createEvaluationWriter } from '../../src/datadog/evaluation-writer.js';
import { LLMObsExporter } from '../../src/datadog/llmobs-exporter.js';
import { LLMObsSpanProcessor } from '../../src/processor/llmobs-span-processor.js';
import { API_KEY, FAST } from '../datadog/exporter-test-kit.js';
import { FakeIntake } from '../datadog/fake-intake.js';
import type { CapturedRequest } from '../datadog/fake-intake.js';
import { blankProcessorEnv } from '../processor/env.js';
import { installContextManager } from '../processor/harness.js';
import { NodeTracerProvider, resourceFromAttributes } from '../helpers/sdk.js';

/** The environment every golden file was captured with (`captured_with.env`). */
export const GOLDEN_ENV = {
  DD_LLMOBS_ML_APP: 'golden-app',
  DD_SERVICE: 'golden-svc',
  DD_ENV: 'golden-env',
  DD_VERSION: '1.2.3',
  DD_TAGS: 'team:llm-obs,region:eu',
} as const;

export interface ScenarioContext {
  llmobs: LLMObs;
  tracer: Tracer;
  notes: Record<string, any>;
}

export interface ScenarioResult {
  notes: Record<string, any>;
  /** Every span envelope sent to the intake, in order (all requests flattened). */
  spanEnvelopes: any[];
  /** Every evaluation metric sent, in order. */
  evaluationMetrics: any[];
  requests: CapturedRequest[];
}

/**
 * Runs one scenario the way the golden files were captured, but on OpenTelemetry: a real
 * `NodeTracerProvider` with `LLMObsSpanProcessor` and the real `LLMObsExporter` (and evaluation
 * writer) sending to a capture server on 127.0.0.1, configured from the golden environment.
 */
export async function runScenario(fn: (ctx: ScenarioContext) => unknown, extraEnv: Record<string, string> = {}): Promise<ScenarioResult> {
  installContextManager();
  blankProcessorEnv();
  for (const [name, value] of Object.entries({ ...GOLDEN_ENV, ...extraEnv })) vi.stubEnv(name, value);
  const intake = await FakeIntake.start();
  try {
    const exporter = new LLMObsExporter({ ...FAST, intakeUrl: intake.url, apiKey: API_KEY });
    const evaluationWriter = createEvaluationWriter({ ...FAST, intakeUrl: intake.url, apiKey: API_KEY });
    // dd-trace scans nothing client-side: payload parity is compared with our scanner off (test/sensitive-data covers it).
    const processor = new LLMObsSpanProcessor({ exporter, sensitiveData: { enabled: false } });
    const provider = new NodeTracerProvider({ resource: resourceFromAttributes({ 'service.name': 'golden-svc' }), spanProcessors: [processor] });
    const llmobs = createLLMObs({ tracerProvider: provider, evaluationWriter });
    const notes: Record<string, any> = {};
    await fn({ llmobs, tracer: provider.getTracer('scenario'), notes });
    await llmobs.flush();
    await provider.shutdown();
    await evaluationWriter.shutdown();
    const posts = intake.posts;
    return {
      notes,
      spanEnvelopes: posts.filter((r) => r.path.endsWith('/api/v2/llmobs')).flatMap((r) => r.json as any[]),
      evaluationMetrics: posts.filter((r) => r.path.endsWith('/eval-metric')).flatMap((r) => r.json.data.attributes.metrics as any[]),
      requests: intake.requests,
    };
  } finally {
    await intake.close();
    vi.unstubAllEnvs();
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function captureError(fn: () => unknown): { threw: false } | { threw: true; name: string; message: string } {
  try {
    fn();
    return { threw: false };
  } catch (e) {
    const error = e as Error;
    return { threw: true, name: error.name, message: error.message.trim() };
  }
}

/**
 * `error.stack` differs between runtimes by nature: check it starts with `<type>: <message>` and
 * replace it by a placeholder on both sides.
 */
export function withoutStacks(envelopes: any[]): any[] {
  return envelopes.map((envelope) => ({
    ...envelope,
    spans: (envelope.spans as any[]).map((span) => {
      const meta = span.meta as Record<string, unknown>;
      if (typeof meta['error.stack'] !== 'string') return span;
      const stack = meta['error.stack'];
      const head = `${String(meta['error.type'])}: ${String(meta['error.message'])}`;
      return { ...span, meta: { ...meta, 'error.stack': stack.startsWith(head) ? '<stack>' : `<bad stack: ${stack.slice(0, 80)}>` } };
    }),
  }));
}
