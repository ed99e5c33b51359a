// Runs an example app under examples/<library>/ as a child process (the way a user runs it: `node
// app.js`, its own node_modules, the built otel-llmobs), against the quickstart's fake
// OpenAI-compatible server and a fake Datadog intake, both on 127.0.0.1. The app must exit by itself:
// that proves its flush covers our processor. Returns the span events the intake received.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FakeIntake } from '../../../packages/otel-llmobs/test/datadog/fake-intake.js';
import { startFakeOpenAI } from '../../../examples/quickstart/src/fake-openai.js';
import type { RunningGateway } from '../../../packages/cli/src/gateway/gateway.js';
import { startGateway } from '../../../packages/cli/src/gateway/gateway.js';

export const ROOT = resolve(import.meta.dirname, '../../..');
const API_KEY = '0123456789abcdef0123456789abcdef';
/** Generous: the CI machine is a busy 2-core box, and some libraries load hundreds of modules. */
const EXIT_TIMEOUT_MS = 60_000;
/**
 * For the `beforeAll` that runs an example (vitest's default hook timeout is 10 s): the app's exit
 * bound, plus starting the fake servers and draining the gateway.
 */
export const EXAMPLE_TIMEOUT_MS = 120_000;

/** A span event as the intake received it (the fields the tests read). */
export interface WireSpan {
  name: string;
  span_id: string;
  parent_id: string;
  trace_id: string;
  session_id?: string;
  status: 'ok' | 'error';
  tags: string[];
  meta: {
    'span.kind'?: string;
    span?: { kind: string };
    model_name?: string;
    model_provider?: string;
    input: { messages?: WireMessage[]; value?: string; documents?: unknown[] };
    output: { messages?: WireMessage[]; value?: string; documents?: unknown[] };
    metadata?: Record<string, unknown>;
    'error.message'?: string;
    'error.type'?: string;
    tool_definitions?: Array<{ name: string }>;
  };
  metrics: Record<string, number>;
}

export interface WireMessage {
  role?: string;
  content?: string;
  tool_calls?: Array<{ name: string; arguments?: unknown; tool_id?: string; type?: string }>;
  tool_results?: Array<{ result?: string; tool_id?: string; name?: string }>;
  tool_id?: string;
}

export interface ExampleRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  spans: WireSpan[];
}

export function exampleDir(name: string): string {
  return join(ROOT, 'examples', name);
}

export interface RunOptions {
  env?: Record<string, string>;
  /** The app exports OTLP (OTEL_EXPORTER_OTLP_ENDPOINT) to an `otel-llmobs gateway`, which sends to the intake. */
  viaGateway?: boolean;
}

/** `node <file>` in examples/<name>/, environment cleaned of anything that would change where it sends. */
export async function runExample(name: string, file: string, options: RunOptions = {}): Promise<ExampleRun> {
  const dir = exampleDir(name);
  if (!existsSync(join(dir, 'node_modules'))) throw new Error(`${dir}/node_modules is missing: run \`pnpm install\` at the repository root`);
  if (!existsSync(join(ROOT, 'packages/otel-llmobs/dist/index.cjs'))) throw new Error('otel-llmobs is not built: run `pnpm build` first');
  const openai = await startFakeOpenAI();
  const intake = await FakeIntake.start();
  let gateway: RunningGateway | undefined;
  try {
    if (options.viaGateway) {
      // A trace is replayed after a quiet second by default; the app's batches can be further apart
      // on a busy machine, and a trace replayed without its root loses what it inherits. Here the
      // whole run is replayed at close().
      gateway = await startGateway({
        port: 0,
        exporterOptions: { intakeUrl: intake.url, apiKey: API_KEY },
        buffer: { quietMs: 60_000, maxWaitMs: 120_000 },
        warn: () => {},
      });
    }
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) {
      if (/^(DD_|DATADOG_|OTEL_|_DD_|OPENAI_|TRACELOOP_|OPENLIT_)/.test(k) || k === 'NODE_OPTIONS') continue;
      env[k] = v;
    }
    Object.assign(env, {
      OPENAI_BASE_URL: `${openai.url}/v1`,
      OPENAI_API_KEY: 'sk-fake-openai-key',
      DD_API_KEY: API_KEY,
      OTEL_LLMOBS_INTAKE_URL: intake.url,
      // Nothing else leaves the process: no OTLP exporter the SDKs would add by default.
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
      ...(gateway ? { OTEL_EXPORTER_OTLP_ENDPOINT: gateway.url, OTEL_TRACES_EXPORTER: 'otlp' } : {}),
      ...options.env,
    });
    const child = spawn(process.execPath, [file], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const exited = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; timedOut: boolean }>((done) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        done({ code: null, signal: 'SIGKILL', timedOut: true });
      }, EXIT_TIMEOUT_MS);
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        done({ code, signal, timedOut: false });
      });
    });
    if (exited.timedOut) throw new Error(`examples/${name}/${file} did not exit by itself within ${EXIT_TIMEOUT_MS} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`);
    // Replays the traces it buffered and delivers them.
    await gateway?.close();
    const spans = intake.requests
      .filter((r) => r.method === 'POST' && r.path.endsWith('/api/v2/llmobs'))
      .flatMap((r) => (r.json as Array<{ spans: WireSpan[] }>).flatMap((envelope) => envelope.spans));
    if (stderr.includes(API_KEY) || stdout.includes(API_KEY)) throw new Error('the API key appeared in the output of the example');
    return { code: exited.code, signal: exited.signal, stdout, stderr, spans };
  } finally {
    await gateway?.close();
    await openai.close();
    await intake.close();
  }
}

export function kindOf(span: WireSpan): string | undefined {
  return span.meta['span.kind'] ?? span.meta.span?.kind;
}

/**
 * The trace as indented `kind name` lines, children in start order. A span whose parent was not
 * exported is shown under `?`. Tests compare the lines sorted: spans of different tracers (a
 * library's own and an instrumentation's) carry clocks anchored apart, so siblings may sort either
 * way by start; each span's depth under its parent is what they check.
 */
export function treeOf(spans: readonly WireSpan[]): string {
  const byId = new Map(spans.map((s) => [s.span_id, s]));
  const children = new Map<string, WireSpan[]>();
  for (const s of spans) {
    const parent = s.parent_id === 'undefined' ? 'root' : byId.has(s.parent_id) ? s.parent_id : '?';
    const list = children.get(parent) ?? [];
    list.push(s);
    children.set(parent, list);
  }
  const lines: string[] = [];
  const walk = (id: string, depth: number) => {
    const list = (children.get(id) ?? []).slice().sort((a, b) => startOf(a) - startOf(b) || a.name.localeCompare(b.name));
    for (const s of list) {
      lines.push(`${'  '.repeat(depth)}${kindOf(s) ?? '?'} ${s.name}`);
      walk(s.span_id, depth + 1);
    }
  };
  walk('root', 0);
  if (children.has('?')) {
    lines.push('? (parent not exported)');
    walk('?', 1);
  }
  return lines.join('\n');
}

function startOf(span: WireSpan): number {
  return (span as unknown as { start_ns?: number }).start_ns ?? 0;
}

/** The spans named `name`, in start order. */
export function spansNamed(spans: readonly WireSpan[], name: string): WireSpan[] {
  return spans.filter((s) => s.name === name).sort((a, b) => startOf(a) - startOf(b));
}

/** The one span named `name` (throws when there are none or several). */
export function spanNamed(spans: readonly WireSpan[], name: string): WireSpan {
  const found = spansNamed(spans, name);
  if (found.length !== 1) throw new Error(`expected one span named ${JSON.stringify(name)}, found ${found.length}:\n${treeOf(spans)}`);
  return found[0] as WireSpan;
}
