import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    // Worker-thread and child-process tests start real loops; keep them from starving each other on 2 cores.
    maxWorkers: 2,
    testTimeout: 30_000,
  },
});
