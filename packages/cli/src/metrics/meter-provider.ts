// A MeterProvider for the CLI's servers, with the readers the metrics flags ask for: a Prometheus
// endpoint and/or a periodic OTLP/HTTP push. The SDK packages are loaded only when a flag is given.
import type { MeterProvider as MeterProviderApi } from '@opentelemetry/api';
import type { MetricsFlags } from './metrics-options.js';

export interface CliMetrics {
  meterProvider: MeterProviderApi;
  /** Startup lines: where the metrics go. */
  lines: string[];
  /** Pushes what is pending (OTLP) and stops the readers and the Prometheus server. */
  shutdown(): Promise<void>;
}

export async function startCliMetrics(flags: MetricsFlags, serviceName: string): Promise<CliMetrics> {
  const [{ MeterProvider, PeriodicExportingMetricReader }, { resourceFromAttributes }] = await Promise.all([
    import('@opentelemetry/sdk-metrics'),
    import('@opentelemetry/resources'),
  ]);
  const readers = [];
  const lines: string[] = [];
  if (flags.prometheus) {
    const { PrometheusExporter } = await import('@opentelemetry/exporter-prometheus');
    const { host, port } = flags.prometheus;
    const exporter = new PrometheusExporter({ host, port, preventServerStart: true });
    await exporter.startServer(); // rejects on a port in use, before anything else starts
    readers.push(exporter);
    lines.push(`  metrics    http://${host}:${port}/metrics   (Prometheus)`);
  }
  if (flags.otlp) {
    const { OTLPMetricExporter } = await import('@opentelemetry/exporter-metrics-otlp-http');
    readers.push(new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: flags.otlp.url }), exportIntervalMillis: flags.otlp.intervalMs }));
    lines.push(`  metrics    ${flags.otlp.url}   (OTLP/HTTP, every ${flags.otlp.intervalMs / 1000}s)`);
  }
  const meterProvider = new MeterProvider({ resource: resourceFromAttributes({ 'service.name': serviceName }), readers });
  return {
    meterProvider,
    lines,
    shutdown: () => meterProvider.shutdown().catch(() => undefined),
  };
}
