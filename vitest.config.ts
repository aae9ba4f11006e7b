import { defineConfig } from 'vitest/config';

/** The shipped fault-injection campaign: run on its own after the rest (vitest.campaign.config.ts). */
export const CAMPAIGN_TEST = 'tests/scenarioCampaign.test.ts';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', CAMPAIGN_TEST],
    // Worker-thread and child-process tests start real loops; keep them from starving each other on 2 cores.
    maxWorkers: 2,
    testTimeout: 30_000,
  },
});
