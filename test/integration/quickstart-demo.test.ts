// `pnpm demo`'s entry (scripts/demo.mjs → examples/quickstart/dist/main.js) as a child process: the local
// dev intake in once mode, the fallback off a busy 8126, Datadog mode (DD_API_KEY + an intake URL override
// pointing at a capture server), and a rejected key.
import { existsSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, spanEvents, startAnswering, startIntake, type LocalServer } from './support/llmobs-kit.js';
import { assertQuickstartBuilt, cleanEnv, runQuickstart, tempDir, type Finished } from './support/quickstart.js';

/** A duration as the terminal printer writes it: `863 µs`, `12.6 ms`, `1.02 s`. */
const D = String.raw`\d+(?:\.\d+)? (?:ns|µs|ms|s)`;
const TREE_LINES = [
  new RegExp(String.raw`^ {2}workflow {3}answer-question {2}${D}$`),
  new RegExp(String.raw`^ {2}├─ retrieval {2}search-guide {2}${D}$`),
  new RegExp(String.raw`^ {2}│ {2}└─ embedding {2}embed-query {2}${D} {2}text-embedding-3-small {2}17→0 tok$`),
  new RegExp(String.raw`^ {2}└─ agent {6}rail-assistant {2}${D}$`),
  new RegExp(String.raw`^ {5}├─ llm {8}chat gpt-4o-mini {2}${D} {2}gpt-4o-mini-2024-07-18 {2}278→20 tok$`),
  new RegExp(String.raw`^ {5}├─ tool {7}get_weather {2}${D}$`),
  new RegExp(String.raw`^ {5}└─ llm {8}chat gpt-4o-mini {2}${D} {2}gpt-4o-mini-2024-07-18 {2}345→70 tok$`),
];

const dirs: string[] = [];
function scratch(): string {
  const dir = tempDir();
  dirs.push(dir);
  return dir;
}

beforeAll(() => assertQuickstartBuilt());
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The seven lines under the `▸ trace` header match TREE_LINES. */
function expectTree(stdout: string): void {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => l.startsWith('▸ trace '));
  expect(start, stdout).toBeGreaterThanOrEqual(0);
  const tree = lines.slice(start + 1, start + 1 + TREE_LINES.length);
  expect(tree).toHaveLength(TREE_LINES.length);
  tree.forEach((line, i) => expect(line).toMatch(TREE_LINES[i]!));
}

describe('pnpm demo, local dev intake, --once', () => {
  let run: Finished;
  let dir: string;

  beforeAll(async () => {
    dir = scratch();
    run = await runQuickstart(['--once', '--port', '0', '--db', join(dir, 'dev.sqlite'), '--session', 'demo-once'], { cwd: dir });
  });

  it('exits 0', () => {
    expect(run.stderr).toBe('');
    expect(run.code, run.stdout).toBe(0);
  });

  it('prints a banner, the dev intake, the question and the answer', () => {
    expect(run.stdout).toMatch(/^otel-llmobs quickstart · a RAG \+ agent app, traced into LLM Observability\n/m);
    expect(run.stdout).toMatch(/^ {2}dev intake {3}http:\/\/127\.0\.0\.1:\d+ {2}\(otel-llmobs dev, embedded · dev\.sqlite\)$/m);
    expect(run.stdout).toMatch(/^ {2}fake OpenAI {2}http:\/\/127\.0\.0\.1:\d+\/v1 /m);
    expect(run.stdout).toContain('ml_app quickstart, session demo-once');
    expect(run.stdout).toContain('  Q  Can I take my bike on the TGV to Lyon tomorrow, and will it rain?');
    expect(run.stdout.replace(/\n {5}/g, ' ')).toContain(
      'A  According to “Bikes on high-speed trains”: on TGV high-speed trains a full-size bike needs a €10 bike reservation',
    );
    expect(run.stdout.replace(/\n {5}/g, ' ')).toContain('Weather in Lyon tomorrow: light rain, 14–19 °C (70% chance of rain).');
  });

  it('prints the trace tree from the dev server’s printer, then the evaluation', () => {
    expect(run.stdout).toMatch(/^▸ trace [0-9a-f]{32} {2}ml_app quickstart {2}session demo-once {2}est\. \$0\.00015$/m);
    expectTree(run.stdout);
    expect(run.stdout).toMatch(/^ {2}→ http:\/\/127\.0\.0\.1:\d+\/#\/trace\/[0-9a-f]{32}$/m);
    expect(run.stdout).toContain('◆ 1 evaluation(s): cites_guide=true');
    expect(run.stdout).not.toMatch(/⚠|✗/); // no contract warnings or errors from the dev intake
  });

  it('prints the URL of the trace and how to point an app at the intake, and does not serve on', () => {
    const traceId = /^▸ trace ([0-9a-f]{32})/m.exec(run.stdout)![1];
    const url = /dev intake {3}(http:\/\/127\.0\.0\.1:\d+)/.exec(run.stdout)![1];
    expect(run.stdout).toContain(`✓ Open the trace:  ${url}/#/trace/${traceId}`);
    expect(run.stdout).toContain(`your app  DD_TRACE_AGENT_URL=${url} node app.js`);
    expect(run.stdout).toContain('Datadog   DD_API_KEY=<key> DD_SITE=datadoghq.com pnpm demo');
    expect(run.stdout).not.toContain('Serving the viewer');
  });

  it('kept the trace in the database it was given (nothing in the working directory’s .otel-llmobs)', () => {
    expect(existsSync(join(dir, 'dev.sqlite'))).toBe(true);
    expect(existsSync(join(dir, '.otel-llmobs'))).toBe(false);
  });
});

describe('pnpm demo, options', () => {
  it('CI=1 means --once; the default database is .otel-llmobs/quickstart.sqlite in the working directory', async () => {
    const dir = scratch();
    const run = await runQuickstart(['--port', '0'], { cwd: dir, env: cleanEnv({ CI: '1' }) });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('· .otel-llmobs/quickstart.sqlite)');
    expect(run.stdout).toMatch(/^▸ trace [0-9a-f]{32} {2}ml_app quickstart {2}session quickstart-[0-9a-f]{6} {2}est\. \$0\.00015$/m);
    expect(existsSync(join(dir, '.otel-llmobs/quickstart.sqlite'))).toBe(true);
  });

  it('takes another free port when 8126 is busy', async () => {
    const blocker: Server = createServer((_req, res) => res.end());
    const held = await new Promise<boolean>((resolve) => {
      blocker.once('error', () => resolve(false)); // already busy: someone else holds it, which tests the same thing
      blocker.listen(8126, '127.0.0.1', () => resolve(true));
    });
    try {
      const run = await runQuickstart(['--once', '--db', ':memory:'], { cwd: scratch() });
      expect(run.code, run.stdout + run.stderr).toBe(0);
      const port = Number(/dev intake {3}http:\/\/127\.0\.0\.1:(\d+)/.exec(run.stdout)![1]);
      expect(port).not.toBe(8126);
      expect(run.stdout).toContain(`#/trace/`);
    } finally {
      if (held) await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('--help prints the usage; a bad flag exits 2 with the usage', async () => {
    const help = await runQuickstart(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: pnpm demo');
    expect(help.stdout).toContain('--once');
    const bad = await runQuickstart(['--frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Unknown option '--frobnicate'");
    expect(bad.stderr).toContain('Usage: pnpm demo');
  });
});

describe('pnpm demo with DD_API_KEY: Datadog, agentless (OTEL_LLMOBS_INTAKE_URL → a capture server)', () => {
  let intake: LocalServer;
  let run: Finished;
  let dir: string;

  beforeAll(async () => {
    intake = await startIntake();
    dir = scratch();
    run = await runQuickstart(['--session', 'demo-datadog'], {
      cwd: dir,
      env: cleanEnv({ DD_API_KEY: API_KEY, DD_SITE: 'datadoghq.eu', OTEL_LLMOBS_INTAKE_URL: intake.url }),
    });
  });
  afterAll(async () => {
    await intake?.close();
  });

  it('exits 0 and says where it sent', () => {
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(`Datadog      ${intake.url}  (OTEL_LLMOBS_INTAKE_URL)`);
    expect(run.stdout).toContain('DD_API_KEY is set: sending to Datadog, no local dev intake');
    expect(run.stdout).toContain(`✓ Sent 7 spans and 1 evaluation to ${intake.url} (HTTP 202)`);
    expect(run.stdout).toContain('Open https://app.datadoghq.eu/llm/traces  (filter: ml_app:quickstart session_id:demo-datadog;');
  });

  it('prints the tree of what it sent', () => {
    expect(run.stdout).toMatch(/^▸ trace [0-9a-f]{32} {2}ml_app quickstart {2}session demo-datadog {2}est\. \$0\.00015$/m);
    expectTree(run.stdout);
    expect(run.stdout).toContain('◆ 1 evaluation(s): cites_guide=true');
    expect(run.stdout).not.toMatch(/#\/trace\//); // no viewer links
  });

  it('sent the spans and the evaluation agentless, with the API key, and never looked for an Agent', () => {
    const paths = intake.requests.map((r) => `${r.method} ${r.path}`);
    expect(new Set(paths)).toEqual(new Set(['POST /api/v2/llmobs', 'POST /api/intake/llm-obs/v2/eval-metric']));
    for (const r of intake.requests) expect(r.headers['dd-api-key']).toBe(API_KEY);
    const spans = spanEvents(intake);
    expect(spans.map((s) => s.name).sort()).toEqual(['answer-question', 'chat gpt-4o-mini', 'chat gpt-4o-mini', 'embed-query', 'get_weather', 'rail-assistant', 'search-guide']);
    for (const s of spans) {
      expect(s.tags).toContain('ml_app:quickstart');
      expect(s.session_id).toBe('demo-datadog');
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- intake payloads are untyped JSON
    const evals: any[] = intake.requests.filter((r) => r.path.endsWith('/eval-metric')).flatMap((r) => r.json.data.attributes.metrics);
    expect(evals.filter((e) => e.label === 'cites_guide')).toMatchObject([{ label: 'cites_guide', metric_type: 'boolean', boolean_value: true, ml_app: 'quickstart' }]);
    // The managed evaluations (judged by the fake OpenAI server) went the same way, joined on the ids the span events carry.
    const managed = evals.filter((e) => e.tags.includes('evaluator:otel-llmobs'));
    expect([...new Set(managed.map((e) => e.label))].sort()).toEqual(['failure_to_answer', 'hallucination', 'language_mismatch', 'prompt_injection', 'sentiment', 'topic_relevancy', 'toxicity']);
    for (const e of managed) {
      expect(spans.some((s) => s.span_id === e.join_on.span.span_id && s.trace_id === e.join_on.span.trace_id)).toBe(true);
      expect(e.ml_app).toBe('quickstart');
    }
  });

  it('started no dev intake: no viewer, no database', () => {
    expect(run.stdout).not.toMatch(/^ {2}dev intake /m);
    expect(run.stdout).not.toContain('Serving the viewer');
    expect(existsSync(join(dir, '.otel-llmobs'))).toBe(false);
  });
});

describe('pnpm demo with a rejected DD_API_KEY', () => {
  let intake: LocalServer;

  beforeAll(async () => {
    intake = await startAnswering(403, '{"errors":["Forbidden"]}');
  });
  afterAll(async () => {
    await intake?.close();
  });

  it('exits 1, says what was dropped and what to check, and never prints the key', async () => {
    const run = await runQuickstart([], { cwd: scratch(), env: cleanEnv({ DD_API_KEY: API_KEY, OTEL_LLMOBS_INTAKE_URL: intake.url }) });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`✗ Not everything reached ${intake.url}: spans 0 sent, dropped: 7 rejected; evaluations 0 sent, dropped: 1 rejected (HTTP 403).`);
    expect(run.stdout).toContain('Check DD_API_KEY and DD_SITE');
    expect(run.stdout + run.stderr).not.toContain(API_KEY);
  });
});
