// `node --import otel-llmobs/register app.js` (ESM entry; `--require` loads register-require.cts).
// Decides from the environment alone, then loads the rest only when enabled: disabled, it loads
// nothing and changes nothing. Node-only by nature.
import { decideRegister } from './enabled.js';
import type { StartZeroCode } from './start.js';

const decision = decideRegister(process.env, process.argv[1], process.getBuiltinModule('node:worker_threads').isMainThread);
if (!decision.start && decision.message !== undefined) process.stderr.write(`${decision.message}\n`);
if (decision.start) {
  // The ESM copies of the API, where it has them (API >= 1.10 ships separate ESM and CJS builds):
  // ours and the application's, which its own setup may register through; the hand-over must see those too.
  const esmApi: unknown = await import('@opentelemetry/api');
  const { createRequire } = process.getBuiltinModule('node:module');
  const { pathToFileURL } = process.getBuiltinModule('node:url');
  const { startZeroCode, applicationEsmApi } = createRequire(import.meta.url)('./register-start.cjs') as { startZeroCode: StartZeroCode; applicationEsmApi: () => string | undefined };
  const appEsmPath = applicationEsmApi();
  const appEsmApi: unknown = appEsmPath === undefined ? undefined : await import(pathToFileURL(appEsmPath).href).catch(() => undefined);
  startZeroCode({ apis: [esmApi, appEsmApi] });
}
