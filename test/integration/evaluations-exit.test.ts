import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FakeJudge } from '../../packages/otel-llmobs/test/fake-judge/server.js';

/**
 * An app whose judge hangs: `shutdown()` waits for the queued evaluations up to the flush timeout,
 * cancels the judge calls still running, and the process exits by itself (no `process.exit`),
 * with what was dropped counted. A child process, so that a leaked socket or timer shows as a
 * process that does not exit.
 */

const here = dirname(fileURLToPath(import.meta.url));
let judge: FakeJudge;

beforeAll(async () => {
  judge = await FakeJudge.start();
});
afterAll(async () => {
  await judge.close();
});

function runApp(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [join(here, 'support/evaluations/hanging-judge-app.mjs')], {
      cwd: here,
      env: { ...process.env, ...env, OPENAI_API_KEY: '', DD_LLMOBS_EVALUATORS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    // Far above the bound (flush timeout 1 s + 1 s cancel grace): a process that does not exit by itself fails here.
    const killer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the app did not exit by itself within 45 s\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, 45_000);
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

it('with a hanging judge, shutdown() returns within its bound and the process exits by itself', async () => {
  const { code, stdout, stderr } = await runApp({ JUDGE_URL: judge.url, FLUSH_TIMEOUT_MS: '1000' });
  expect(stderr).not.toMatch(/unhandled|Error/i);
  expect(code).toBe(0);
  const stats = JSON.parse(stdout.trim());
  // 5 spans × 3 evaluators sampled; the empty-free answers all need the judge, which never answers.
  expect(stats.sampled).toBe(15);
  expect(stats.submitted).toBe(0);
  expect(stats.dropped.shutdown).toBe(15);
  // Every judge request that started was left hanging; none was answered.
  expect(judge.requests.length).toBeGreaterThan(0);
  expect(judge.answered).toHaveLength(0);
}, 60_000);
