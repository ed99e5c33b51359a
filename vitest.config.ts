import { defineConfig } from 'vitest/config';

// Two projects: `unit` runs against package sources; `integration` runs against the built `dist`
// of each package (what users install), so `pnpm test` builds first. Both run test/setup/hygiene.ts:
// no unhandled rejection, uncaught exception or leaked ref'd handle in any test file.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/test/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['test/setup/hygiene.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['test/setup/hygiene.ts'],
          testTimeout: 60_000,
        },
      },
    ],
  },
});
