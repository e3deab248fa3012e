import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The app's `@/…` imports, so tests can call the Next route handlers themselves.
  resolve: { alias: { '@': fileURLToPath(new URL('.', import.meta.url)) } },
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
