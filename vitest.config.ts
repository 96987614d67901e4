import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The JSON report lets .ci/run print a plain 'N passed, N failed' closing line.
    reporters: ['default', ['json', { outputFile: 'test-results/results.json' }]],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      // The Electron main process cannot start on these machines (no Electron binary); its logic
      // lives in plain modules under src/main/ that the tests import, and only the entry is excluded.
      exclude: ['src/main/electron-main.ts', 'src/**/*.d.ts'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: { lines: 70 },
    },
  },
});
