/** switchRoom: the SPEC section 3 events in order, and what the other members see. */
import { expect, test, unique } from './support/fixtures.ts';

test('switch to an existing room: events in order; Room1 sees the leave, Room2 the join', async ({ users }) => {
  const alice = await users.create('Alice');
  const bob = await users.create('Bob');
  const carol = await users.create('Carol');
  const room1 = unique('room1');
  const room2 = unique('room2');

  await alice.createRoom(room1);
  await bob.joinRoom(room1);
  await carol.createRoom(room2);
  await alice.expectMemberCount(2);

  const before = (await alice.timelineEntries()).length;
  await alice.submitSwitchRoom(room2);
  await expect(alice.switchDialog).toBeHidden();
  await alice.expectActiveRoom(room2);
  await expect(alice.roomTabs).toHaveCount(1);
  await alice.expectMemberCount(2);

  await expect
    .poll(() => alice.roomStatesSince(before))
    .toEqual([
      `${room2} · Connecting · ActiveSwitch`,
      `${room2} · Connected · Success`,
      `${room1} · Disconnected · Success`,
    ]);

  await bob.expectMemberCount(1);
  await expect(bob.timeline.getByRole('listitem').first()).toContainText(`${room1} · 1 member left`);
  await carol.expectMemberCount(2);
  await expect(carol.member(alice)).toBeVisible();
  await expect(carol.timeline.getByRole('listitem').first()).toContainText(`${room2} · 1 member joined`);
});

test('switch to a missing room with "create" on creates it with the given settings', async ({ users }) => {
  const alice = await users.create('Alice');
  const bob = await users.create('Bob');
  const room1 = unique('from');
  const room2 = unique('new');

  await alice.createRoom(room1);
  await bob.joinRoom(room1);

  const before = (await alice.timelineEntries()).length;
  await alice.submitSwitchRoom(room2, {
    create: true,
    roomName: 'Breakout A',
    attributes: { group: 'A' },
    destroyDelay: 60,
  });
  await alice.expectActiveRoom(room2);
  await expect(alice.roomPanel.getByRole('heading', { level: 1, name: 'Breakout A' })).toBeVisible();
  await expect(alice.roomPanel.getByRole('list', { name: 'Room attributes' })).toContainText('group = A');
  await expect
    .poll(() => alice.roomStatesSince(before))
    .toEqual([
      `${room2} · Connecting · ActiveSwitch`,
      `${room2} · Connected · Success`,
      `${room1} · Disconnected · Success`,
    ]);
  await bob.expectMemberCount(1);

  // The new room is real: Bob can join it.
  await bob.joinRoom(room2);
  await alice.expectMemberCount(2);
});

test('switch to a missing room with "create" off fails and the user stays where it was', async ({ users }) => {
  const alice = await users.create('Alice');
  const bob = await users.create('Bob');
  const room1 = unique('stay');
  const missing = unique('missing');

  await alice.createRoom(room1, { roomName: 'Home room' });
  await bob.joinRoom(room1);
  await alice.send('before the switch');

  const before = (await alice.timelineEntries()).length;
  await alice.submitSwitchRoom(missing);
  const alert = alice.switchDialog.getByRole('alert');
  await expect(alert).toContainText(`Could not switch rooms — you are still in ${room1}`);
  await expect(alert).toContainText('Error 6000322');
  await expect
    .poll(() => alice.roomStatesSince(before))
    .toEqual([`${missing} · Connecting · ActiveSwitch`, `${missing} · Disconnected · SwitchFailed`]);

  await alice.switchDialog.getByRole('button', { name: 'Cancel' }).click();
  await alice.expectActiveRoom(room1);
  await expect(alice.roomTabs).toHaveCount(1);
  await expect(alice.messages.getByText('before the switch')).toBeVisible();

  // Nobody saw Alice leave: she is still a member and can still talk.
  await bob.expectMemberCount(2);
  await alice.send('still here');
  await expect(bob.messages.getByText('still here')).toBeVisible();
  expect((await bob.timelineEntries()).filter((e) => e.event === 'roomMemberLeft')).toEqual([]);
});
