// `node --import otel-llmobs/register app.js` (ESM entry; `--require` loads register-require.cts).
// Decides from the environment alone, then loads the rest only when enabled: disabled, it loads
// nothing and changes nothing. Node-only by nature.
import { decideRegister } from './enabled.js';
import type { StartZeroCode } from './start.js';

const decision = decideRegister(process.env, process.argv[1], process.getBuiltinModule('node:worker_threads').isMainThread);
if (!decision.start && decision.message !== undefined) process.stderr.write(`${decision.message}\n`);
if (decision.start) {
  // The ESM copy of the API, where it has one (API ≥ 1.10 ships separate ESM and CJS builds): the
  // app's own setup may register through it, and the hand-over must see that too.
  const esmApi: unknown = await import('@opentelemetry/api');
  const { createRequire } = process.getBuiltinModule('node:module');
  const { startZeroCode } = createRequire(import.meta.url)('./register-start.cjs') as { startZeroCode: StartZeroCode };
  startZeroCode({ apis: [esmApi] });
}
