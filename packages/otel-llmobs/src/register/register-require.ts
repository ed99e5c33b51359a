// `node --require otel-llmobs/register app.js` (built as CommonJS only; `--import` loads register.ts).
// Synchronous on purpose: preloaded modules run before the app's first `require`, and the
// instrumentations must be in place by then. Disabled, it loads nothing and changes nothing.
import { decideRegister } from './enabled.js';
import type { StartZeroCode } from './start.js';

const decision = decideRegister(process.env, process.argv[1], process.getBuiltinModule('node:worker_threads').isMainThread);
if (!decision.start && decision.message !== undefined) process.stderr.write(`${decision.message}\n`);
if (decision.start) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- synchronous on purpose (see above)
  const { startZeroCode } = require('./register-start.cjs') as { startZeroCode: StartZeroCode };
  startZeroCode({ apis: [] });
}
