import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * What each package would publish, from `npm pack --dry-run --json` on the built packages: its
 * README, LICENSE and CHANGELOG, every file its package.json points at (exports, bin, main, types),
 * the library's docs, and nothing else: no sources, tests, configs or source maps.
 */

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');

interface PackFile {
  path: string;
}

const packs = new Map<string, Promise<string[]>>();

/** The tarball's file list (one `npm pack` per package: it is slow on a busy machine). */
function packedFiles(packageDir: string): Promise<string[]> {
  let files = packs.get(packageDir);
  if (!files) packs.set(packageDir, (files = pack(packageDir)));
  return files;
}

async function pack(packageDir: string): Promise<string[]> {
  const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: packageDir, maxBuffer: 16 * 1024 * 1024 });
  const [pack] = JSON.parse(stdout) as Array<{ files: PackFile[] }>;
  return pack!.files.map((f) => f.path).sort();
}

/** Every file path a package.json field points at (exports conditions, bin, main, module, types). */
function pointedAt(manifest: Record<string, unknown>): string[] {
  const out = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') out.add(value.replace(/^\.\//, ''));
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(manifest.exports);
  walk(manifest.bin);
  for (const field of ['main', 'module', 'types']) walk(manifest[field]);
  return [...out].filter((path) => path !== 'package.json');
}

const PACKAGES = [
  { dir: 'packages/otel-llmobs', extra: ['docs/api.md', 'docs/datadog-exporter.md', 'docs/internals.md', 'docs/mapping.md', 'docs/otlp.md', 'docs/processor.md'] },
  { dir: 'packages/cli', extra: ['dist/ui/app.js', 'dist/ui/app.css'] },
];

describe.each(PACKAGES)('npm pack $dir', ({ dir, extra }) => {
  const packageDir = resolve(root, dir);
  const manifest = JSON.parse(readFileSync(resolve(packageDir, 'package.json'), 'utf8')) as Record<string, unknown>;

  it('ships its README, LICENSE (as declared), CHANGELOG, what its package.json points at, and nothing else', async () => {
    const files = await packedFiles(packageDir);
    for (const required of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', ...pointedAt(manifest), ...extra]) {
      expect(files, required).toContain(required);
    }
    expect(manifest.license).toBe('Apache-2.0');
    expect(readFileSync(resolve(packageDir, 'LICENSE'), 'utf8')).toContain('Apache License\n                           Version 2.0');
    const unexpected = files.filter((f) => !/^(package\.json|README\.md|LICENSE|CHANGELOG\.md|dist\/.+\.(c?js|d\.c?ts|css)|docs\/.+\.md)$/.test(f));
    expect(unexpected).toEqual([]);
    // Source maps would point at src/, which is not shipped.
    for (const file of files.filter((f) => f.endsWith('.js') || f.endsWith('.cjs'))) {
      expect(readFileSync(resolve(packageDir, file), 'utf8'), file).not.toContain('sourceMappingURL');
    }
  });

  it('every relative link in its README leads to a shipped file', async () => {
    const files = await packedFiles(packageDir);
    const readme = readFileSync(resolve(packageDir, 'README.md'), 'utf8');
    const links = [...readme.matchAll(/\]\((?!https?:|#)([^)#]+)\)/g)].map((m) => m[1]!.replace(/\/$/, ''));
    for (const link of links) expect(files.some((f) => f === link || f.startsWith(`${link}/`)), link).toBe(true);
  });
});

describe('the library entry points', () => {
  it('the root and otel-llmobs/internals load as ESM and CJS, with the same exports', async () => {
    const require = createRequire(import.meta.url);
    for (const specifier of ['otel-llmobs', 'otel-llmobs/internals']) {
      const esm = (await import(specifier)) as Record<string, unknown>;
      const cjs = require(specifier) as Record<string, unknown>;
      expect(Object.keys(cjs).sort(), specifier).toEqual(Object.keys(esm).sort());
      expect(Object.keys(esm).length, specifier).toBeGreaterThan(0);
    }
  });
});
