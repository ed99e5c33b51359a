import { sep } from 'node:path';
import type { Options } from 'tsup';
import { defineConfig } from 'tsup';

const shared = {
  // No source maps: they would point at src/, which the package does not ship.
  sourcemap: false,
  target: 'es2022',
  splitting: false,
} satisfies Options;

/**
 * `otel-llmobs/register`'s code imports the library's public classes from their modules; in its build
 * those imports become `require('otel-llmobs')` (the package itself, whose entry exports them under
 * the same names), so the app's `otel-llmobs` and the one the zero-code start runs are the same
 * module, not a bundled second copy.
 */
const PUBLIC_MODULES = /^\.\.\/(?:processor\/llmobs-span-processor|propagation\/llmobs-propagator|logs\/llmobs-log-record-processor)\.js$/;
const libraryAsPackage: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'otel-llmobs-as-package',
  setup(build) {
    build.onResolve({ filter: PUBLIC_MODULES }, (args) =>
      args.importer.includes(`${sep}src${sep}register${sep}`) ? { path: 'otel-llmobs', external: true } : undefined,
    );
  },
};

export default defineConfig([
  {
    ...shared,
    // The root (what applications use) and `otel-llmobs/internals` (what the CLI and tools use).
    entry: ['src/index.ts', 'src/internals.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    // Keeps the register builds below (they run alongside this one).
    clean: ['!register*'],
    platform: 'neutral',
    external: [/^@opentelemetry\//],
  },
  // The zero-code entry points (Node-only): `--import` loads register.js, `--require` register.cjs.
  // Both decide from the environment alone and load register-start.cjs only when enabled.
  {
    ...shared,
    entry: { register: 'src/register/register.ts' },
    format: ['esm'],
    platform: 'node',
    external: [/^@opentelemetry\//, './register-start.cjs'],
  },
  {
    ...shared,
    entry: { register: 'src/register/register-require.ts' },
    format: ['cjs'],
    platform: 'node',
    external: [/^@opentelemetry\//, './register-start.cjs'],
  },
  {
    ...shared,
    entry: { 'register-start': 'src/register/start.ts' },
    format: ['cjs'],
    platform: 'node',
    external: [/^@opentelemetry\//, 'otel-llmobs'],
    esbuildPlugins: [libraryAsPackage],
  },
]);
