import { FALSE_WORDS, TRUE_WORDS } from '../config/boolean-words.js';

/**
 * Whether `otel-llmobs/register` starts, decided before anything else is loaded (so this module
 * imports nothing but the word lists): only when `DD_LLMOBS_ENABLED` says true, as with dd-trace.
 */
export type RegisterDecision =
  | { readonly start: true }
  | { readonly start: false; readonly reason: 'disabled' | 'package-manager' | 'not-main-thread' | 'invalid'; readonly message?: string };

/**
 * Package-manager CLIs that `NODE_OPTIONS=--import otel-llmobs/register npm start` also starts: the
 * app's own node process, their child, is the one to trace.
 */
const PACKAGE_MANAGER_CLI = /[\\/]node_modules[\\/](?:npm|pnpm|yarn|corepack|npx)[\\/]|[\\/](?:npm|npx|pnpm|pnpx|yarn|yarnpkg|corepack)(?:-cli)?(?:\.c?js)?$/;

/**
 * `mainThread`: false in a worker thread, which inherits `--require`/`--import` (Node 20 also runs
 * them in the thread of `module.register` loader hooks): only the main thread starts.
 */
export function decideRegister(env: Readonly<Record<string, string | undefined>>, mainScript: string | undefined, mainThread: boolean): RegisterDecision {
  const raw = env.DD_LLMOBS_ENABLED?.trim() ?? '';
  if (raw === '' || FALSE_WORDS.has(raw.toLowerCase())) return { start: false, reason: 'disabled' };
  if (!TRUE_WORDS.has(raw.toLowerCase())) {
    // The value itself is not secret, but keep the line short and bounded.
    const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
    return {
      start: false,
      reason: 'invalid',
      message: `otel-llmobs/register: DD_LLMOBS_ENABLED is '${shown}', expected true or false; LLM Observability stays off`,
    };
  }
  if (!mainThread) return { start: false, reason: 'not-main-thread' };
  if (mainScript !== undefined && PACKAGE_MANAGER_CLI.test(mainScript)) return { start: false, reason: 'package-manager' };
  return { start: true };
}
