import { defineConfig } from '@playwright/test';
import { LIMITED_MAX_DESTROY_DELAY_S, LIMITED_PORT, LIMITED_URL } from './e2e/support/limited-server.ts';
import { OPS_SECRET } from './e2e/support/ops-secret.ts';
import { chromiumLaunchOptions } from './scripts/chromium.ts';

// E2E_PORT lets several checkouts run their end-to-end tests side by side.
const PORT = Number(process.env.E2E_PORT || 3100);
const baseURL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: './e2e',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: [['list']],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    browserName: 'chromium',
    headless: true,
    trace: 'off',
    launchOptions: chromiumLaunchOptions(),
  },
  webServer: [
    {
      command: 'npm run start',
      url: baseURL,
      env: {
        PORT: String(PORT),
        HOST: '127.0.0.1',
        NEXT_TELEMETRY_DISABLED: '1',
        CONVENE_GRACE_PERIOD_MS: '8000',
        CONVENE_SERVER_SECRET: OPS_SECRET,
        // The operations page's charts get a point a second, so a test sees them move quickly.
        CONVENE_OPS_SAMPLE_MS: '1000',
        // Connection and room lines for every test would bury Playwright's own output.
        CONVENE_LOG_LEVEL: 'warn',
      },
      reuseExistingServer: !process.env.CI,
      timeout: 120_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
    {
      // The same app with other limits (e2e/limits.spec.ts).
      command: 'npm run start',
      url: LIMITED_URL,
      env: {
        PORT: String(LIMITED_PORT),
        HOST: '127.0.0.1',
        NEXT_TELEMETRY_DISABLED: '1',
        CONVENE_MAX_DESTROY_DELAY_S: String(LIMITED_MAX_DESTROY_DELAY_S),
        CONVENE_LOG_LEVEL: 'warn',
      },
      reuseExistingServer: !process.env.CI,
      timeout: 120_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
  ],
});
