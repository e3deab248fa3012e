/**
 * Fixtures: `users.create('Alice')` opens a fresh browser context (its own cookies and
 * sessionStorage, so its own Convene session) and signs that person in. Every userID and room ID
 * gets this run's random suffix: the tests share one server, and a user's rooms outlive its
 * context by the grace period.
 */
import { expect, test as base } from '@playwright/test';
import { ConveneUser } from './convene-user.ts';

const run = Math.random().toString(36).slice(2, 7);
let counter = 0;

/** A fresh ID: `unique('room')` → `room-k3x9q-7`. */
export function unique(prefix: string): string {
  counter++;
  return `${prefix}-${run}-${counter}`;
}

export interface Users {
  /** A new person in a new browser context, signed in. */
  create(name: string, options?: { userID?: string; signIn?: boolean }): Promise<ConveneUser>;
}

/** Remembers every WebSocket the page opens, so a test can cut the connection like a network loss. */
function trackSockets(): void {
  const Native = window.WebSocket;
  const sockets: WebSocket[] = [];
  (window as unknown as { __e2eSockets: WebSocket[] }).__e2eSockets = sockets;
  window.WebSocket = class extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      sockets.push(this);
    }
  };
}

export const test = base.extend<{ users: Users }>({
  users: async ({ browser, baseURL }, use) => {
    const contexts: import('@playwright/test').BrowserContext[] = [];
    const pageErrors: string[] = [];
    await use({
      async create(name, options = {}) {
        const context = await browser.newContext({ baseURL });
        contexts.push(context);
        await context.addInitScript(trackSockets);
        const page = await context.newPage();
        page.on('pageerror', (error) => pageErrors.push(`${name}: ${error.message}`));
        // The pages run under the server's Content-Security-Policy: nothing they need may be refused.
        page.on('console', (message) => {
          if (/Content Security Policy/i.test(message.text())) pageErrors.push(`${name}: ${message.text()}`);
        });
        const userID = options.userID ?? unique(name.toLowerCase().replace(/[^a-z0-9]+/g, '-'));
        const user = new ConveneUser(page, context, userID, name);
        if (options.signIn !== false) await user.signIn();
        return user;
      },
    });
    for (const context of contexts) await context.close();
    // No uncaught exception and no CSP refusal in any page during the test.
    expect(pageErrors).toEqual([]);
  },
});

export { expect };
