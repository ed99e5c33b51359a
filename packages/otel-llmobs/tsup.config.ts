import { defineConfig } from 'tsup';

export default defineConfig({
  // The root (what applications use) and `otel-llmobs/internals` (what the CLI and tools use).
  entry: ['src/index.ts', 'src/internals.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  // No source maps: they would point at src/, which the package does not ship.
  sourcemap: false,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  splitting: false,
  external: [/^@opentelemetry\//],
});
