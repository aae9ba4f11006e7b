import { defineConfig } from 'vitest/config';
import { CAMPAIGN_TEST } from './vitest.config.js';

/**
 * The shipped fault-injection campaign (every scenario, hazards, mutation test) runs alone, after the
 * other tests: it keeps both cores busy for minutes, and real-time tests beside it (the crash-restart
 * test's real-time loops) would be starved into timing faults.
 */
export default defineConfig({
  test: {
    include: [CAMPAIGN_TEST],
    maxWorkers: 1,
    testTimeout: 900_000,
  },
});
