import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { EnabledInstrumentation } from './instrumentations.js';
import { patchedModules } from './instrumentations.js';
import { resolverAt } from './package-resolver.js';

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

export function registerEsmHooks(instrumentations: readonly EnabledInstrumentation[]): EsmHookOutcome {
  if (instrumentations.length === 0) return { ok: true, hooks: 0 };
  if (typeof register !== 'function') return { ok: false, reason: 'this Node has no module.register (ESM modules will not be instrumented)' };
  const includeByHook = new Map<string, Set<string>>();
  const missing: string[] = [];
  for (const instrumentation of instrumentations) {
    const hook = resolverAt(instrumentation.entry).resolve(HOOK);
    if (hook === undefined) {
      missing.push(instrumentation.pkg);
      continue;
    }
    const include = includeByHook.get(hook) ?? new Set<string>();
    for (const name of [instrumentation.library, ...patchedModules(instrumentation)]) include.add(name);
    includeByHook.set(hook, include);
  }
  for (const [hook, include] of includeByHook) {
    register(pathToFileURL(hook).href, { data: { include: [...include] } });
  }
  if (missing.length > 0) return { ok: false, reason: `no ${HOOK} beside ${missing.join(', ')} (its ES module imports are not instrumented)` };
  return { ok: true, hooks: includeByHook.size };
}
