/** What the screenshot scripts share: the app's address, the output folder, users and steps. */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';

export const baseURL = (process.argv[2] ?? process.env.CONVENE_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
export const outDir = path.resolve(import.meta.dirname, '..', 'docs', 'screenshots');
export const suffix = Math.random().toString(36).slice(2, 6);
export const DESKTOP = { width: 1440, height: 900 };
export const PROJECTOR = { width: 1920, height: 1080 };
export const PHONE = { width: 375, height: 812 };

export async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  const file = path.join(outDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  console.log(`  ${path.relative(process.cwd(), file)}`);
}

export async function newUser(browser: Browser, viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, viewport, deviceScaleFactor: 1 });
  // Keep a handle on the page's WebSockets, so the "reconnecting" shot can cut them.
  await context.addInitScript(() => {
    const Native = window.WebSocket;
    const sockets: WebSocket[] = [];
    (window as unknown as { __sockets: WebSocket[] }).__sockets = sockets;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        sockets.push(this);
      }
    };
  });
  const page = await context.newPage();
  return { context, page };
}

// The person's steps (sign in, enter a room, say something) are shared with the cluster shots.
export { enterRoom, say, signIn } from './ui-steps.ts';
