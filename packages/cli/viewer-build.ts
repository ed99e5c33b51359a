// How the viewer's browser bundle is built, shared by tsup.config.ts and the browser tests (which
// bundle the viewer from source, as shipped).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import type { BuildOptions, Plugin } from 'esbuild';

/**
 * The viewer needs two small things from `otel-llmobs/internals` (the span kinds and `errorMessage`),
 * but that entry is one bundled file whose module-level code (loggers, tables, the package version)
 * esbuild must keep: 16 KB of the viewer's 51 KB. Resolved to the library's source modules instead,
 * only the two modules used are bundled. Falls back to the package's build when the source is absent.
 */
export const internalsFromSource: Plugin = {
  name: 'otel-llmobs-internals-from-source',
  setup(build) {
    build.onResolve({ filter: /^otel-llmobs\/internals$/ }, (args) => {
      const require = createRequire(join(args.resolveDir, 'noop.js'));
      const source = join(dirname(require.resolve('otel-llmobs/package.json')), 'src', 'internals.ts');
      return existsSync(source) ? { path: source } : undefined;
    });
  },
};

/** esbuild options of the viewer bundle (one IIFE for `<script defer>`); `outdir` is the caller's. */
export const viewerBuildOptions = {
  entryPoints: { app: join(import.meta.dirname, 'src/ui/app.ts') },
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  plugins: [internalsFromSource],
} satisfies BuildOptions;
