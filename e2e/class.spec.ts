/**
 * A class: the creator hosts it; students raise hands; the host removes a student, sets the topic
 * and ends the class through the app's backend; in demo mode simulated students fill the room.
 */
import {
  addSimulatedStudents,
  endClass,
  expectInLobby,
  handButton,
  handsBadge,
  memberOrder,
  notice,
  raiseHand,
  removeMember,
  setTopic,
} from './support/class-room.ts';
import { expect, test, unique } from './support/fixtures.ts';
import type { Users } from './support/fixtures.ts';

/** Ms. Rivera hosts Physics 101; Bob and Cleo are in it. */
async function physicsClass(users: Users) {
  const host = await users.create('Ms. Rivera');
  const bob = await users.create('Bob Stone');
  const cleo = await users.create('Cleo Park');
  const room = unique('physics');
  await host.createRoom(room, { roomName: 'Physics 101' });
  await bob.joinRoom(room);
  await cleo.joinRoom(room);
  await host.expectMemberCount(3);
  await expect(host.member(host)).toContainText('host');
  await expect(cleo.roomPanel.getByText('Host: Ms. Rivera')).toBeVisible();
  return { host, bob, cleo, room };
}

test('a raised hand floats to the top of the host’s member list, with a count; the host lowers it', async ({
  users,
}) => {
  const { host, bob, cleo } = await physicsClass(users);
  await expect.poll(() => memberOrder(host)).toEqual(['Ms. Rivera', 'Bob Stone', 'Cleo Park']);

  await raiseHand(cleo);
  await expect.poll(() => memberOrder(host)).toEqual(['Cleo Park', 'Ms. Rivera', 'Bob Stone']);
  // For the host, the raised hand is the button that lowers it.
  await expect(host.member(cleo).getByRole('button', { name: "Lower Cleo Park's hand" })).toBeVisible();
  await expect(handsBadge(host)).toContainText('1 hand raised');
  // Everyone sees the hand; the order changes only for the host.
  await expect(bob.member(cleo).getByRole('img', { name: 'Hand raised' })).toBeVisible();
  await expect.poll(() => memberOrder(bob)).toEqual(['Bob Stone', 'Cleo Park', 'Ms. Rivera']);

  await raiseHand(bob);
  await expect(handsBadge(host)).toContainText('2 hands raised');
  await host.membersRegion.getByRole('button', { name: "Lower Cleo Park's hand" }).click();
  await expect(handButton(cleo)).toHaveAttribute('aria-pressed', 'false');
  await expect(handsBadge(host)).toContainText('1 hand raised');
  await expect
    .poll(async () => (await host.timelineEntries()).some((e) => e.detail === 'Cleo Park: hand = down — by Ms. Rivera'))
    .toBe(true);
});

test('the host removes a student: the student is told why and is back in the lobby; the others see the leave', async ({
  users,
}) => {
  const { host, bob, cleo, room } = await physicsClass(users);
  await setTopic(host, 'Newton’s laws');
  await expect(bob.roomPanel.getByText('Topic: Newton’s laws')).toBeVisible();

  await removeMember(host, bob, 'Phones away during the quiz');
  await expect(notice(bob, 'Ms. Rivera removed you from Physics 101: Phones away during the quiz')).toBeVisible();
  await expectInLobby(bob);
  await expect
    .poll(async () => (await bob.timelineEntries()).some((e) => e.title === `${room} · Disconnected · KickedOut`))
    .toBe(true);

  await cleo.expectMemberCount(2);
  await expect(cleo.member(bob)).toHaveCount(0);
  await expect
    .poll(async () =>
      (await cleo.timelineEntries()).some(
        (e) => e.title === `${room} · 1 member left` && e.detail.includes('Bob Stone'),
      ),
    )
    .toBe(true);
  // The class is told who removed whom, in the messages and the timeline.
  const told = 'Ms. Rivera removed Bob Stone from the class: Phones away during the quiz';
  await expect(cleo.messages.getByRole('note').filter({ hasText: told })).toBeVisible();
  await expect
    .poll(async () =>
      (await cleo.timelineEntries()).some((e) => e.title === `${room} · from the server` && e.detail === told),
    )
    .toBe(true);
  await host.expectMemberCount(2);
});

test('the host ends the class: everyone sees that it has ended', async ({ users }) => {
  const { host, bob, cleo } = await physicsClass(users);
  await endClass(host);
  for (const student of [bob, cleo]) {
    await expect(notice(student, 'The class has ended: Ms. Rivera ended Physics 101.')).toBeVisible();
    await expectInLobby(student);
  }
  await expect(notice(host, 'The class has ended: you ended Physics 101.')).toBeVisible();
});

test('students cannot use the host’s controls, and the backend refuses them too', async ({ users }) => {
  const { bob, cleo, room } = await physicsClass(users);
  await expect(bob.page.getByRole('button', { name: 'End class' })).toHaveCount(0);
  await expect(bob.membersRegion.getByRole('button', { name: /^Remove / })).toHaveCount(0);
  // Bob asks the app's backend directly: without a token, then with his own (valid) one.
  const statuses = await bob.page.evaluate(
    async ({ roomID, userID, target }) => {
      const kick = (headers: Record<string, string>) =>
        fetch(`/api/host/rooms/${encodeURIComponent(roomID)}/kick`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ userID: target, reason: 'mine now' }),
        }).then((r) => r.status);
      const { token } = (await (await fetch(`/api/token?userID=${encodeURIComponent(userID)}`)).json()) as {
        token: string;
      };
      return [
        await kick({}),
        await kick({ authorization: 'Bearer not-a-token' }),
        await kick({ authorization: `Bearer ${token}` }),
      ];
    },
    { roomID: room, userID: bob.userID, target: cleo.userID },
  );
  expect(statuses).toEqual([401, 401, 403]);
  await cleo.expectMemberCount(3);
});

test('the host adds five simulated students, who join and talk', async ({ users }) => {
  const host = await users.create('Ms. Rivera');
  const room = unique('demo');
  await host.createRoom(room, { roomName: 'Demo class' });
  await addSimulatedStudents(host, 5);
  await host.expectMemberCount(6);
  await expect(host.members.filter({ hasText: '(sim)' })).toHaveCount(5);
  // Each says hello within a few seconds of joining.
  await expect
    .poll(async () => host.messages.getByRole('article', { name: /\(sim\) at / }).count(), { timeout: 15_000 })
    .toBeGreaterThan(0);
});
