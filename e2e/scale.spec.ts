/**
 * Big rooms stay usable: 1000 members and 5000 messages, with only the rows in view rendered.
 * The crowd is made of SDK instances in the test process; the person watching is a real browser.
 */
import { expect, test, unique } from './support/fixtures.ts';
import { sendBurst, startBots, type Bots } from './support/bots.ts';

test.describe.configure({ timeout: 180_000 });

let bots: Bots | undefined;
test.afterEach(async () => {
  await bots?.destroy();
  bots = undefined;
});

test('a room of 1000 members: the list shows them all, rendering only what is visible', async ({ users, baseURL }) => {
  const teacher = await users.create('Teacher');
  const room = unique('assembly');
  await teacher.createRoom(room, { roomName: 'School assembly' });

  bots = await startBots(baseURL!, unique('s'), 999);
  await bots.each((zim) => zim.joinRoom(room));

  await teacher.expectMemberCount(1000);
  const rendered = await teacher.members.count();
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(80);

  // Scroll to the end of the list: the last student (sorted by name) is rendered there.
  const list = teacher.membersRegion.getByRole('list');
  await list.evaluate((el) => el.parentElement!.scrollTo({ top: el.parentElement!.scrollHeight }));
  await expect(teacher.members.filter({ hasText: 'Student 0999' })).toBeVisible();
  expect(await teacher.members.count()).toBeLessThan(80);
});

test('5000 messages: new ones keep arriving smoothly and only visible rows are rendered', async ({
  users,
  baseURL,
}) => {
  const reader = await users.create('Reader');
  const room = unique('busy');
  await reader.createRoom(room, { roomName: 'Busy room' });

  const senders = 20;
  const perSender = 250;
  bots = await startBots(baseURL!, unique('b'), senders);
  await bots.each((zim) => zim.joinRoom(room));
  await reader.expectMemberCount(senders + 1);

  // Long tasks on the reader's main thread while the burst arrives (the page's jank).
  await reader.page.evaluate(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longTasks.push(entry.duration);
    }).observe({ type: 'longtask' });
  });
  await bots.each(
    (zim, i) =>
      sendBurst(
        zim,
        room,
        Array.from({ length: perSender }, (_, n) => `bot ${i} message ${n + 1}`),
      ),
    senders,
  );

  // Order in a room is the same for everyone: once a last message sent after the burst arrives,
  // all 5000 have. The view follows the conversation to it.
  await bots.instances[0]!.sendRoomMessage({ type: 1, message: 'end of the burst' }, room);
  await expect(reader.messages.getByText('end of the burst', { exact: true })).toBeVisible({ timeout: 60_000 });
  const rowIndexes = () =>
    reader.messages
      .locator('[data-index]')
      .evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-index'))));
  expect(Math.max(...(await rowIndexes()))).toBe(senders * perSender);
  expect((await rowIndexes()).length).toBeLessThan(100);
  const longTasks = await reader.page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
  const longest = Math.max(0, ...longTasks);
  test
    .info()
    .annotations.push({ type: 'long tasks', description: `${longTasks.length}, longest ${Math.round(longest)} ms` });
  // A generous bound (a shared 2-core machine); a list rendering every row blocks for seconds.
  expect(longest).toBeLessThan(250);

  // The page still answers: the reader can write at once and sees the message.
  await reader.send('That was a lot of messages');

  // Scrolling to the top reaches the first message of the 5000.
  await reader.messages.evaluate((el) => el.scrollTo({ top: 0 }));
  await expect(reader.messages.locator('[data-index="0"]')).toContainText(/bot \d+ message 1$/);
  expect((await rowIndexes()).length).toBeLessThan(100);
});
