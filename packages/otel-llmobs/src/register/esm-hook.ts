import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { EnabledInstrumentation } from './instrumentations.js';
import { patchedModules } from './instrumentations.js';
import { packageVersion, resolverAt } from './package-resolver.js';
import { compareVersions } from './versions.js';

/**
 * ES modules bypass the `require` hook the instrumentations patch through, so for an ESM app each
 * instrumentation needs `import-in-the-middle`'s loader hook, the one of its own copy of
 * `@opentelemetry/instrumentation` (the hook and the patching side talk through that copy's
 * module state). Registered with `module.register` before the app's first import, as
 * `@opentelemetry/instrumentation/hook.mjs` documents, and limited (`include`) to the modules the
 * instrumentations patch so that nothing else is wrapped.
 *
 * Returns the hooks registered (one per copy), or why none could be.
 */
export type EsmHookOutcome = { readonly ok: true; readonly hooks: number } | { readonly ok: false; readonly reason: string };

const HOOK = '@opentelemetry/instrumentation/hook.mjs';
const IITM = 'import-in-the-middle';
/**
 * Older hooks break ES modules they wrap (1.7.x rewrites `export * as ns from` into invalid code,
 * which the openai 6 client has) and have no `include`: we leave those ESM imports uninstrumented
 * rather than crash the app.
 */
const MIN_IITM = '1.8.0';

export function registerEsmHooks(instrumentations: readonly EnabledInstrumentation[]): EsmHookOutcome {
  if (instrumentations.length === 0) return { ok: true, hooks: 0 };
  if (typeof register !== 'function') return { ok: false, reason: 'this Node has no module.register (ESM modules will not be instrumented)' };
  const includeByHook = new Map<string, Set<string>>();
  const problems: string[] = [];
  for (const instrumentation of instrumentations) {
    const hook = resolverAt(instrumentation.entry).resolve(HOOK);
    const iitm = hook === undefined ? undefined : resolverAt(hook).resolve(IITM);
    const version = iitm === undefined ? undefined : packageVersion(iitm, IITM);
    if (hook === undefined || version === undefined) {
      problems.push(`no ${HOOK} beside ${instrumentation.pkg}`);
      continue;
    }
    if (compareVersions(version, MIN_IITM) < 0) {
      problems.push(`${instrumentation.pkg} uses ${IITM} ${version} (< ${MIN_IITM})`);
      continue;
    }
    const include = includeByHook.get(hook) ?? new Set<string>();
    for (const name of [instrumentation.library, ...patchedModules(instrumentation)]) include.add(name);
    includeByHook.set(hook, include);
  }
  let registered = 0;
  for (const [hook, include] of includeByHook) {
    try {
      register(pathToFileURL(hook).href, { data: { include: [...include] } });
      registered++;
    } catch (e) {
      problems.push(`${hook} could not be registered (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  if (problems.length > 0) return { ok: false, reason: `ES module imports not instrumented: ${problems.join('; ')}` };
  return { ok: true, hooks: registered };
}

