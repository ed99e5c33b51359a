// The LLM metrics end to end through a real Prometheus (Debian's `prometheus` package; .ci/run
// installs it): `otel-llmobs dev --metrics-prometheus` is scraped every second while the quickstart
// app sends its trace to it, and the test asks Prometheus' HTTP API for what the app did — 7 spans,
// two chat calls (278→20 and 345→70 tokens), one embedding call (17 tokens), one evaluation.
// Also runs promtool over the ready-made rules in examples/monitoring (check + unit tests).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY } from './support/llmobs-kit.js';
import { assertQuickstartBuilt, cleanEnv, ROOT, runQuickstart, tempDir } from './support/quickstart.js';

const CLI = join(ROOT, 'packages/cli/dist/cli.js');
const RULES_DIR = join(ROOT, 'examples/monitoring/prometheus');
const DASHBOARD = join(ROOT, 'examples/monitoring/grafana/llmobs-dashboard.json');
const PROMETHEUS = process.env.PROMETHEUS_PATH ?? 'prometheus';
const PROMTOOL = process.env.PROMTOOL_PATH ?? 'promtool';

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

interface Child {
  process: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

function start(command: string, args: string[], env: NodeJS.ProcessEnv = cleanEnv()): Child {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (out += c));
  const exited = new Promise<number | null>((resolveExit) => child.on('close', (code) => resolveExit(code)));
  child.on('error', (e) => (out += `spawn error: ${e.message}`));
  return { process: child, output: () => out, exited };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('LLM metrics scraped by a real Prometheus', () => {
  const dir = tempDir('otel-llmobs-prometheus-');
  let dev: Child | undefined;
  let prometheus: Child | undefined;
  let promUrl = '';

  async function query(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
    const response = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = (await response.json()) as { status: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
    if (body.status !== 'success') throw new Error(`query ${expr} failed: ${JSON.stringify(body)}`);
    return body.data.result;
  }
  async function scalar(expr: string): Promise<number | undefined> {
    const result = await query(expr);
    return result.length === 1 ? Number(result[0]!.value[1]) : undefined;
  }

  beforeAll(async () => {
    assertQuickstartBuilt();
    const version = spawnSync(PROMETHEUS, ['--version'], { encoding: 'utf8' });
    if (version.status !== 0) throw new Error(`${PROMETHEUS} is not installed (Debian: apt-get install prometheus; .ci/run installs it): ${version.error?.message ?? version.stderr}`);

    const metricsPort = await freePort();
    dev = start(process.execPath, [CLI, 'dev', '--port', '0', '--db', ':memory:', '--quiet', '--metrics-prometheus', `127.0.0.1:${metricsPort}`]);
    const devUrl = await until('the dev intake', () => Promise.resolve(/listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(dev!.output())?.[1]));

    const promPort = await freePort();
    promUrl = `http://127.0.0.1:${promPort}`;
    mkdirSync(join(dir, 'data'));
    writeFileSync(
      join(dir, 'prometheus.yml'),
      ['global:', '  scrape_interval: 1s', 'scrape_configs:', '  - job_name: otel-llmobs-dev', '    static_configs:', `      - targets: ['127.0.0.1:${metricsPort}']`, ''].join('\n'),
    );
    prometheus = start(PROMETHEUS, [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${promPort}`]);
    await until('Prometheus to be ready', async () => ((await fetch(`${promUrl}/-/ready`)).ok ? true : undefined));

    // The quickstart, sending agentless to the dev intake (the "Datadog mode" with an intake override).
    const run = await runQuickstart(['--once'], { env: cleanEnv({ DD_API_KEY: API_KEY, OTEL_LLMOBS_INTAKE_URL: devUrl }) });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    // Scraped at least once after the spans arrived.
    await until('the spans in Prometheus', async () => ((await scalar('sum(llmobs_spans_total)')) === 7 ? true : undefined));
  }, 120_000);

  afterAll(async () => {
    for (const child of [prometheus, dev]) {
      if (child && child.process.exitCode === null) {
        child.process.kill('SIGTERM');
        await child.exited;
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('counts the spans by kind and status', async () => {
    const byKind = Object.fromEntries((await query('sum by (llmobs_span_kind, llmobs_status) (llmobs_spans_total{llmobs_ml_app="quickstart"})')).map((r) => [`${r.metric.llmobs_span_kind}/${r.metric.llmobs_status}`, Number(r.value[1])]));
    expect(byKind).toEqual({ 'workflow/ok': 1, 'retrieval/ok': 1, 'embedding/ok': 1, 'agent/ok': 1, 'llm/ok': 2, 'tool/ok': 1 });
    expect(await query('llmobs_errors_total')).toEqual([]);
  });

  it('has the GenAI token usage and durations of the model calls', async () => {
    expect(await scalar('sum(gen_ai_client_token_usage_sum{gen_ai_operation_name="chat", gen_ai_token_type="input"})')).toBe(278 + 345);
    expect(await scalar('sum(gen_ai_client_token_usage_sum{gen_ai_operation_name="chat", gen_ai_token_type="output"})')).toBe(20 + 70);
    expect(await scalar('sum(gen_ai_client_token_usage_count{gen_ai_operation_name="chat", gen_ai_token_type="output"})')).toBe(2);
    expect(await scalar('sum(gen_ai_client_token_usage_sum{gen_ai_operation_name="embeddings", gen_ai_token_type="input", gen_ai_response_model="text-embedding-3-small"})')).toBe(17);
    expect(await scalar('sum(gen_ai_client_operation_duration_count{gen_ai_operation_name="chat", gen_ai_provider_name="openai", gen_ai_response_model="gpt-4o-mini-2024-07-18"})')).toBe(2);
    const p95 = await scalar('histogram_quantile(0.95, sum by (le) (gen_ai_client_operation_duration_bucket{gen_ai_operation_name="chat"}))');
    expect(p95).toBeGreaterThan(0);
    expect(p95).toBeLessThan(81.92);
  });

  it('has the estimated cost from the price table and the evaluation result', async () => {
    // gpt-4o-mini: $0.15 / $0.60 per million input / output tokens; text-embedding-3-small: $0.02.
    expect(await scalar('sum(llmobs_cost_total{gen_ai_operation_name="chat"})')).toBeCloseTo((623 * 0.15 + 90 * 0.6) / 1e6, 12);
    expect(await scalar('sum(llmobs_cost_total{gen_ai_operation_name="embeddings"})')).toBeCloseTo((17 * 0.02) / 1e6, 14);
    expect(await scalar('sum(llmobs_evaluations_total{llmobs_evaluation_label="cites_guide", llmobs_evaluation_value="true", llmobs_evaluation_assessment="pass"})')).toBe(1);
  });

  it("every query of the Grafana dashboard runs on Prometheus, and the main panels have data", async () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[] };
    // rate() needs two samples of a series in its window: wait for a few scrapes after the first.
    await until('a rate over the scraped series', async () => ((await query('sum(rate(llmobs_spans_total[1m]))')).length > 0 ? true : undefined));
    const withData: string[] = [];
    for (const panel of dashboard.panels) {
      for (const target of panel.targets) {
        // Grafana's variables, as Grafana would fill them in for "All" over the last few minutes.
        const expr = target.expr.replaceAll('$ml_app', '.*').replaceAll('$__rate_interval', '1m').replaceAll('$__range', '5m');
        const result = await query(expr); // throws on a query Prometheus refuses
        if (result.some((r) => Number.isFinite(Number(r.value[1])))) withData.push(panel.title);
      }
    }
    expect(withData).toEqual(expect.arrayContaining(['Spans / s', 'Estimated cost, selected range', 'Tokens, selected range', 'Throughput by span kind', 'Tokens / s by type', 'Estimated cost / hour by model']));
  });

  it('never labels a metric with a session, user, trace or span id', async () => {
    const series = await query('{job="otel-llmobs-dev", __name__=~"llmobs_.*|gen_ai_.*"}');
    expect(series.length).toBeGreaterThan(10);
    for (const s of series) expect(Object.keys(s.metric).filter((k) => /session|user|trace|span_id/.test(k))).toEqual([]);
  });
});

describe('the ready-made Prometheus rules', () => {
  it('pass promtool check rules and their unit tests', () => {
    const check = spawnSync(PROMTOOL, ['check', 'rules', 'llmobs-rules.yml'], { cwd: RULES_DIR, encoding: 'utf8' });
    expect(check.status, `${check.stdout}${check.stderr}${check.error?.message ?? ''}`).toBe(0);
    const test = spawnSync(PROMTOOL, ['test', 'rules', 'llmobs-rules.test.yml'], { cwd: RULES_DIR, encoding: 'utf8', timeout: 120_000 });
    expect(test.status, `${test.stdout}${test.stderr}`).toBe(0);
    expect(test.stdout).toContain('SUCCESS');
  }, 150_000);
});
