/** Security headers on the app's pages (SPEC 11b): the app runs under them, and cannot be framed. */
import { expect, test, unique } from './support/fixtures.ts';

test('the room page carries a CSP, nosniff and a referrer policy, and works under them', async ({ users, page }) => {
  const response = await page.goto('/');
  const headers = response!.headers();
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['content-security-policy']).toContain("connect-src 'self'");
  expect(headers['content-security-policy']).not.toContain('unsafe-eval');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');

  // Signing in, entering a room and chatting (WebSocket included) pass the policy: the fixture
  // fails the test on any CSP refusal in the console.
  const alice = await users.create('Alice');
  const bob = await users.create('Bob');
  const room = unique('csp');
  await alice.createRoom(room);
  await bob.joinRoom(room);
  await alice.send('under the policy');
  await expect(bob.messages.getByText('under the policy')).toBeVisible();
});

test('a page of another origin cannot frame the app', async ({ page, baseURL }) => {
  const refused: string[] = [];
  page.on('console', (message) => refused.push(message.text()));
  // about:blank with an iframe of the app: Chromium refuses it under frame-ancestors 'none'.
  await page.setContent(`<iframe src="${baseURL}/" id="app"></iframe>`);
  await expect.poll(() => refused.some((text) => /frame-ancestors/.test(text))).toBe(true);
});
