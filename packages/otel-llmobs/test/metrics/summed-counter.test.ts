import type { Attributes } from '@opentelemetry/api';
import { DataPointType } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_SERIES, SummedCounter } from '../../src/metrics/summed-counter.js';
import { createMetricsHarness } from './metric-reader.js';
import type { MetricsHarness } from './metric-reader.js';

let m: MetricsHarness | undefined;
afterEach(async () => {
  await m?.shutdown();
  m = undefined;
});

const spec = (name: string) => ({ name, type: 'counter' as const, unit: '{span}', description: 'd' });
const points = (metric: { dataPoints: Array<{ attributes: Attributes; value: unknown }> } | undefined) =>
  (metric?.dataPoints ?? []).map((p) => [p.attributes, p.value]).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('SummedCounter (counters summed here, observed at collection)', () => {
  it('exports the same monotonic sums as an SDK Counter fed the same adds, across collections', async () => {
    m = createMetricsHarness();
    const meter = m.meterProvider.getMeter('test');
    const summed = new SummedCounter(meter, spec('summed'));
    const sdk = meter.createCounter('sdk');
    const adds: Array<[number, Attributes]> = [
      [1, { kind: 'llm', status: 'ok' }],
      [1, { kind: 'llm', status: 'error', 'error.type': 'RateLimit' }],
      [2.5, { kind: 'llm', status: 'ok' }],
      [1, { status: 'ok', kind: 'llm' }], // the same set, its keys in another order
      [1, { kind: 'tool' }],
    ];
    for (const [value, attributes] of adds) {
      summed.add(value, attributes);
      sdk.add(value, attributes);
    }
    let byName = await m.collect();
    expect(byName.get('summed')?.dataPointType).toBe(DataPointType.SUM);
    expect((byName.get('summed') as { isMonotonic?: boolean }).isMonotonic).toBe(true);
    expect(byName.get('summed')?.descriptor.unit).toBe('{span}');
    expect(points(byName.get('summed'))).toEqual(points(byName.get('sdk')));
    summed.add(4, { kind: 'tool' });
    sdk.add(4, { kind: 'tool' });
    byName = await m.collect();
    expect(points(byName.get('summed'))).toEqual(points(byName.get('sdk')));
  });

  it(`keeps at most ${MAX_SERIES} attribute sets; later ones are summed under otel.metric.overflow`, async () => {
    m = createMetricsHarness();
    const summed = new SummedCounter(m.meterProvider.getMeter('test'), spec('bounded'));
    for (let i = 0; i < MAX_SERIES + 5; i++) summed.add(1, { model: `m${i}` });
    summed.add(1, { model: 'm0' });
    const metric = (await m.collect()).get('bounded');
    expect(metric?.dataPoints).toHaveLength(MAX_SERIES + 1);
    const overflow = metric?.dataPoints.find((p) => p.attributes['otel.metric.overflow'] === true);
    expect(overflow?.value).toBe(5);
    expect(metric?.dataPoints.find((p) => p.attributes.model === 'm0')?.value).toBe(2);
  });
});
