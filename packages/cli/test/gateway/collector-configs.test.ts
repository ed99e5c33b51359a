/* eslint-disable @typescript-eslint/no-explicit-any -- parsed YAML is untyped */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';

/**
 * The Collector configurations in examples/collector. No Collector binary is available here, so this
 * checks what can be checked without one: each file is valid YAML (strict: no duplicate keys), every
 * pipeline names only components defined in the file, `${env:…}` references are well formed, and
 * each topology's essentials are set (the Datadog OTLP headers; trace-id routing after
 * groupbytrace; the sidecar forwarding to the gateway's OTLP/HTTP receiver with its token).
 */

const DIR = resolve(import.meta.dirname, '../../../../examples/collector');

function load(name: string): any {
  const doc = parseDocument(readFileSync(join(DIR, name), 'utf8'), { uniqueKeys: true, strict: true, prettyErrors: true });
  expect(doc.errors.map((e) => e.message), name).toEqual([]);
  expect(doc.warnings.map((e) => e.message), name).toEqual([]);
  return doc.toJS();
}

describe('examples/collector', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));

  it('has the three configurations and a README', () => {
    expect(files.sort()).toEqual(['datadog-otlp.yaml', 'gateway-loadbalancing.yaml', 'gateway-sidecar.yaml']);
    expect(readFileSync(join(DIR, 'README.md'), 'utf8')).toContain('No Collector binary');
  });

  for (const file of files) {
    it(`${file}: valid YAML whose pipelines only use components it defines`, () => {
      const config = load(file);
      const pipelines = Object.entries(config.service.pipelines as Record<string, any>);
      expect(pipelines.length).toBeGreaterThan(0);
      for (const [name, pipeline] of pipelines) {
        expect(name).toMatch(/^traces(\/|$)/);
        for (const section of ['receivers', 'processors', 'exporters'] as const) {
          for (const id of (pipeline[section] ?? []) as string[]) expect(Object.keys(config[section] ?? {}), `${file}: ${name}.${section}`).toContain(id);
        }
        expect(pipeline.receivers.length).toBeGreaterThan(0);
        expect(pipeline.exporters.length).toBeGreaterThan(0);
      }
      const text = readFileSync(join(DIR, file), 'utf8');
      for (const ref of text.match(/\$\{[^}]*\}/g) ?? []) expect(ref).toMatch(/^\$\{env:[A-Z][A-Z0-9_]*\}$/);
    });
  }

  it('datadog-otlp.yaml: OTLP/HTTP protobuf to otlp.<site> with dd-api-key, dd-otlp-source: llmobs and dd-ml-app', () => {
    const exporter = load('datadog-otlp.yaml').exporters['otlphttp/llmobs'];
    expect(exporter.traces_endpoint).toBe('https://otlp.${env:DD_SITE}/v1/traces');
    expect(exporter.encoding).toBe('proto');
    expect(exporter.headers).toEqual({ 'dd-api-key': '${env:DD_API_KEY}', 'dd-otlp-source': 'llmobs', 'dd-ml-app': '${env:DD_LLMOBS_ML_APP}' });
  });

  it('gateway-loadbalancing.yaml: groupbytrace, then loadbalancing by trace id over OTLP/gRPC', () => {
    const config = load('gateway-loadbalancing.yaml');
    expect(config.service.pipelines.traces.processors).toEqual(['memory_limiter', 'groupbytrace']);
    expect(config.processors.groupbytrace.wait_duration).toBe('10s');
    expect(config.exporters.loadbalancing.routing_key).toBe('traceID');
    expect(Object.keys(config.exporters.loadbalancing.protocol)).toEqual(['otlp']);
    expect(config.exporters.loadbalancing.resolver.dns.hostname).toMatch(/headless/);
  });

  it("gateway-sidecar.yaml: OTLP/gRPC in, OTLP/HTTP out to the gateway's /v1/traces with the shared secret", () => {
    const config = load('gateway-sidecar.yaml');
    expect(config.receivers.otlp.protocols.grpc.endpoint).toBe('0.0.0.0:4317');
    const exporter = config.exporters['otlphttp/gateway'];
    expect(exporter.traces_endpoint).toBe('http://127.0.0.1:4318/v1/traces');
    expect(exporter.headers.authorization).toBe('Bearer ${env:OTEL_LLMOBS_GATEWAY_TOKEN}');
  });
});
