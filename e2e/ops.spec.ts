/** The operations page: the server secret once, then the live view while people use the app. */
import { expect, test, unique } from './support/fixtures.ts';
import { OPS_SECRET } from './support/ops-secret.ts';

test('the operations page refuses a wrong secret, then shows a room appear and its members and message rate move', async ({
  browser,
  users,
}) => {
  const ops = await browser.newContext();
  const page = await ops.newPage();
  await page.goto('/ops');
  const secret = page.getByLabel('Server secret');
  await secret.fill('not-the-secret');
  await page.getByRole('button', { name: 'Open the live view' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'That is not the server secret' })).toBeVisible();
  expect(await ops.cookies()).toEqual([]);

  await secret.fill(OPS_SECRET);
  await page.getByRole('button', { name: 'Open the live view' }).click();
  const rooms = page.getByRole('region', { name: /^Rooms/ });
  await expect(rooms).toBeVisible();
  // The secret stays with the app's backend: the page holds an HTTP-only session cookie only.
  const cookies = await ops.cookies();
  expect(cookies).toHaveLength(1);
  expect(cookies[0]).toMatchObject({ name: 'convene_ops', httpOnly: true, sameSite: 'Strict', path: '/api/ops' });
  expect(cookies[0]!.value).not.toContain(OPS_SECRET);
  const storage = await page.evaluate(
    () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
  );
  expect(storage).not.toContain(OPS_SECRET);

  const alice = await users.create('Alice');
  const bob = await users.create('Bob');
  const room = unique('ops');
  await alice.createRoom(room, { roomName: 'Ops check' });
  const row = rooms.getByRole('row').filter({ hasText: room });
  await expect(row).toContainText('Ops check');
  await expect(row.getByRole('cell').nth(2)).toHaveText('1');
  await bob.joinRoom(room);
  await expect(row.getByRole('cell').nth(2)).toHaveText('2');

  // Quiet first, then the rate moves while they chat.
  const rate = page.getByTestId('Messages per second now');
  await expect(rate).toHaveText('0.0/s', { timeout: 15_000 });
  const total = page.getByTestId('Messages hint');
  const before = Number((await total.textContent())?.match(/\d+/)?.[0]);
  let chatting = true;
  const chat = (async () => {
    for (let i = 0; chatting && i < 30; i++) await (i % 2 ? bob : alice).send(`message ${i}`);
  })();
  await expect(rate).not.toHaveText('0.0/s');
  chatting = false;
  await chat;
  await expect.poll(async () => Number((await total.textContent())?.match(/\d+/)?.[0])).toBeGreaterThan(before);

  await bob.leaveRoom();
  await expect(row.getByRole('cell').nth(2)).toHaveText('1');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('Server secret')).toBeVisible();
  await ops.close();
});

test('the operations page works by keyboard and names every control', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/ops');
  await expect(page.getByLabel('Server secret')).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Server secret')).toBeFocused();
  await page.keyboard.type(OPS_SECRET);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: /^Rooms/ })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Server processes' }).getByRole('row')).toHaveCount(2); // header + this node
  await expect(page.getByRole('region', { name: 'Server processes' })).toContainText('Serving');
  for (const control of await page.getByRole('button').all()) await expect(control).toHaveAccessibleName(/\S/);
  for (const chart of await page.getByRole('img').all()) await expect(chart).toHaveAccessibleName(/last 5 minutes/);
  await context.close();
});
