import { defineConfig } from 'vitest/config';

const noBench = { include: [] };

/**
 * Projects: `unit` (test/unit: no network, seconds) and `e2e` (test/e2e: the real libraries against
 * the fakes); `npm test` runs both, `npm run test:unit` / `npm run test:e2e` one of them. `bench`
 * holds no tests, only the `vitest bench` benchmarks, so that each benchmark runs once.
 */
export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], benchmark: noBench, isolate: false },
      },
      {
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], benchmark: noBench },
      },
      {
        extends: true,
        test: { name: 'bench', include: [], benchmark: { include: ['test/bench/**/*.bench.ts'] } },
      },
    ],
  },
});
