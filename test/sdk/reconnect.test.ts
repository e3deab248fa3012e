import { afterEach, describe, expect, it } from 'vitest';
import {
  ZIMConnectionEvent as CE,
  ZIMConnectionState as CS,
  ZIMErrorCode,
  ZIMRoomEvent as E,
  ZIMRoomState as S,
} from '../../lib/zim/index.ts';
import { breakNetwork, newClient, newUser, rejection, socketOf, uid, useServer, type TestServer } from './helpers.ts';

async function twoInRoom(server: TestServer) {
  const alice = await newUser(server);
  const bob = await newUser(server);
  const roomID = uid('net');
  await alice.zim.createRoom({ roomID, roomName: '' });
  await bob.zim.joinRoom(roomID);
  await alice.rec.waitFor('roomMemberJoined', (e) => e.memberList.some((m) => m.userID === bob.userID));
  return { alice, bob, roomID };
}

/** Sockets the server holds right now (to know it has seen a drop). */
const serverSockets = (server: TestServer) => server.server.io.of('/').sockets.size;

describe('a network drop within the grace period', () => {
  const server = useServer();

  it('reports Connecting/NetworkInterrupted then Connected/Success; the others see no leave', async () => {
    const { alice, bob, roomID } = await twoInRoom(server);
    alice.rec.clear();
    breakNetwork(alice.zim);
    expect(alice.zim.getConnectionState()).toBe(CS.Reconnecting);
    // Calls made while reconnecting fail at once instead of being queued.
    expect((await rejection(alice.zim.queryRoomOnlineMemberCount(roomID))).code).toBe(ZIMErrorCode.NetworkError);
    await expect.poll(() => alice.zim.getConnectionState()).toBe(CS.Connected);
    await expect.poll(() => alice.rec.roomStates(roomID).length).toBe(2);
    expect(alice.rec.roomStates(roomID)).toEqual([
      [S.Connecting, E.NetworkInterrupted],
      [S.Connected, E.Success],
    ]);
    expect(alice.rec.connectionStates()).toEqual([
      [CS.Reconnecting, CE.LoginInterrupted],
      [CS.Connected, CE.Success],
    ]);
    expect(alice.zim.getRoomIDs()).toEqual([roomID]);
    // Still a member on both sides, and no leave or join was seen.
    await alice.zim.sendRoomMessage({ type: 1, message: 'back' }, roomID);
    await bob.rec.waitFor('receiveRoomMessage', (e) => e.messageList[0]?.message === 'back');
    expect(bob.rec.of('roomMemberLeft')).toEqual([]);
    expect(alice.rec.of('roomMemberJoined')).toEqual([]);
  });

  it('calls made right after the reconnect wait for the rooms to be restored', async () => {
    const { alice, roomID } = await twoInRoom(server);
    breakNetwork(alice.zim);
    let count: Promise<unknown> | undefined;
    alice.zim.on('connectionStateChanged', (zim, { state }) => {
      if (state === CS.Connected) count = zim.queryRoomOnlineMemberCount(roomID);
    });
    await expect.poll(() => count).toBeDefined();
    await expect(count).resolves.toEqual({ roomID, count: 2 });
  });

  it('messages sent while a member was away are delivered after it reconnects, once and in order', async () => {
    const { alice, bob, roomID } = await twoInRoom(server);
    const before = serverSockets(server);
    socketOf(alice.zim).io.reconnectionDelay(1000);
    socketOf(alice.zim).io.reconnectionDelayMax(1000);
    breakNetwork(alice.zim);
    await expect.poll(() => serverSockets(server)).toBe(before - 1);
    for (const text of ['a', 'b', 'c']) await bob.zim.sendRoomMessage({ type: 1, message: text }, roomID);
    await expect.poll(() => alice.zim.getConnectionState(), { timeout: 5000 }).toBe(CS.Connected);
    await alice.rec.waitFor('receiveRoomMessage', (e) => e.messageList.some((m) => m.message === 'c'));
    await bob.zim.sendRoomMessage({ type: 1, message: 'live' }, roomID);
    await alice.rec.waitFor('receiveRoomMessage', (e) => e.messageList.some((m) => m.message === 'live'));
    const texts = alice.rec.of('receiveRoomMessage').flatMap((e) => e.messageList.map((m) => m.message));
    expect(texts).toEqual(['a', 'b', 'c', 'live']);
  });
});

describe('a network drop longer than the grace period', () => {
  const server = useServer({ gracePeriodMs: 300 });

  it('reports Connecting/NetworkInterrupted then Disconnected/ConnectTimeout; the others see the leave', async () => {
    const { alice, bob, roomID } = await twoInRoom(server);
    alice.rec.clear();
    socketOf(alice.zim).io.reconnectionDelay(1500);
    socketOf(alice.zim).io.reconnectionDelayMax(1500);
    breakNetwork(alice.zim);
    await bob.rec.waitFor('roomMemberLeft', (e) => e.memberList.some((m) => m.userID === alice.userID));
    await expect.poll(() => alice.rec.roomStates(roomID).length, { timeout: 5000 }).toBe(2);
    expect(alice.rec.roomStates(roomID)).toEqual([
      [S.Connecting, E.NetworkInterrupted],
      [S.Disconnected, E.ConnectTimeout],
    ]);
    expect(alice.zim.getConnectionState()).toBe(CS.Connected);
    expect(alice.zim.getRoomIDs()).toEqual([]);
  });
});

/** A tab's sessionStorage, as a browser keeps it across a reload. */
function installSessionStorage(): Map<string, string> {
  const data = new Map<string, string>();
  (globalThis as { sessionStorage?: unknown }).sessionStorage = {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  };
  return data;
}

describe('a page reload', () => {
  const server = useServer({ gracePeriodMs: 1000 });
  afterEach(() => {
    delete (globalThis as { sessionStorage?: unknown }).sessionStorage;
  });

  it('restores the same session: the rooms come back with Connected/Success and the bundle, and nobody sees a leave', async () => {
    const storage = installSessionStorage();
    const { alice, bob, roomID } = await twoInRoom(server);
    // Dave drops for good at the same moment: his leave, after the grace period, is our clock.
    const dave = newClient(server, { persistSession: false });
    await dave.zim.login(uid('dave'));
    await dave.zim.joinRoom(roomID);
    const daveID = dave.zim.getUserInfo()!.userID;
    await bob.rec.waitFor('roomMemberJoined', (e) => e.memberList.some((m) => m.userID === daveID));
    bob.rec.clear();
    expect(storage.get(`convene:session:${alice.userID}`)).toMatch(/^[A-Za-z0-9_-]{22}$/);

    alice.zim.destroy(); // The page goes away without a word…
    dave.zim.destroy();
    const reloaded = newClient(server); // …and comes back with the same tab storage.
    await reloaded.zim.login(alice.userID, { userName: alice.userName });
    expect(reloaded.zim.getRoomIDs()).toEqual([roomID]);
    expect(reloaded.rec.names(roomID)).toEqual(['roomStateChanged', 'roomEntered', 'roomMemberJoined']);
    expect(reloaded.rec.of('roomEntered')[0]).toMatchObject({ roomID, how: 'restored', memberListComplete: true });
    expect(reloaded.rec.roomStates(roomID)).toEqual([[S.Connected, E.Success]]);
    const members = reloaded.rec.of('roomMemberJoined')[0]!.memberList.map((m) => m.userID);
    expect(members).toEqual(expect.arrayContaining([alice.userID, bob.userID]));

    await bob.rec.waitFor('roomMemberLeft', (e) => e.memberList.some((m) => m.userID === daveID), 5000);
    const seen = [...bob.rec.of('roomMemberLeft'), ...bob.rec.of('roomMemberJoined')].flatMap((e) => e.memberList);
    expect(seen.map((m) => m.userID)).not.toContain(alice.userID);
    await bob.zim.sendRoomMessage({ type: 1, message: 'still there?' }, roomID);
    await reloaded.rec.waitFor('receiveRoomMessage');
    // Logging out forgets the stored session.
    await reloaded.zim.logout();
    expect(storage.has(`convene:session:${alice.userID}`)).toBe(false);
  });

  it('with persistSession: false starts a new session, and the old one times out', async () => {
    installSessionStorage();
    const { alice, bob, roomID } = await twoInRoom(server);
    alice.zim.destroy();
    const fresh = newClient(server, { persistSession: false });
    await fresh.zim.login(alice.userID);
    expect(fresh.zim.getRoomIDs()).toEqual([]);
    await bob.rec.waitFor('roomMemberLeft', (e) => e.roomID === roomID, 3000);
  });
});
