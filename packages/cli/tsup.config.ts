import { defineConfig } from 'tsup';
import { internalsFromSource } from './viewer-build.js';

// Two builds: the Node side (the `otel-llmobs` bin and the library entry other commands reuse), and the
// viewer's browser bundle (one JS file + one CSS file, served by the dev server from dist/ui).
export default defineConfig([
  {
    entry: { cli: 'src/cli.ts', index: 'src/index.ts' },
    format: ['esm'],
    dts: { entry: { index: 'src/index.ts' } },
    // No source maps: they would point at src/, which the package does not ship.
    sourcemap: false,
    // Only this build's own files: the viewer build writes dist/ui at the same time.
    clean: ['*.js', '*.js.map', '*.d.ts'],
    target: 'node20',
    platform: 'node',
    external: ['better-sqlite3'],
  },
  {
    entry: { app: 'src/ui/app.ts' },
    outDir: 'dist/ui',
    format: ['iife'],
    platform: 'browser',
    target: 'es2022',
    // No source maps: they would point at src/, which the package does not ship.
    sourcemap: false,
    minify: true,
    clean: true,
    outExtension: () => ({ js: '.js' }),
    esbuildPlugins: [internalsFromSource],
  },
]);
