#!/usr/bin/env node
// `pnpm demo`: build what the quickstart needs (otel-llmobs, @otel-llmobs/cli, the quickstart itself),
// only when its sources changed since the last build, then run the quickstart (examples/quickstart).
//
//   pnpm demo                 the trace tree here, the viewer until Ctrl-C
//   pnpm demo --once          print and exit (also when CI is set)
//   pnpm demo --zero-code     the same app with no tracing file, started with node --import otel-llmobs/register
//   pnpm demo --help          the quickstart's options
//   pnpm demo --no-build      skip the build check (the dist must exist)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Each package, in build order: what it is built from, and what its build must have produced. */
const PACKAGES = [
  { name: 'otel-llmobs', dir: 'packages/otel-llmobs', outputs: ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts'] },
  { name: '@otel-llmobs/cli', dir: 'packages/cli', outputs: ['dist/index.js', 'dist/index.d.ts', 'dist/cli.js', 'dist/ui/app.js', 'dist/ui/app.css'] },
  { name: '@otel-llmobs/example-quickstart', dir: 'examples/quickstart', outputs: ['dist/main.js'] },
];
const INPUTS = ['src', 'package.json', 'tsconfig.json', 'tsup.config.ts'];

const args = process.argv.slice(2).filter((a, i) => !(a === '--' && i === 0));
const noBuild = args.includes('--no-build');
const quickstartArgs = args.filter((a) => a !== '--no-build');
const color = process.stdout.isTTY && !process.env.NO_COLOR && !quickstartArgs.includes('--no-color');
const dim = (text) => (color ? `\u001b[2m${text}\u001b[22m` : text);

if (!noBuild && !quickstartArgs.some((a) => a === '-h' || a === '--help')) build();

// The quickstart reads its options from process.argv; hand it its own.
process.argv = [process.argv[0], join(root, 'examples/quickstart/dist/main.js'), ...quickstartArgs];
const main = join(root, 'examples/quickstart/dist/main.js');
if (!existsSync(main)) {
  process.stderr.write(`${main} is missing: run \`pnpm demo\` without --no-build (or \`pnpm build\`).\n`);
  process.exit(1);
}
await import(pathToFileURL(main).href);

function build() {
  const stale = [];
  let upstreamRebuilt = false;
  for (const pkg of PACKAGES) {
    const dir = join(root, pkg.dir);
    const oldestOutput = Math.min(...pkg.outputs.map((f) => mtime(join(dir, f))));
    const newestInput = Math.max(...INPUTS.map((f) => newestMtime(join(dir, f))));
    if (upstreamRebuilt || oldestOutput < newestInput) {
      stale.push(pkg);
      upstreamRebuilt = true; // a rebuilt library's types may change what depends on it
    }
  }
  if (stale.length === 0) {
    process.stdout.write(dim('› otel-llmobs, the CLI and the quickstart are built and up to date\n'));
    return;
  }
  const started = Date.now();
  process.stdout.write(dim(`› building ${stale.map((p) => p.name).join(', ')}… `));
  for (const pkg of stale) {
    const result = pnpm(['--filter', pkg.name, 'run', 'build']);
    if (result.status !== 0) {
      process.stdout.write('\n');
      process.stderr.write(`Building ${pkg.name} failed:\n${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}\n`);
      process.exit(1);
    }
  }
  process.stdout.write(dim(`done (${((Date.now() - started) / 1000).toFixed(1)} s)\n`));
}

/** pnpm, as the one running this script (npm_execpath) or from the PATH. */
function pnpm(pnpmArgs) {
  const execPath = process.env.npm_execpath;
  const viaNode = execPath && /pnpm(\.c?js)?$/.test(execPath) && /\.c?js$/.test(execPath);
  const [cmd, cmdArgs] = viaNode ? [process.execPath, [execPath, ...pnpmArgs]] : ['pnpm', pnpmArgs];
  return spawnSync(cmd, cmdArgs, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
}

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0; // missing: older than anything
  }
}

function newestMtime(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file changes its directory's mtime
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}
