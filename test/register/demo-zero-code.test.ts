// `pnpm demo --zero-code`: the quickstart app with no tracing file, run as a child process with
// `node --import otel-llmobs/register` against the demo's dev intake; the same trace tree arrives.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertQuickstartBuilt, runQuickstart, tempDir, type Finished } from '../integration/support/quickstart.js';

const D = String.raw`\d+(?:\.\d+)? (?:ns|µs|ms|s)`;
const TREE = [
  String.raw`^ {2}workflow {3}answer-question {2}${D}$`,
  String.raw`^ {2}├─ retrieval {2}search-guide {2}${D}$`,
  String.raw`^ {2}│ {2}└─ embedding {2}embed-query {2}${D} {2}text-embedding-3-small {2}17→0 tok$`,
  String.raw`^ {2}└─ agent {6}rail-assistant {2}${D}$`,
  String.raw`^ {5}├─ llm {8}chat gpt-4o-mini {2}${D} {2}gpt-4o-mini-2024-07-18 {2}278→20 tok$`,
  String.raw`^ {5}├─ tool {7}get_weather {2}${D}$`,
  String.raw`^ {5}└─ llm {8}chat gpt-4o-mini {2}${D} {2}gpt-4o-mini-2024-07-18 {2}345→70 tok$`,
].map((source) => new RegExp(source));

describe('pnpm demo --zero-code --once', () => {
  let dir: string;
  let run: Finished;

  beforeAll(async () => {
    assertQuickstartBuilt();
    dir = tempDir();
    run = await runQuickstart(['--zero-code', '--once', '--port', '0', '--db', join(dir, 'dev.sqlite'), '--session', 'demo-zero-code'], { cwd: dir });
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the app with no tracing file through otel-llmobs/register, and exits 0', () => {
    expect(run.stderr).toBe('');
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain('$ DD_LLMOBS_ENABLED=1 DD_LLMOBS_ML_APP=quickstart DD_TRACE_AGENT_URL=… node --import otel-llmobs/register dist/zero-code-app.js');
    expect(run.stdout).toMatch(
      /^ {2}otel-llmobs: LLM Observability on · ml_app quickstart · → the Agent at http:\/\/127\.0\.0\.1:\d+ · instrumented: openai \(@traceloop\/instrumentation-openai\) · @opentelemetry\/sdk-trace-node 2\.12\.0$/m,
    );
  });

  it('the dev intake gets the same trace tree as the demo with its tracing file, and the evaluation', () => {
    expect(run.stdout).toMatch(/^▸ trace [0-9a-f]{32} {2}ml_app quickstart {2}session demo-zero-code(?: {2}est\. \$\d+(?:\.\d+)?)?$/m);
    const lines = run.stdout.split('\n');
    const start = lines.findIndex((l) => l.startsWith('▸ trace '));
    const tree = lines.slice(start + 1, start + 1 + TREE.length);
    tree.forEach((text, i) => expect(text).toMatch(TREE[i]!));
    expect(run.stdout).toContain('◆ 1 evaluation(s): cites_guide=true');
    expect(run.stdout).not.toMatch(/⚠|✗/);
    expect(run.stdout).toMatch(/✓ Open the trace: {2}http:\/\/127\.0\.0\.1:\d+\/#\/trace\/[0-9a-f]{32}$/m);
  });
});
