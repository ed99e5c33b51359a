import { defineConfig } from 'vitest/config';

// Two projects: `unit` runs against package sources; `integration` runs against the built `dist`
// of each package (what users install), so `pnpm test` builds first.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/test/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
    ],
  },
});
