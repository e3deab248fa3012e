/** Sessions: one user on two devices, network loss within the grace period, page reloads. */
import { expect, test, unique } from './support/fixtures.ts';

test('leaveAllRoom leaves the rooms of this session only; the other device keeps its rooms', async ({ users }) => {
  const laptop = await users.create('Alice');
  const phone = await users.create('Alice', { userID: laptop.userID });
  const bob = await users.create('Bob');
  const shared = unique('shared');
  const laptopOnly = unique('laptop');
  const phoneOnly = unique('phone');

  await laptop.createRoom(shared);
  await laptop.createRoom(laptopOnly);
  await phone.joinRoom(shared);
  await phone.createRoom(phoneOnly);
  await bob.joinRoom(laptopOnly);
  await bob.joinRoom(shared);
  // Two sessions of one user are one member.
  await bob.expectMemberCount(2);

  await laptop.leaveAllRooms();
  await expect(laptop.page.getByText('You are not in any room')).toBeVisible();
  await expect(laptop.roomTabs).toHaveCount(0);
  await expect
    .poll(async () => (await laptop.roomStatesSince(0)).slice(-2).sort())
    .toEqual([`${laptopOnly} · Disconnected · Success`, `${shared} · Disconnected · Success`].sort());

  // The phone keeps both of its rooms.
  await expect(phone.roomTabs).toHaveCount(2);
  await expect(phone.roomTab(shared)).toBeVisible();
  await expect(phone.roomTab(phoneOnly)).toBeVisible();

  // Bob sees Alice leave the room only the laptop was in, but not the one the phone is still in.
  await bob.selectRoom(laptopOnly);
  await bob.expectMemberCount(1);
  await bob.selectRoom(shared);
  await bob.expectMemberCount(2);
  await expect(bob.member(laptop)).toBeVisible();
  const left = (await bob.timelineEntries()).filter((e) => e.event === 'roomMemberLeft').map((e) => e.title);
  expect(left).toEqual([`${laptopOnly} · 1 member left`]);
});

test('offline and back within the grace period: the others see no leave', async ({ users }) => {
  const alice = await users.create('Alice');
  const bob = await users.create('Bob');
  const room = unique('flaky');
  await alice.createRoom(room);
  await bob.joinRoom(room);
  await alice.expectMemberCount(2);

  await bob.goOffline();
  await expect(bob.reconnectBanner).toBeVisible();
  await expect(bob.connection).toHaveAccessibleName('Connection: Reconnecting');
  await expect(bob.roomPanel.getByText('Connecting · NetworkInterrupted')).toBeVisible();
  await alice.send('said while Bob was away');

  await bob.goOnline();
  await expect(bob.connection).toHaveAccessibleName('Connection: Connected', { timeout: 15_000 });
  await expect(bob.reconnectBanner).toBeHidden();
  await bob.expectActiveRoom(room);
  await expect(bob.messages.getByText('said while Bob was away')).toBeVisible();
  const bobStates = await bob.roomStatesSince(0);
  expect(bobStates.slice(-2)).toEqual([`${room} · Connecting · NetworkInterrupted`, `${room} · Connected · Success`]);

  // A message from Bob after his return reaches Alice, so anything sent before it has arrived too.
  await bob.send('back again');
  await expect(alice.messages.getByText('back again')).toBeVisible();
  await alice.expectMemberCount(2);
  const aliceSaw = (await alice.timelineEntries()).filter(
    (e) => e.event === 'roomMemberLeft' || e.title.includes('joined'),
  );
  expect(aliceSaw.map((e) => e.title)).toEqual([`${room} · 1 member joined`]);
});

test('offline beyond the grace period: the others see the leave, and the user is told', async ({ users }) => {
  test.slow(); // waits out the server's grace period (8 s in the e2e server's settings)
  const alice = await users.create('Alice');
  const bob = await users.create('Bob');
  const room = unique('gone-too-long');
  await alice.createRoom(room, { roomName: 'Study group' });
  await bob.joinRoom(room);
  await alice.expectMemberCount(2);

  await bob.goOffline();
  await expect(bob.reconnectBanner).toBeVisible();
  await alice.expectMemberCount(1, 20_000);
  await expect(alice.timeline.getByRole('listitem').first()).toContainText(`${room} · 1 member left`);

  await bob.goOnline();
  await expect(bob.connection).toHaveAccessibleName('Connection: Connected', { timeout: 15_000 });
  await expect(bob.page.getByRole('alert').filter({ hasText: 'You were away too long' })).toContainText('Study group');
  await expect(bob.roomTabs).toHaveCount(0);
  await expect.poll(async () => (await bob.roomStatesSince(0)).at(-1)).toBe(`${room} · Disconnected · ConnectTimeout`);
});

test('a page reload restores the session and its rooms; nobody sees a leave', async ({ users }) => {
  const alice = await users.create('Alice');
  const bob = await users.create('Bob');
  const room1 = unique('reload-a');
  const room2 = unique('reload-b');
  await alice.createRoom(room1, { roomName: 'First' });
  await bob.joinRoom(room1);
  await bob.enterRoom(room2, 'Second');
  await bob.selectRoom(room1);
  await bob.send('before reload');

  await bob.page.reload();
  await expect(bob.connection).toHaveAccessibleName('Connection: Connected');
  await expect(bob.roomTabs).toHaveCount(2);
  await expect(bob.roomTab(room1)).toContainText('First');
  await expect(bob.roomTab(room2)).toContainText('Second');
  await bob.selectRoom(room1);
  await bob.expectMemberCount(2);
  await expect(bob.messages.getByText('before reload')).toBeVisible();

  await bob.send('after reload');
  await expect(alice.messages.getByText('after reload')).toBeVisible();
  expect((await alice.timelineEntries()).filter((e) => e.event === 'roomMemberLeft')).toEqual([]);
});

test('a duplicated tab starts a session of its own: the original tab keeps its connection and rooms', async ({
  users,
}) => {
  const alice = await users.create('Alice');
  const bob = await users.create('Bob');
  const room = unique('dup');
  await alice.createRoom(room);
  await bob.joinRoom(room);
  await bob.expectMemberCount(2);

  // window.open copies the opener's sessionStorage, as a browser's "duplicate tab" does.
  const [copy] = await Promise.all([
    alice.context.waitForEvent('page'),
    alice.page.evaluate(() => void window.open(window.location.href)),
  ]);
  await expect(copy.getByRole('status', { name: /^Connection:/ })).toHaveAccessibleName('Connection: Connected');

  // The original was not pushed out: still connected, still in the room, still a member for Bob.
  await expect(alice.connection).toHaveAccessibleName('Connection: Connected');
  await expect(alice.roomTab(room)).toBeVisible();
  await alice.send('still here');
  await expect(bob.page.getByText('still here')).toBeVisible();
  await bob.expectMemberCount(2);
});
