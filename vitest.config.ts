import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Socket tests start real servers; two workers suit a 2-core machine.
    pool: 'forks',
    maxWorkers: 2,
  },
});
