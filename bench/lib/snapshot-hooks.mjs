// Module resolve hooks (module.register): 'otel-llmobs' and '@otel-llmobs/cli' resolve to the
// snapshot of their built dist that bench/run.mjs took at start, so that a rebuild in the same
// working tree during the run (tsup empties dist/) cannot break or change what is measured.
let map = {};
export function initialize(data) {
  map = data?.map ?? {};
}
export async function resolve(specifier, context, next) {
  const target = map[specifier];
  if (target) return { url: target, shortCircuit: true, format: 'module' };
  return next(specifier, context);
}
