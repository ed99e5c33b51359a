// Helpers to run bench pieces as child processes and talk to the sink.
import { fork, spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const SINK = fileURLToPath(new URL('./sink.mjs', import.meta.url));
const USE_SNAPSHOT = fileURLToPath(new URL('./use-snapshot.mjs', import.meta.url));
/** Every child process resolves our packages to the run's snapshot (see lib/snapshot.mjs). */
const hookArgs = () => (process.env.BENCH_SNAPSHOT ? ['--import', USE_SNAPSHOT] : []);

/** Starts a sink process; resolves with a handle once it listens. `mode` 'count' skips validating bodies (parse and count only). */
export async function startSink(port = 0, mode = 'validate') {
  const child = fork(SINK, [String(port), mode], { execArgv: hookArgs(), stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const [msg] = await once(child, 'message');
  const pending = [];
  child.on('message', (m) => {
    if (m.stats) pending.shift()?.(m.stats);
  });
  return {
    port: msg.port,
    url: `http://127.0.0.1:${msg.port}`,
    stats: () =>
      new Promise((resolve) => {
        pending.push(resolve);
        child.send({ cmd: 'stats' });
      }),
    reset: () => child.send({ cmd: 'reset' }),
    close: async () => {
      if (child.exitCode !== null) return;
      child.send({ cmd: 'close' });
      await once(child, 'exit');
    },
  };
}

/** A free port on 127.0.0.1 (for an intake that comes up later on a known port). */
export async function freePort() {
  const srv = net.createServer();
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return port;
}

/** Runs `node script args…` and parses the last stdout line as JSON. */
export async function runJson(execPath, script, args = [], execArgv = []) {
  const child = spawn(execPath, [...hookArgs(), ...execArgv, script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  const [code] = await once(child, 'exit');
  const last = out.trim().split('\n').pop() ?? '';
  if (code !== 0) throw new Error(`${script} ${args.join(' ')} exited with ${code}: ${out.slice(-2000)}`);
  return JSON.parse(last);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const tick = () => new Promise((r) => setImmediate(r));

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
export function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** How long one question to a worker may take before the stage is reported as failed. */
const ASK_TIMEOUT_MS = 15 * 60_000;

/**
 * Forks an IPC worker; `ask(msg)` sends and resolves with its next message. It rejects (with an
 * Error saying why) when the worker answers `{error}`, exits, or does not answer within
 * `ASK_TIMEOUT_MS`: a stage fails, the run goes on. `ready` is the worker's first message.
 */
export async function startWorker(script, args, execPath = process.execPath, env = process.env, execArgv = []) {
  const child = fork(script, args, { execPath, env, execArgv: [...hookArgs(), ...execArgv], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const name = script.split('/').slice(-2).join('/');
  const waiting = [];
  const inbox = [];
  let exitReason;
  child.on('message', (m) => (waiting.length > 0 ? waiting.shift().resolve(m) : inbox.push(m)));
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exitReason = `${name} exited (${signal ?? `code ${code}`})`;
      for (const w of waiting.splice(0)) w.reject(new Error(exitReason));
      resolve([code, signal]);
    });
    child.on('error', (e) => {
      exitReason = `${name}: ${e.message}`;
      for (const w of waiting.splice(0)) w.reject(new Error(exitReason));
      resolve([null, null]);
    });
  });
  const next = () =>
    new Promise((resolve, reject) => {
      if (inbox.length > 0) return resolve(inbox.shift());
      if (exitReason) return reject(new Error(exitReason));
      const timer = setTimeout(() => reject(new Error(`${name} did not answer within ${ASK_TIMEOUT_MS / 60_000} min`)), ASK_TIMEOUT_MS);
      waiting.push({ resolve: (m) => (clearTimeout(timer), resolve(m)), reject: (e) => (clearTimeout(timer), reject(e)) });
    }).then((m) => {
      if (m && typeof m === 'object' && 'error' in m) throw new Error(`${name}: ${m.error}`);
      return m;
    });
  const ready = await next();
  return {
    ready,
    ask: (msg) => {
      if (exitReason) return Promise.reject(new Error(exitReason));
      child.send(msg);
      return next();
    },
    exited,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    },
  };
}

/** Serves IPC questions in a worker: an answer, or `{error}` when the handler throws (never an unhandled rejection). */
export function serveIpc(handler) {
  process.on('message', (msg) => {
    Promise.resolve()
      .then(() => handler(msg))
      .catch((e) => process.send?.({ error: e instanceof Error ? e.message : Array.isArray(e) ? e.map(String).join('; ') : String(e) }));
  });
}

/** Interleaved rounds over several workers: returns per-worker arrays of ns/span. */
export async function interleave(workers, { warmup, rounds, perRound }) {
  for (const w of workers) await w.ask({ cmd: 'warmup', n: warmup });
  const samples = workers.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < workers.length; i++) samples[i].push((await workers[i].ask({ cmd: 'round', n: perRound })).nsPerSpan);
  }
  const results = [];
  for (const w of workers) {
    results.push((await w.ask({ cmd: 'finish' })).result);
    await w.exited;
  }
  return { samples, results };
}
