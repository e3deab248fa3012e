/** Creating, joining, entering and leaving rooms, as several people live it (ZIM's rooms page). */
import { expect, test, unique } from './support/fixtures.ts';

test('createRoom then joinRoom: the creator sees the second member arrive', async ({ users }) => {
  const alice = await users.create('Alice');
  const bob = await users.create('Bob');
  const room = unique('class');

  await alice.createRoom(room, { roomName: 'Algebra', attributes: { teacher: 'Ms A' } });
  await expect(alice.roomPanel.getByRole('heading', { level: 1, name: 'Algebra' })).toBeVisible();
  await alice.expectMemberCount(1);
  await expect(alice.roomPanel.getByRole('list', { name: 'Room attributes' })).toContainText('teacher = Ms A');

  await bob.joinRoom(room);
  await expect(bob.roomPanel.getByRole('heading', { level: 1, name: 'Algebra' })).toBeVisible();
  await bob.expectMemberCount(2);
  await expect(bob.roomPanel.getByRole('list', { name: 'Room attributes' })).toContainText('teacher = Ms A');

  await alice.expectMemberCount(2);
  await expect(alice.member(bob)).toContainText('Bob');
  await expect(alice.timeline.getByRole('listitem').first()).toContainText(`${room} · 1 member joined`);
  await expect(alice.timeline.getByRole('listitem').first()).toContainText(`Bob (${bob.userID})`);
});

test('enterRoom on a missing room creates it, and a second enterRoom joins it', async ({ users }) => {
  const alice = await users.create('Alice');
  const bob = await users.create('Bob');
  const room = unique('auto');

  await alice.enterRoom(room, 'Drop-in hour');
  await expect(alice.roomPanel.getByRole('heading', { level: 1, name: 'Drop-in hour' })).toBeVisible();
  await expect
    .poll(() => alice.roomStatesSince(0))
    .toEqual([`${room} · Connecting · ActiveEnter`, `${room} · Connected · Success`]);

  // The room exists now: Bob's name for it is ignored, he joins Alice's room.
  await bob.enterRoom(room, 'Another name');
  await expect(bob.roomPanel.getByRole('heading', { level: 1, name: 'Drop-in hour' })).toBeVisible();
  await alice.expectMemberCount(2);
});

test('createRoom on an existing ID shows the server error 6000323', async ({ users }) => {
  const alice = await users.create('Alice');
  const bob = await users.create('Bob');
  const room = unique('taken');
  await alice.createRoom(room);

  await bob.submitCreateRoom(room);
  const alert = bob.lobbyForm('Create a room').getByRole('alert');
  await expect(alert).toContainText('Could not create the room');
  await expect(alert).toContainText('Error 6000323');
  await expect(alert).toContainText(room);
  await expect(bob.page).toHaveURL(/\/lobby$/);
  await expect
    .poll(() => bob.roomStatesSince(0))
    .toEqual([`${room} · Connecting · ActiveCreate`, `${room} · Disconnected · CreateFailed`]);
});

test('joinRoom on a missing room shows the server error 6000322', async ({ users }) => {
  const bob = await users.create('Bob');
  const room = unique('nowhere');

  await bob.submitJoinRoom(room);
  const alert = bob.lobbyForm('Join a room').getByRole('alert');
  await expect(alert).toContainText('Could not join the room');
  await expect(alert).toContainText('Error 6000322');
  await expect
    .poll(() => bob.roomStatesSince(0))
    .toEqual([`${room} · Connecting · ActiveEnter`, `${room} · Disconnected · EnterFailed`]);
});

test('leaveRoom: the others see the member leave', async ({ users }) => {
  const alice = await users.create('Alice');
  const bob = await users.create('Bob');
  const room = unique('leave');
  await alice.createRoom(room);
  await bob.joinRoom(room);
  await alice.expectMemberCount(2);
  await bob.send('See you tomorrow');
  await expect(alice.messages.getByRole('article', { name: /^Bob at / })).toContainText('See you tomorrow');

  await bob.leaveRoom();
  await expect(bob.roomPanel).toHaveCount(0);
  await expect(bob.page.getByText('You are not in any room')).toBeVisible();
  await expect.poll(async () => (await bob.roomStatesSince(0)).at(-1)).toBe(`${room} · Disconnected · Success`);

  await alice.expectMemberCount(1);
  await expect(alice.member(bob)).toHaveCount(0);
  await expect(alice.timeline.getByRole('listitem').first()).toContainText(`${room} · 1 member left`);
  await expect(alice.timeline.getByRole('listitem').first()).toContainText(`Bob (${bob.userID})`);
  // Bob's message is still signed with his name, not his user ID.
  await expect(alice.messages.getByRole('article', { name: /^Bob at / })).toContainText('See you tomorrow');
});

test('destroy delay: a room left empty can still be joined before the delay ends', async ({ users }) => {
  const alice = await users.create('Alice');
  const bob = await users.create('Bob');
  const kept = unique('kept');
  const gone = unique('gone');

  await alice.createRoom(kept, { destroyDelay: 120, attributes: { topic: 'kept' } });
  await alice.leaveRoom();
  await alice.createRoom(gone);
  await alice.leaveRoom();
  await expect(alice.page.getByText('You are not in any room')).toBeVisible();

  // The room with a delay still exists, with its attributes; the one without is destroyed.
  await bob.joinRoom(kept);
  await bob.expectMemberCount(1);
  await expect(bob.roomPanel.getByRole('list', { name: 'Room attributes' })).toContainText('topic = kept');

  await bob.submitJoinRoom(gone);
  await expect(bob.lobbyForm('Join a room').getByRole('alert')).toContainText('Error 6000322');

  // During the delay the room still counts as existing: creating it again fails.
  await alice.submitCreateRoom(kept);
  await expect(alice.lobbyForm('Create a room').getByRole('alert')).toContainText('Error 6000323');
});
