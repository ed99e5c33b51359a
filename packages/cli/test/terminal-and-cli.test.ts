// The terminal printer, option parsing, and the CLI entry as a process.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TracePrinter, renderTraceTree } from '../src/dev/terminal-tree.js';
import { parsePort, UsageError } from '../src/args/usage.js';
import { parseDevArgs, parseRetention } from '../src/dev/options.js';
import { DevStore } from '../src/dev/store/dev-store.js';
import { ingestSpans } from '../src/dev/ingest.js';
import { goldenRequestsOf } from './helpers/golden.js';
import { tempDir } from './helpers/dev-server.js';
import { spanPayload, spanEvent } from './helpers/payloads.js';

afterEach(() => {
  vi.useRealTimers();
});

function ingestGolden(store: DevStore, file: string) {
  const [r] = goldenRequestsOf(file);
  return ingestSpans(store, { method: 'POST', path: r!.path, body: r!.body_raw, transport: [] });
}

describe('TracePrinter', () => {
  it('prints a trace as a tree once its root arrives', () => {
    vi.useFakeTimers();
    const out: string[] = [];
    const store = new DevStore({ path: ':memory:' });
    const printer = new TracePrinter({ write: (t) => out.push(t), uiUrl: 'http://127.0.0.1:8126' });
    printer.onIngest(ingestGolden(store, 'b-tree-session'));
    expect(out).toEqual([]);
    vi.advanceTimersByTime(150);
    const text = out.join('');
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^▸ trace 6b0396350000000038eb24e5ceeb6e8a {2}ml_app golden-app {2}session session-1234 {2}est\. \$0\.00021$/);
    // kinds padded to one column
    expect(lines.slice(1, 5)).toEqual([
      '  workflow   handle-request  14.4 ms',
      '  └─ agent      weather-agent  11.7 ms',
      '     ├─ tool       get_weather  6.96 ms',
      '     └─ llm        summarize  863 µs  claude-3-5-sonnet  30→8 tok',
    ]);
    expect(lines[5]).toBe('  → http://127.0.0.1:8126/#/trace/6b0396350000000038eb24e5ceeb6e8a');
    store.close();
  });

  it('prints errors, and a rootless trace after the quiet period', () => {
    vi.useFakeTimers();
    const out: string[] = [];
    const store = new DevStore({ path: ':memory:' });
    const printer = new TracePrinter({ write: (t) => out.push(t), quietMs: 1000 });
    printer.onIngest(ingestGolden(store, 'f-error'));
    const child = spanEvent({ parent_id: '12345', name: 'orphan' });
    printer.onIngest(ingestSpans(store, { method: 'POST', path: '/api/v2/llmobs', body: spanPayload(child), transport: [] }));
    vi.advanceTimersByTime(150);
    expect(out.join('')).toContain('  llm        failing-llm  3.14 ms  gpt-4o  ✗ TypeError: Model exploded');
    expect(out.join('')).not.toContain('orphan');
    vi.advanceTimersByTime(1000);
    expect(out.join('')).toMatch(/\(root not received yet\)\n {2}task {7}orphan/);
    store.close();
  });

  it('prints each request with problems, capped', () => {
    const out: string[] = [];
    const store = new DevStore({ path: ':memory:' });
    const printer = new TracePrinter({ write: (t) => out.push(t), maxProblemLines: 2, uiUrl: 'http://x' });
    const bad = [1, 2, 3].map(() => {
      const s = spanEvent();
      s.span_id = 'abc';
      return s;
    });
    printer.onIngest(ingestSpans(store, { method: 'POST', path: '/api/v2/llmobs', body: spanPayload(...bad), transport: [] }));
    const text = out.join('');
    expect(text).toContain('✗ POST /api/v2/llmobs 3 span event(s) rejected, 0 stored');
    expect(text).toContain('error   [0].spans[0].span_id  span_id must be a non-zero unsigned 64-bit decimal string');
    // each bad span also has a _dd.span_id warning: 6 problems, 2 printed
    expect(text).toContain('… and 4 more (http://x/#/problems)');
    printer.flush();
    store.close();
  });

  it('colours only when asked', () => {
    const lines = renderTraceTree([spanEvent({ name: 'a' }) as never], (s) => s.name);
    expect(lines).toEqual(['a']);
    const out: string[] = [];
    const store = new DevStore({ path: ':memory:' });
    const printer = new TracePrinter({ write: (t) => out.push(t), color: true });
    printer.onIngest(ingestSpans(store, { method: 'POST', path: '/api/v2/llmobs', body: spanPayload(spanEvent()), transport: [] }));
    printer.flush();
    expect(out.join('')).toContain('\u001b[');
    store.close();
  });
});

describe('options', () => {
  it.each([
    ['5000', { maxSpans: 5000, maxAgeMs: 7 * 86_400_000 }],
    ['5000 spans', { maxSpans: 5000, maxAgeMs: 7 * 86_400_000 }],
    ['24h', { maxSpans: 50_000, maxAgeMs: 86_400_000 }],
    ['100, 30m', { maxSpans: 100, maxAgeMs: 1_800_000 }],
    ['1.5d', { maxSpans: 50_000, maxAgeMs: 129_600_000 }],
  ])('--retention %s', (value, expected) => expect(parseRetention(value)).toEqual(expected));

  it.each(['', 'forever', '0', '-5', '10x'])('--retention %j is a usage error', (value) => {
    expect(() => parseRetention(value)).toThrow(UsageError);
  });

  it('--port', () => {
    expect(parsePort('0')).toBe(0);
    expect(() => parsePort('99999')).toThrow(UsageError);
    expect(() => parsePort('abc')).toThrow(UsageError);
  });

  it('dev flags, with their defaults', () => {
    expect(parseDevArgs([])).toEqual({
      help: false,
      options: { host: '127.0.0.1', port: 8126, dbPath: '.otel-llmobs/dev.sqlite', retention: { maxSpans: 50_000, maxAgeMs: 7 * 86_400_000 }, quiet: false, driver: 'auto' },
    });
    expect(parseDevArgs(['--port', '0', '--db', ':memory:', '--retention', '100', '--quiet', '--sqlite-driver', 'node:sqlite', '-h'])).toEqual({
      help: true,
      options: { host: '127.0.0.1', port: 0, dbPath: ':memory:', retention: { maxSpans: 100, maxAgeMs: 7 * 86_400_000 }, quiet: true, driver: 'node:sqlite' },
    });
    expect(() => parseDevArgs(['--sqlite-driver', 'mysql'])).toThrow(/--sqlite-driver must be auto, node:sqlite or better-sqlite3/);
  });
});

describe('the otel-llmobs bin', () => {
  const bin = resolve(import.meta.dirname, '../dist/cli.js');
  const built = existsSync(bin);

  function run(args: string[], cwd: string, until?: RegExp): Promise<{ code: number | null; out: string; err: string }> {
    return new Promise((resolvePromise, reject) => {
      const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (until?.test(out)) child.kill('SIGINT');
      });
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolvePromise({ code, out, err }));
    });
  }

  it.skipIf(!built)('prints help, rejects unknown flags, starts, prints the URL and stops on SIGINT', { timeout: 30_000 }, async () => {
    const cwd = tempDir();
    const help = await run(['dev', '--help'], cwd);
    expect(help.code).toBe(0);
    expect(help.out).toContain('--retention <bounds>');
    const bad = await run(['dev', '--nope'], cwd);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("Unknown option '--nope'");
    const started = await run(['dev', '--port', '0', '--quiet'], cwd, /Ctrl-C|storage .*\n/);
    expect(started.out).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(started.out).toContain('SIGINT: stopping');
    expect(started.code).toBe(0);
    expect(existsSync(join(cwd, '.otel-llmobs', 'dev.sqlite'))).toBe(true);
  });
});
