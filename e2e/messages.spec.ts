/** Room messages: both ways, history for late joiners, and text that is never markup. */
import { startBots } from './support/bots.ts';
import { expect, test, unique } from './support/fixtures.ts';

test('messages go both ways and a late joiner reads the history', async ({ users }) => {
  const alice = await users.create('Alice');
  const bob = await users.create('Bob');
  const room = unique('chat');
  await alice.createRoom(room);
  await bob.joinRoom(room);

  await alice.send('Good morning, everyone');
  await expect(bob.messages.getByText('Good morning, everyone')).toBeVisible();
  await expect(bob.messages.getByRole('article').filter({ hasText: 'Good morning' })).toHaveAccessibleName(
    /^Alice at /,
  );
  await bob.send('Morning, Alice!');
  await expect(alice.messages.getByText('Morning, Alice!')).toBeVisible();

  const carol = await users.create('Carol');
  await carol.joinRoom(room);
  await expect(carol.messages.getByText('Good morning, everyone')).toBeVisible();
  await expect(carol.messages.getByText('Morning, Alice!')).toBeVisible();
  // History is in the order it was said.
  await expect(carol.messages.getByRole('article')).toHaveText([/Good morning, everyone/, /Morning, Alice!/]);

  await carol.send('Sorry I am late');
  await expect(alice.messages.getByText('Sorry I am late')).toBeVisible();
  await expect(bob.messages.getByText('Sorry I am late')).toBeVisible();
});

test('a message containing HTML is shown as literal text', async ({ users }) => {
  const alice = await users.create('Alice');
  const bob = await users.create('Bob');
  const room = unique('html');
  await alice.createRoom(room);
  await bob.joinRoom(room);
  let dialogs = 0;
  bob.page.on('dialog', (dialog) => {
    dialogs++;
    void dialog.dismiss();
  });

  const html = '<b>hi</b><img src=x onerror=alert(1)>';
  await alice.send(html);
  await expect(bob.messages.getByText(html, { exact: true })).toBeVisible();
  await expect(bob.messages.locator('b, img')).toHaveCount(0);
  await expect(alice.messages.locator('b, img')).toHaveCount(0);
  expect(dialogs).toBe(0);
});

test('a late joiner pages back through earlier messages', async ({ users, baseURL }) => {
  const alice = await users.create('Alice');
  const room = unique('history');
  await alice.createRoom(room);
  await alice.send('the very first words');

  // 60 more messages from six other members (each within the per-session rate limit).
  const bots = await startBots(baseURL!, unique('h'), 6);
  try {
    await bots.each((zim) => zim.joinRoom(room));
    await bots.each(async (zim, i) => {
      for (let n = 1; n <= 10; n++) await zim.sendRoomMessage({ type: 1, message: `speaker ${i} line ${n}` }, room);
    });

    const carol = await users.create('Carol');
    await carol.joinRoom(room);
    await expect(carol.messages.getByText('speaker 5 line 10', { exact: true })).toBeVisible();
    // The first page is the latest 50; the first words are further back.
    const earlier = carol.page.getByRole('button', { name: 'Show earlier messages' });
    await expect(earlier).toBeVisible();
    await earlier.click();
    await expect(earlier).toBeHidden();
    await carol.messages.evaluate((el) => el.scrollTo({ top: 0 }));
    await expect(carol.messages.locator('[data-index="0"]')).toContainText('the very first words');
  } finally {
    await bots.destroy();
  }
});
