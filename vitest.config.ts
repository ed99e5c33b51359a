import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// Two projects: `unit` runs against package sources; `integration` runs against the built `dist`
// of each package (what users install), so `pnpm test` builds first. Both run test/setup/hygiene.ts:
// no unhandled rejection, uncaught exception or leaked ref'd handle in any test file.
//
// OTEL_SDK_MAJOR=3 (Node ≥ 22.15; `.ci/run` does a second run that way) makes the tests build their
// providers with OpenTelemetry SDK 3.x (packages/otel-llmobs/test/helpers/sdk.ts). SDK 3 needs API
// 1.10 and registers its globals through it, while the workspace resolves `@opentelemetry/api` to
// 1.9 (our peer; pnpm links the SDK 3 packages to it too). An API copy only reads globals registered
// by a copy of the same or a newer minor, and refuses to register next to another version, so under
// the switch every module vitest loads (tests, our sources and dist, and the SDK 3 packages, inlined
// for this) gets API 1.10. Libraries that stay external (SDK 2.x-only ones) keep 1.9; they can still
// read what 1.10 registered, which is enough for instrumentations, not for SDK 2 setups.
const sdk3 = process.env.OTEL_SDK_MAJOR === '3';
const api110 = resolve(import.meta.dirname, 'packages/otel-llmobs/node_modules/@opentelemetry/api-v110/dist/index.mjs');
const sdkSwitch = sdk3
  ? {
      resolve: { alias: [{ find: /^@opentelemetry\/api$/, replacement: api110 }] },
      server: { deps: { inline: [/@opentelemetry\+(?:sdk-trace|core|resources|context-async-hooks)@3\./] } },
    }
  : {};

export default defineConfig({
  test: {
    projects: [
      {
        resolve: sdkSwitch.resolve,
        test: {
          name: 'unit',
          include: ['packages/*/test/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['test/setup/hygiene.ts'],
          server: sdkSwitch.server,
          // A bound against hangs, never a speed check: far above any test's runtime on a busy
          // 2-core machine (a property test near the 5 s default once failed CI that way).
          testTimeout: 60_000,
        },
      },
      {
        resolve: sdkSwitch.resolve,
        test: {
          name: 'integration',
          // test/live: example apps of real instrumentation libraries, run live (examples/<library>/);
          // test/register: the zero-code start's child-process apps.
          include: ['test/integration/**/*.test.ts', 'test/live/**/*.test.ts', 'test/register/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['test/setup/hygiene.ts'],
          server: sdkSwitch.server,
          testTimeout: 60_000,
        },
      },
    ],
  },
});
