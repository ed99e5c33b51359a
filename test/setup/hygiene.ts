import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, expect } from 'vitest';

/**
 * Test hygiene, checked for every test file of both vitest projects (`setupFiles` in
 * vitest.config.ts) instead of hoped for:
 *
 * 1. **No unhandled rejections or uncaught exceptions.** Each one is recorded and fails the test
 *    during which it surfaced (or, if it surfaces after the last test, the file).
 * 2. **Nothing left keeping the process alive.** The ref'd handles of the process
 *    (`process.getActiveResourcesInfo()`: only handles that hold the event loop are listed, so an
 *    `unref()`'d timer or socket does not count) are counted when the file starts, and again after
 *    its last `afterAll` (this file's `afterAll` is registered first, so with vitest's default
 *    `sequence.hooks: 'stack'` it runs last). New timers, sockets, servers, file-system requests or
 *    child processes fail the file with a message that names it. Handles get a grace period of
 *    `GRACE_MILLIS` to close (a server's `close()` completes asynchronously).
 *
 * `fetch` keep-alive sockets: undici `unref()`s an idle pooled socket, so the client side of a
 * keep-alive connection is not counted; the *server* side is, until the test server is closed
 * (`server.close()` also closes idle keep-alive connections since Node 19; tests that must not wait
 * for busy ones call `closeAllConnections()`). A test that forgets to close its server therefore
 * shows up as `TCPServerWrap` (+ `TCPSocketWrap`).
 */

const TRACKED = new Set(['Timeout', 'TCPSocketWrap', 'TCPServerWrap', 'FSReqCallback', 'ProcessWrap', 'PipeWrap', 'UDPWrap', 'TTYWrap', 'StatWatcher', 'FSEvent', 'Pipe']);
const GRACE_MILLIS = 1000;

function countTracked(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of process.getActiveResourcesInfo()) {
    if (TRACKED.has(name)) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

function newSince(baseline: Map<string, number>): string[] {
  const now = countTracked();
  const added: string[] = [];
  for (const [name, count] of now) {
    const extra = count - (baseline.get(name) ?? 0);
    if (extra > 0) added.push(extra === 1 ? name : `${name} ×${extra}`);
  }
  return added;
}

const baseline = countTracked();
const problems: string[] = [];

function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  try {
    return String(e);
  } catch {
    return '<unprintable>';
  }
}

const onRejection = (reason: unknown): void => {
  problems.push(`unhandled rejection: ${describeError(reason)}`);
};
const onException = (error: unknown): void => {
  problems.push(`uncaught exception: ${describeError(error)}`);
};
process.on('unhandledRejection', onRejection);
process.on('uncaughtException', onException);

function takeProblems(): string[] {
  return problems.splice(0, problems.length);
}

let testFile: string | undefined;

afterEach((ctx) => {
  testFile ??= ctx.task.file.name;
  const found = takeProblems();
  if (found.length > 0) {
    throw new Error(`[hygiene] during "${ctx.task.name}": ${found.join('; ')}`);
  }
});

afterAll(async () => {
  const name = testFile ?? expect.getState().testPath ?? 'this test file';
  let leaked = newSince(baseline);
  for (let waited = 0; leaked.length > 0 && waited < GRACE_MILLIS; waited += 50) {
    await sleep(50);
    leaked = newSince(baseline);
  }
  // Give late rejections (a promise settling while handles closed) a turn to surface.
  await sleep(0);
  process.off('unhandledRejection', onRejection);
  process.off('uncaughtException', onException);
  const late = takeProblems();
  const messages: string[] = [];
  if (late.length > 0) messages.push(`after the last test: ${late.join('; ')}`);
  if (leaked.length > 0) {
    messages.push(
      `left ref'd handles that keep the process alive (${leaked.join(', ')}) ${GRACE_MILLIS} ms after its last afterAll: ` +
        'close test servers (server.close(), closeAllConnections()), clear or unref() timers, shut exporters down',
    );
  }
  if (messages.length > 0) throw new Error(`[hygiene] ${name}: ${messages.join(' | ')}`);
});
