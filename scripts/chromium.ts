/**
 * How this project launches Chromium, shared by playwright.config.ts and the scripts: Debian's
 * /usr/bin/chromium when it exists (Playwright's own build cannot be downloaded on the build
 * machine), otherwise Playwright's bundled browser (a laptop after `npx playwright install`).
 */
import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

export function chromiumLaunchOptions(): LaunchOptions {
  if (!existsSync(SYSTEM_CHROMIUM)) return {};
  return {
    executablePath: SYSTEM_CHROMIUM,
    // Flags that keep Chromium from making outbound connections of its own.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  };
}
