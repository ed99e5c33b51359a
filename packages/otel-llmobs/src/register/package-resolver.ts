import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve as resolvePath } from 'node:path';

/**
 * Finds and loads packages from one place in the file system, the way Node would for a module there.
 * The zero-code start loads the SDK and the instrumentations the application has installed, resolved
 * from the application (never ours: otel-llmobs depends on none of them), and their own dependencies
 * from where they are.
 */
export interface PackageResolver {
  /** The file this resolver resolves from (for messages). */
  readonly from: string;
  /** The path `id` resolves to, or `undefined` when it is not installed there. */
  resolve(id: string): string | undefined;
  /** `require(id)`; `undefined` when it is not installed (other load errors are thrown). */
  load<T>(id: string): T | undefined;
}

export function resolverAt(file: string): PackageResolver {
  const req = createRequire(file);
  const resolve = (id: string): string | undefined => {
    try {
      return req.resolve(id);
    } catch {
      return undefined;
    }
  };
  return {
    from: file,
    resolve,
    load<T>(id: string): T | undefined {
      const path = resolve(id);
      return path === undefined ? undefined : (req(path) as T);
    },
  };
}

/**
 * Where the application resolves its packages from: its main script (`process.argv[1]`), else the
 * working directory (`node -e`, the REPL). The first that finds a package wins.
 */
export function applicationResolver(mainScript: string | undefined, cwd: string): PackageResolver {
  const candidates: PackageResolver[] = [];
  if (mainScript !== undefined && mainScript !== '' && existsSync(mainScript)) candidates.push(resolverAt(resolvePath(mainScript)));
  candidates.push(resolverAt(join(cwd, '[otel-llmobs-register].js')));
  const from = candidates.map((c) => dirname(c.from)).join(', then ');
  const pick = (id: string): PackageResolver | undefined => candidates.find((c) => c.resolve(id) !== undefined);
  return {
    from,
    resolve: (id) => pick(id)?.resolve(id),
    load: <T>(id: string) => pick(id)?.load<T>(id),
  };
}

/** The `name` of the package.json nearest above `file` (dd-trace's default service name). */
export function nearestPackageName(file: string | undefined): string | undefined {
  if (file === undefined || file === '') return undefined;
  let dir = dirname(resolvePath(file));
  for (let i = 0; i < 16; i++) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown };
        return typeof name === 'string' && name !== '' ? name : undefined;
      } catch {
        return undefined;
      }
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/** The version in the package.json of the package `entry` (a resolved file of package `name`) belongs to. */
export function packageVersion(entry: string, name: string): string | undefined {
  const version = packageManifest(entry, name)?.manifest.version;
  return typeof version === 'string' ? version : undefined;
}

/**
 * The file an ES `import` of package `name` loads, when it is not the one `require` loads: packages
 * that ship separate ESM and CommonJS builds (`@opentelemetry/api` ≥ 1.10) are two module instances
 * in one process, and an ESM app sets OpenTelemetry up through the ESM one. Read from the `exports`
 * of its package.json with Node's conditions for `import` (without `exports`, `import` loads `main`:
 * the same instance).
 */
export function separateEsmEntry(resolver: PackageResolver, name: string): string | undefined {
  const cjs = resolver.resolve(name);
  const found = cjs === undefined ? undefined : packageManifest(cjs, name);
  if (found === undefined) return undefined;
  const exportsField = found.manifest.exports;
  const root = isSubpathMap(exportsField) ? exportsField['.'] : exportsField;
  const target = conditionalTarget(root);
  if (target === undefined) return undefined;
  const esm = resolvePath(found.dir, target);
  return esm === cjs ? undefined : esm;
}

const IMPORT_CONDITIONS = new Set(['node', 'import', 'default']);

function isSubpathMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).some((k) => k.startsWith('.'));
}

/** The first target whose conditions match, in the object's own order (as Node picks). */
function conditionalTarget(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) {
    for (const item of target) {
      const picked = conditionalTarget(item);
      if (picked !== undefined) return picked;
    }
    return undefined;
  }
  if (typeof target !== 'object' || target === null) return undefined;
  for (const [condition, value] of Object.entries(target)) {
    if (!IMPORT_CONDITIONS.has(condition)) continue;
    const picked = conditionalTarget(value);
    if (picked !== undefined) return picked;
  }
  return undefined;
}

/** The package.json of package `name` nearest above `entry` (one of its files), and its folder. */
function packageManifest(entry: string, name: string): { dir: string; manifest: Record<string, unknown> } | undefined {
  let dir = dirname(entry);
  for (let i = 0; i < 8; i++) {
    const path = join(dir, 'package.json');
    if (existsSync(path)) {
      try {
        const manifest = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
        if (manifest.name === name) return { dir, manifest };
      } catch {
        // unreadable manifest: keep walking up
      }
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}
