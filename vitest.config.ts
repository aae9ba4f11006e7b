import { defineConfig } from 'vitest/config';

/**
 * The heavy simulator suites — the shipped fault-injection campaign and the shipped behaviours'
 * model-based tests — run on their own after the rest (vitest.campaign.config.ts): each keeps both
 * cores busy for minutes, and real-time tests beside them (the crash-restart test's real-time loops)
 * would be starved into timing faults.
 */
export const SOLO_TESTS = ['tests/scenarioCampaign.test.ts', 'tests/behaviorModel.*.test.ts'];

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', ...SOLO_TESTS],
    // Worker-thread and child-process tests start real loops; keep them from starving each other on 2 cores.
    maxWorkers: 2,
    testTimeout: 30_000,
  },
});
