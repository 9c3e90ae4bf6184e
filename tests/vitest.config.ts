import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['tests/**/*.test.ts'],
    // builds dist/ once if it is stale (see the file)
    globalSetup: ['tests/globalSetup.ts'],
    // lets each worker's event loop turn between tests (see the file)
    setupFiles: ['tests/setup.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 60_000,
    // e2e polls wait for the UI; a loaded 2-core machine can need seconds
    expect: { poll: { timeout: 15_000, interval: 50 } },
    hookTimeout: 60_000,
    // e2e and CLI tests start processes; keep the 2-core machines calm
    maxWorkers: 2,
    pool: 'forks',
  },
});
