/**
 * Convene's own events beside ZIM's, against the real server: `roomEntered` carries the room as
 * the server has it (on entering, and again on a resume after a dropped connection), and
 * `sessionEnded` says why a session ended, with the server's error code.
 */
import { describe, expect, it } from 'vitest';
import {
  ZIMConnectionEvent as CE,
  ZIMConnectionState as CS,
  ZIMErrorCode,
  ZIMRoomEvent as E,
  ZIMRoomState as S,
} from '../../lib/zim/index.ts';
import { breakNetwork, newClient, newUser, rejection, socketOf, uid, useServer } from './helpers.ts';

const ids = (list: { userID: string }[]) => list.map((m) => m.userID).sort();

describe('roomEntered', () => {
  const server = useServer({ initialMemberListSize: 3 });

  it('comes once per entry with the member list and attributes; a list as long as the cap is marked incomplete', async () => {
    const alice = await newUser(server);
    const bob = await newUser(server);
    const roomID = uid('entered');
    await alice.zim.createRoom({ roomID, roomName: 'Maths' }, { roomAttributes: { topic: 'sets' } });
    expect(alice.rec.of('roomEntered')).toEqual([
      {
        roomID,
        roomInfo: { baseInfo: { roomID, roomName: 'Maths' } },
        memberList: [{ userID: alice.userID, userName: alice.userName, userAvatarUrl: '', userExtendedData: '' }],
        memberListComplete: true,
        roomAttributes: { topic: 'sets' },
        how: 'entered',
      },
    ]);
    await bob.zim.joinRoom(roomID);
    const bobs = bob.rec.of('roomEntered');
    expect(bobs).toHaveLength(1);
    expect(ids(bobs[0]!.memberList)).toEqual(ids([alice, bob]));
    expect(bobs[0]).toMatchObject({ memberListComplete: true, roomAttributes: { topic: 'sets' }, how: 'entered' });

    // A third member fills the server's cap of 3: that list may leave members out.
    const carol = await newUser(server);
    await carol.zim.joinRoom(roomID);
    expect(carol.rec.of('roomEntered')[0]).toMatchObject({ memberListComplete: false, how: 'entered' });
    expect(carol.rec.of('roomEntered')[0]!.memberList).toHaveLength(3);
  });

  it('after a dropped connection, comes again (resumed) with the member list as the server has it now', async () => {
    const alice = await newUser(server);
    const bob = await newUser(server);
    const roomID = uid('resumed');
    await alice.zim.createRoom({ roomID, roomName: 'Back' });
    await bob.zim.joinRoom(roomID);
    await alice.rec.waitFor('roomMemberJoined', (e) => e.memberList.some((m) => m.userID === bob.userID));
    alice.rec.clear();
    // Alice is away while Bob leaves and Dave joins.
    socketOf(alice.zim).io.reconnectionDelay(800);
    socketOf(alice.zim).io.reconnectionDelayMax(800);
    const sockets = server.server.io.of('/').sockets.size;
    breakNetwork(alice.zim);
    await expect.poll(() => server.server.io.of('/').sockets.size).toBe(sockets - 1);
    await bob.zim.leaveRoom(roomID);
    const dave = await newUser(server);
    await dave.zim.joinRoom(roomID);

    const resumed = await alice.rec.waitFor('roomEntered', () => true, 5000);
    expect(resumed).toMatchObject({ roomID, how: 'resumed', memberListComplete: true, roomAttributes: {} });
    expect(resumed.roomInfo.baseInfo).toEqual({ roomID, roomName: 'Back' });
    expect(ids(resumed.memberList)).toEqual(ids([alice, dave]));
    expect(alice.rec.roomStates(roomID).at(-1)).toEqual([S.Connected, E.Success]);
    expect(alice.rec.of('roomEntered')).toHaveLength(1);
  });
});

describe('sessionEnded', () => {
  const server = useServer({ maxSessionsPerUser: 1 });

  it("a session refused by the server ends with sessionEnded carrying the server's code, after the connection event", async () => {
    const first = await newUser(server);
    const second = newClient(server, { persistSession: false });
    const refused = await rejection(second.zim.login(first.userID));
    const ended = await second.rec.waitFor('sessionEnded');
    expect(ended.event).toBe(CE.KickedOut);
    expect(ended.error.code).toBe(refused.code);
    expect(ended.error.code).toBe(ZIMErrorCode.LoginFailed);
    expect(ended.error.message).toBe(refused.message);
    const names = second.rec.events.map((e) => e.name);
    expect(names.indexOf('sessionEnded')).toBe(names.lastIndexOf('connectionStateChanged') + 1);
    expect(second.zim.getConnectionState()).toBe(CS.Disconnected);
    // The first session is untouched.
    expect(first.zim.getConnectionState()).toBe(CS.Connected);
    expect(first.rec.of('sessionEnded')).toEqual([]);
  });

  it('logging out ends the session with event Success', async () => {
    const alice = await newUser(server);
    await alice.zim.logout();
    expect(alice.rec.of('sessionEnded')).toEqual([
      { event: CE.Success, error: { code: ZIMErrorCode.NotLoggedIn, message: 'Logged out' } },
    ]);
  });
});
