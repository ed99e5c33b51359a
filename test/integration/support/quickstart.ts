// Run the quickstart the way `pnpm demo` does (scripts/demo.mjs, against the built dist) as a child
// process, and read what it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const DEMO_SCRIPT = join(ROOT, 'scripts/demo.mjs');
export const QUICKSTART_MAIN = join(ROOT, 'examples/quickstart/dist/main.js');

export function assertQuickstartBuilt(): void {
  if (!existsSync(QUICKSTART_MAIN)) throw new Error(`${QUICKSTART_MAIN} is missing: run \`pnpm build\` first (integration tests run against the built dist)`);
}

export function tempDir(prefix = 'otel-llmobs-quickstart-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The test runner's environment without anything that would change where the quickstart sends. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(DD_|DATADOG_|OTEL_|_DD_)/.test(k) || k === 'CI' || k === 'NO_COLOR' || k === 'FORCE_COLOR') continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface QuickstartProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout (rejects if the process exits first or on timeout). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  exited: Promise<Finished>;
}

/** `node scripts/demo.mjs --no-build …args`. */
export function spawnQuickstart(args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): QuickstartProcess {
  const child = spawn(process.execPath, [DEMO_SCRIPT, '--no-build', ...args], {
    cwd: options.cwd ?? ROOT,
    env: options.env ?? cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    for (const l of listeners) l();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<Finished>((resolveExit) => {
    child.on('close', (code, signal) => {
      resolveExit({ code, signal, stdout: out, stderr: err });
      for (const l of listeners) l();
    });
  });
  let done = false;
  void exited.then(() => (done = true));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolveMatch, reject) => {
        const timer = setTimeout(() => finish(new Error(`timed out waiting for ${String(pattern)}; stdout:\n${out}\nstderr:\n${err}`)), timeoutMs);
        const check = (): void => {
          const m = pattern.exec(out);
          if (m) finish(undefined, m);
          else if (done || child.exitCode !== null) finish(new Error(`the quickstart exited (${String(child.exitCode)}) before printing ${String(pattern)}; stdout:\n${out}\nstderr:\n${err}`));
        };
        const finish = (e?: Error, m?: RegExpExecArray): void => {
          clearTimeout(timer);
          listeners.delete(check);
          if (e) reject(e);
          else resolveMatch(m!);
        };
        listeners.add(check);
        check();
      });
    },
  };
}

/** Run to completion. */
export function runQuickstart(args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<Finished> {
  return spawnQuickstart(args, options).exited;
}
