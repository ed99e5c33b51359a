/** A real OTel SDK MeterProvider with a pull reader, and helpers to read back what was recorded. */
import type { DataPoint, Histogram, MetricData } from '@opentelemetry/sdk-metrics';
import { AggregationTemporality, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';

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

export interface MetricsHarness {
  meterProvider: MeterProvider;
  /** Collects and returns every metric by name. */
  collect(): Promise<Map<string, MetricData>>;
  shutdown(): Promise<void>;
}

export function createMetricsHarness(): MetricsHarness {
  const reader = new PullReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    meterProvider,
    async collect() {
      const { resourceMetrics, errors } = await reader.collect();
      if (errors.length > 0) throw new Error(`metric collection errors: ${errors.map(String).join('; ')}`);
      const byName = new Map<string, MetricData>();
      for (const scope of resourceMetrics.scopeMetrics) for (const metric of scope.metrics) byName.set(metric.descriptor.name, metric);
      return byName;
    },
    shutdown: () => meterProvider.shutdown(),
  };
}

/** The data point of `metric` whose attributes include `match`. */
export function pointWith<T>(metric: MetricData | undefined, match: Record<string, unknown>): DataPoint<T> | undefined {
  if (!metric) return undefined;
  return (metric.dataPoints as DataPoint<T>[]).find((p) => Object.entries(match).every(([k, v]) => p.attributes[k] === v));
}

export type HistogramPoint = DataPoint<Histogram>;
