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
      // The renderer's DOM and WebGL code (and the preload, which needs Electron) runs only in a
      // browser: the end-to-end tests in tests/app/ drive it in Chromium, where Node's coverage cannot
      // see it. Its logic (worker session, camera, interpolation, colours, grouping) is in plain
      // modules that the Node tests cover.
      exclude: [
        'src/main/electron-main.ts',
        'src/**/*.d.ts',
        'src/main/preload.ts',
        'src/app/main.ts',
        'src/app/worker/sim-worker.ts',
        'src/app/render/map-view.ts',
        'src/app/host/**',
        'src/app/ui/{dashboard,dom,inspector,logs,minimap}.ts',
      ],
      reporter: ['text-summary', 'json-summary'],
      thresholds: { lines: 70 },
    },
  },
});
