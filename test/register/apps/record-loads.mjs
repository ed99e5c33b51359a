// Preloaded first (`--import ./record-loads.mjs`): records every module the process loads, ES
// modules through a loader hook and CommonJS ones from require.cache, and prints them as JSON on
// stderr at exit (`LOADED [...]`), with the listeners and OpenTelemetry globals that exist then.
import { createRequire, register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';

const { port1, port2 } = new MessageChannel();
const urls = new Set();
port1.on('message', (url) => urls.add(url));
port1.unref();
register('./record-loads-hooks.mjs', import.meta.url, { data: { port: port2 }, transferList: [port2] });
const require = createRequire(import.meta.url);
process.on('exit', () => {
  const modules = [...urls, ...Object.keys(require.cache)];
  const listeners = Object.fromEntries(['beforeExit', 'SIGTERM', 'SIGINT', 'exit'].map((e) => [e, process.listenerCount(e)]));
  const otelGlobals = Object.keys(globalThis[Symbol.for('opentelemetry.js.api.1')] ?? {});
  // Where @opentelemetry/api-logs (SDK 2.x) keeps the global logger provider.
  const logsGlobal = Symbol.for('io.opentelemetry.js.api.logs') in globalThis;
  process.stderr.write(`LOADED ${JSON.stringify({ modules, listeners, otelGlobals, logsGlobal })}\n`);
});
