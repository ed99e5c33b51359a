// The CLI's LLM metrics: flags, the dev intake's metrics of stored spans (read back through the OTel
// SDK's metric reader), the estimated cost in the terminal tree and the charts' buckets, and the
// shape of the ready-made Datadog monitors. The end-to-end run with a real Prometheus is in
// test/integration/metrics-prometheus.test.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DataPoint, Histogram, MetricData } from '@opentelemetry/sdk-metrics';
import { AggregationTemporality, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { LLMMetricsRecorder } from 'otel-llmobs';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../src/args/usage.js';
import { parseDevArgs } from '../src/dev/options.js';
import { recordStored } from '../src/dev/stored-metrics.js';
import { computeStats } from '../src/dev/store/stats.js';
import { TracePrinter } from '../src/dev/terminal-tree.js';
import { parseGatewayArgs } from '../src/gateway/options.js';
import { formatUsd } from '../src/shared/format.js';
import type { WireSpanEvent } from '../src/shared/wire.js';
import { spanEvent } from './helpers/payloads.js';
import { tempDir } from './helpers/dev-server.js';

class PullReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

let provider: MeterProvider | undefined;
afterEach(async () => {
  await provider?.shutdown();
  provider = undefined;
});

describe('metrics flags', () => {
  it('dev and gateway take the same metrics flags', () => {
    expect(parseDevArgs(['--metrics-prometheus', '9464']).options.metrics).toEqual({ prometheus: { host: '127.0.0.1', port: 9464 }, recorder: {} });
    expect(parseGatewayArgs(['--metrics-otlp', 'http://127.0.0.1:4318/v1/metrics', '--metrics-interval', '2s'], {}).metrics).toEqual({
      otlp: { url: 'http://127.0.0.1:4318/v1/metrics', intervalMs: 2000 },
      recorder: {},
    });
    expect(parseGatewayArgs(['--metrics-prometheus', '0.0.0.0:9000'], {}).metrics?.prometheus).toEqual({ host: '0.0.0.0', port: 9000 });
    expect(parseDevArgs([]).options.metrics).toBeUndefined();
  });

  it('refuses bad values with a usage error', () => {
    expect(() => parseDevArgs(['--metrics-prometheus', 'host:port'])).toThrow(UsageError);
    expect(() => parseDevArgs(['--metrics-otlp', 'localhost:4318'])).toThrow(/--metrics-otlp must be an http\(s\) URL/);
    expect(() => parseDevArgs(['--metrics-interval', '5s'])).toThrow(/only applies with --metrics-otlp/);
    expect(() => parseGatewayArgs(['--metrics-otlp', 'http://x/v1/metrics', '--metrics-interval', '10'], {})).toThrow(/at least 100ms/);
    expect(() => parseDevArgs(['--prices', '/nonexistent/prices.json'])).toThrow(/--prices \/nonexistent\/prices.json/);
  });

  it('--prices reads price rows from a JSON file', () => {
    const file = join(tempDir('otel-llmobs-prices-'), 'prices.json');
    writeFileSync(file, JSON.stringify([{ providers: ['vllm'], model: 'llama', input: 1, output: 2 }]));
    expect(parseDevArgs(['--prices', file]).options.metrics?.recorder.prices).toEqual([{ providers: ['vllm'], model: 'llama', input: 1, output: 2 }]);
  });
});

describe('metrics of what the dev intake stores', () => {
  it('records span and evaluation metrics from wire events, whichever route they came by', async () => {
    const reader = new PullReader();
    provider = new MeterProvider({ readers: [reader] });
    const recorder = new LLMMetricsRecorder(provider);
    const llm = spanEvent({ kind: 'llm', ml_app: 'shop', duration: 2_000_000_000, metrics: { input_tokens: 1000, output_tokens: 100 } }) as unknown as WireSpanEvent;
    const failed = spanEvent({ kind: 'tool', ml_app: 'shop', status: 'error', extraMeta: { 'error.type': 'TimeoutError', 'error.message': 'slow' } }) as unknown as WireSpanEvent;
    recordStored(recorder, {
      spans: [llm, failed],
      evaluations: [{ label: 'toxicity', metric_type: 'categorical', categorical_value: 'none', assessment: 'pass', ml_app: 'shop', timestamp_ms: 0 }],
    });
    const { resourceMetrics } = await reader.collect();
    const byName = new Map<string, MetricData>(resourceMetrics.scopeMetrics.flatMap((s) => s.metrics.map((m) => [m.descriptor.name, m] as const)));
    const duration = byName.get('gen_ai.client.operation.duration')?.dataPoints[0] as DataPoint<Histogram> | undefined;
    expect(duration?.value.sum).toBe(2);
    expect(duration?.attributes).toMatchObject({ 'gen_ai.provider.name': 'openai', 'gen_ai.response.model': 'gpt-4o', 'llmobs.ml_app': 'shop' });
    expect(byName.get('llmobs.errors')?.dataPoints[0]?.attributes).toMatchObject({ 'error.type': 'TimeoutError', 'llmobs.span.kind': 'tool' });
    expect(byName.get('llmobs.cost')?.dataPoints[0]?.value).toBeCloseTo((1000 * 2.5 + 100 * 10) / 1e6, 12);
    expect(byName.get('llmobs.evaluations')?.dataPoints[0]?.attributes).toMatchObject({ 'llmobs.evaluation.label': 'toxicity', 'llmobs.evaluation.value': 'none' });
  });
});

describe('estimated cost in the terminal and the charts', () => {
  it('formats a cost with two significant digits under a dollar', () => {
    expect([formatUsd(0), formatUsd(0.00014745), formatUsd(0.0421), formatUsd(1.274), formatUsd(3e-8)]).toEqual(['$0', '$0.00015', '$0.042', '$1.27', '<$0.000001']);
  });

  it('prints the trace cost in the tree header, and counts unpriced calls instead of guessing', () => {
    let out = '';
    const printer = new TracePrinter({ write: (t) => (out += t), quietMs: 0, rootDelayMs: 0 });
    const root = spanEvent({ kind: 'workflow' });
    const traceId = root.trace_id as string;
    const priced = spanEvent({ kind: 'llm', trace_id: traceId, parent_id: root.span_id as string, metrics: { input_tokens: 1000, output_tokens: 100 } });
    const unknown = spanEvent({ kind: 'llm', trace_id: traceId, parent_id: root.span_id as string, metrics: { input_tokens: 5 }, extraMeta: { model_name: 'my-finetune', model_provider: 'openai' } });
    const stored = { spans: [priced, unknown, root] as unknown as WireSpanEvent[], evaluations: [] };
    printer.onIngest({ status: 202, kind: 'spans', request: { method: 'POST', path: '/api/v2/llmobs' }, stored, problems: [], evicted: { traces: 0, spans: 0 }, response: { status: 'accepted', accepted: 3, rejected: 0, errors: 0, warnings: 0, problems: [] } });
    printer.flush();
    expect(out.split('\n')[0]).toMatch(/^▸ trace [0-9a-f]{32} {2}ml_app test-app {2}est\. \$0\.0035, 1 call unpriced$/);
  });

  it('puts each call’s cost in its trace’s time bucket', () => {
    const t0 = 1_700_000_000_000;
    const stats = computeStats(
      [
        { start_ns: t0 * 1e6, duration: 1, errors: 0 },
        { start_ns: (t0 + 120_000) * 1e6, duration: 1, errors: 0 },
      ],
      [],
      { buckets: 3 },
      [
        { trace_start_ns: t0 * 1e6, usd: 0.5 },
        { trace_start_ns: t0 * 1e6, usd: null },
        { trace_start_ns: (t0 + 120_000) * 1e6, usd: 0.25 },
      ],
    );
    expect(stats.buckets.map((b) => [b.cost_usd, b.unpriced_calls])).toEqual([[0.5, 1], [0, 0], [0.25, 0]]);
  });
});

describe('the ready-made Datadog monitors', () => {
  const monitors = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../examples/monitoring/datadog/llmobs-monitors.json'), 'utf8')) as {
    name: string;
    type: string;
    query: string;
    message: string;
    options: { thresholds: { critical: number; warning?: number } };
  }[];

  it('each is a metric monitor whose query compares against its critical threshold', () => {
    expect(monitors.length).toBeGreaterThanOrEqual(7);
    for (const m of monitors) {
      expect(m.type).toBe('query alert');
      expect(m.query).toMatch(new RegExp(`> ${String(m.options.thresholds.critical).replace('.', '\\.')}$`));
      if (m.options.thresholds.warning !== undefined) expect(m.options.thresholds.warning).toBeLessThan(m.options.thresholds.critical);
      expect(m.message).toMatch(/@/);
    }
    expect(new Set(monitors.map((m) => m.name)).size).toBe(monitors.length);
  });
});
