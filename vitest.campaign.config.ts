import { defineConfig } from 'vitest/config';
import { SOLO_TESTS } from './vitest.config.js';

/**
 * The heavy simulator suites (the shipped campaign: every scenario, hazards, mutation test; the shipped
 * behaviours' model-based tests) run one file at a time, after the other tests: each keeps both cores
 * busy (the campaign with its jobs, the model-based tests with two simulator runs at once), and
 * real-time tests beside them would be starved into timing faults.
 */
export default defineConfig({
  test: {
    include: SOLO_TESTS,
    maxWorkers: 1,
    testTimeout: 900_000,
  },
});
