// Takes a snapshot of the built packages the bench imports (see lib/snapshot-hooks.mjs). The copies
// sit beside each package (packages/<p>/.bench-snapshot/dist: ignored by git as any dist/ is), so
// that their own dependencies still resolve from the package's node_modules.
import { cpSync, existsSync, rmSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sleep } from './child.mjs';

const PACKAGES = { 'otel-llmobs': 'packages/otel-llmobs', '@otel-llmobs/cli': 'packages/cli' };

export async function snapshotBuiltPackages() {
  const map = {};
  for (const [name, dir] of Object.entries(PACKAGES)) {
    const root = fileURLToPath(new URL(`../../${dir}/`, import.meta.url));
    const dist = `${root}dist`;
    // Another build may be emptying dist/ right now: wait for it to come back.
    for (let i = 0; i < 120 && !existsSync(`${dist}/index.js`); i++) await sleep(500);
    if (!existsSync(`${dist}/index.js`)) throw new Error(`${dir}/dist/index.js is missing: run pnpm build`);
    await sleep(1000); // let a build that just wrote index.js finish its other files
    const target = `${root}.bench-snapshot/dist`;
    rmSync(target, { recursive: true, force: true });
    cpSync(dist, target, { recursive: true });
    map[name] = pathToFileURL(`${target}/index.js`).href;
  }
  process.env.BENCH_SNAPSHOT = JSON.stringify(map);
  return map;
}
