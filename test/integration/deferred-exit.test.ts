import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalServer } from './support/llmobs-kit.js';
import { spanEvents, startIntake } from './support/llmobs-kit.js';

/**
 * The deferred batch in a real process that must exit by itself: spans ended just before
 * `provider.shutdown()` are processed and delivered by it (placement included), and spans left in
 * the batch without a flush never keep the process alive.
 */

const APP = fileURLToPath(new URL('./support/apps/deferred-exit-app.mjs', import.meta.url));
let intake: LocalServer;
beforeAll(async () => {
  intake = await startIntake();
});
afterAll(async () => {
  await intake?.close();
});

async function runApp(mode: 'shutdown' | 'no-flush', loops: number): Promise<{ code: number | null; out: string; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [APP, intake.url, mode, String(loops)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  // Generous: the CI machine is a busy 2-core box. A process held open would never exit at all.
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, out, ms: Date.now() - started };
}

describe('the deferred batch in a child process that exits by itself', () => {
  it('shutdown() processes and delivers the spans ended just before it, each under its late-marked agent', async () => {
    intake.requests.length = 0;
    const { code, out } = await runApp('shutdown', 25);
    expect(code).toBe(0);
    expect(out).toContain('ended 100');
    const events = spanEvents(intake);
    expect(events).toHaveLength(100);
    const agents = new Map(events.filter((e) => e.meta['span.kind'] === 'agent').map((e) => [e.name as string, e.span_id as string]));
    expect(agents.size).toBe(25);
    for (const e of events.filter((e) => e.meta['span.kind'] === 'llm')) {
      const loop = (e.name as string).split('-')[1];
      expect(e.parent_id).toBe(agents.get(`agent-${loop}`));
    }
  });

  it('without a flush the process still exits by itself: nothing of ours holds it', async () => {
    const { code, out } = await runApp('no-flush', 25);
    expect(code).toBe(0);
    expect(out).toContain('ended 100');
  });
});
