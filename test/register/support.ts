// Child processes started the zero-code way (`node --import otel-llmobs/register app`) against a
// fake intake and a fake OpenAI-compatible provider on 127.0.0.1.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { API_KEY, startFakeOpenAI, startIntake, type LocalServer } from '../integration/support/llmobs-kit.js';
import { cleanEnv } from '../integration/support/quickstart.js';

export const HERE = import.meta.dirname;
export const APPS = join(HERE, 'apps');
/** Outside test/ on purpose: test/node_modules has OpenLLMetry's instrumentation, and Node resolves upwards. */
export const OPENINFERENCE_APP = join(HERE, '../../test-apps/openinference');
/** The official OpenTelemetry instrumentation of openai (content in log records) and the logs SDK, on SDK 2.x. */
export const OTEL_OPENAI_APP = join(HERE, '../../test-apps/opentelemetry-openai');
/** The same on SDK 3.x (API 1.10, `@opentelemetry/sdk-trace` and `sdk-logs` 3.x): Node >= 22.15 only. */
export const SDK3_APP = join(HERE, '../../test-apps/sdk3');

const [nodeMajor = 0, nodeMinor = 0] = process.versions.node.split('.').map(Number);
/** SDK 3.x needs Node >= 22.15: `.ci/run` runs the suite a second time on Node 22, which covers it. */
export const NODE_RUNS_SDK3 = nodeMajor > 22 || (nodeMajor === 22 && nodeMinor >= 15);

export interface AppRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface StartedApp {
  /** Resolves once stdout contains `text`. */
  waitFor(text: string): Promise<void>;
  kill(signal: NodeJS.Signals): void;
  exited: Promise<AppRun>;
}

/** `node ...nodeArgs` in `cwd`, with the test runner's environment less DD_/OTEL_ variables, plus `env`. */
export function startApp(nodeArgs: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): StartedApp {
  const env = cleanEnv(options.env);
  // pnpm puts its hoisted store on NODE_PATH for scripts it runs: packages the app has not
  // installed would resolve through it. Apps resolve from their own node_modules only.
  delete env.NODE_PATH;
  const child = spawn(process.execPath, nodeArgs, { cwd: options.cwd ?? HERE, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const w of waiters) w();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<AppRun>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return {
    exited,
    kill: (signal) => void child.kill(signal),
    waitFor: (text) =>
      new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (stdout.includes(text)) {
            waiters.delete(check);
            resolve();
          }
        };
        waiters.add(check);
        void exited.then(() => {
          if (!stdout.includes(text)) reject(new Error(`exited before printing ${text}; stdout:\n${stdout}\nstderr:\n${stderr}`));
        });
        check();
      }),
  };
}

export function runApp(nodeArgs: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<AppRun> {
  return startApp(nodeArgs, options).exited;
}

/** The fake servers a zero-code test talks to, on 127.0.0.1: an OpenAI-compatible provider for the file, a fresh intake per test. */
export interface FakeServers {
  openai: LocalServer;
  intake: LocalServer;
}

/** Starts and stops the fake servers around the file's tests (vitest hooks): call it at the top of a test file. */
export function useFakeServers(): FakeServers {
  const servers = {} as FakeServers;
  beforeAll(async () => {
    servers.openai = await startFakeOpenAI();
  });
  afterAll(async () => {
    await servers.openai.close();
  });
  beforeEach(async () => {
    servers.intake = await startIntake();
  });
  afterEach(async () => {
    await servers.intake.close();
  });
  return servers;
}

/** dd-trace's environment for agentless LLM Observability, pointed at the fake servers. */
export function zeroCodeEnvFor(servers: FakeServers, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DD_LLMOBS_ENABLED: '1',
    DD_LLMOBS_ML_APP: 'zero-code',
    DD_API_KEY: API_KEY,
    DD_LLMOBS_AGENTLESS_ENABLED: '1',
    OTEL_LLMOBS_INTAKE_URL: servers.intake.url,
    OPENAI_BASE_URL: `${servers.openai.url}/v1`,
    ...extra,
  };
}
