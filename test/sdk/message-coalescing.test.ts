/**
 * Issue 10 as an app sees it: with the server coalescing a room's messages, the app still gets
 * each message once and in order, never its own, also across a network drop while messages are
 * held (its own acknowledged message is then ahead of the ones it has not received yet).
 */
import { describe, expect, it } from 'vitest';
import { ZIMConnectionState as CS } from '../../lib/zim/index.ts';
import { breakNetwork, newUser, socketOf, uid, useServer, type Recorder, type TestServer } from './helpers.ts';

const server = useServer({ messageCoalesceMs: 300, messageRatePerSecond: 100 });

const texts = (rec: Recorder) =>
  rec.of('receiveRoomMessage').flatMap((e) => e.messageList.map((m) => String(m.message)));
const say = (
  user: { zim: { sendRoomMessage: (m: { type: 1; message: string }, roomID: string) => Promise<unknown> } },
  roomID: string,
  message: string,
) => user.zim.sendRoomMessage({ type: 1, message }, roomID);
const serverSockets = (s: TestServer) => s.server.io.of('/').sockets.size;

async function dropAndReturn(user: Awaited<ReturnType<typeof newUser>>, whileAway: () => Promise<void>): Promise<void> {
  const before = serverSockets(server);
  socketOf(user.zim).io.reconnectionDelay(500);
  socketOf(user.zim).io.reconnectionDelayMax(500);
  breakNetwork(user.zim);
  await expect.poll(() => serverSockets(server)).toBe(before - 1);
  await whileAway();
  await expect.poll(() => user.zim.getConnectionState(), { timeout: 5000 }).toBe(CS.Connected);
}

describe('coalesced messages in the SDK', () => {
  it('a drop while messages are held and the app’s own later one is acknowledged: after the resume each message shows once, in order, its own none', async () => {
    const [alice, bob, carol] = [await newUser(server), await newUser(server), await newUser(server)];
    const roomID = uid('held');
    await alice.zim.createRoom({ roomID, roomName: '' });
    await bob.zim.joinRoom(roomID);
    await carol.zim.joinRoom(roomID);
    await say(bob, roomID, 'b1');
    await alice.rec.waitFor('receiveRoomMessage', (e) => e.messageList.some((m) => m.message === 'b1'));
    await say(bob, roomID, 'b2'); // held for the window
    await say(alice, roomID, 'a1'); // acknowledged ahead of b2
    await say(carol, roomID, 'c1'); // held
    await dropAndReturn(alice, () => say(bob, roomID, 'b3').then(() => undefined));
    await alice.rec.waitFor('receiveRoomMessage', (e) => e.messageList.some((m) => m.message === 'b3'));
    await say(carol, roomID, 'live');
    await alice.rec.waitFor('receiveRoomMessage', (e) => e.messageList.some((m) => m.message === 'live'));
    expect(texts(alice.rec)).toEqual(['b1', 'b2', 'c1', 'b3', 'live']);
    const ids = alice.rec.of('receiveRoomMessage').flatMap((e) => e.messageList.map((m) => Number(m.messageID)));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
  });

  it('the same when the app had received nothing in the room yet (its resume point comes from its own message)', async () => {
    const [alice, bob] = [await newUser(server), await newUser(server)];
    const roomID = uid('fresh');
    await bob.zim.createRoom({ roomID, roomName: '' });
    await say(bob, roomID, 'before'); // opens the window, before alice is there
    await alice.zim.joinRoom(roomID);
    await say(bob, roomID, 'b1'); // held
    await say(alice, roomID, 'a1');
    await dropAndReturn(alice, () => Promise.resolve());
    await say(bob, roomID, 'live');
    await alice.rec.waitFor('receiveRoomMessage', (e) => e.messageList.some((m) => m.message === 'live'));
    expect(texts(alice.rec)).toEqual(['b1', 'live']);
  });

  it('a sender sees the others’ messages of a busy room once each, in order, and never its own', async () => {
    const users = [await newUser(server), await newUser(server), await newUser(server)];
    const roomID = uid('busy');
    await users[0]!.zim.createRoom({ roomID, roomName: '' });
    for (const u of users.slice(1)) await u.zim.joinRoom(roomID);
    await Promise.all(users.flatMap((u, i) => Array.from({ length: 8 }, (_, n) => say(u, roomID, `u${i}#${n}`))));
    for (const u of users) await expect.poll(() => texts(u.rec).length, { timeout: 5000 }).toBe(16);
    const orders = users.map((u) =>
      u.rec.of('receiveRoomMessage').flatMap((e) => e.messageList.map((m) => m.messageID)),
    );
    users.forEach((u, i) => {
      expect(texts(u.rec).some((t) => t.startsWith(`u${i}#`))).toBe(false);
      expect(new Set(orders[i]).size).toBe(16);
      expect(orders[i]!.map(Number)).toEqual([...orders[i]!.map(Number)].sort((x, y) => x - y));
      expect(u.rec.of('receiveRoomMessage').length).toBeLessThan(16);
    });
  });
});
