/**
 * Convene's own events beside ZIM's, against the real server: `roomEntered` carries the room as
 * the server has it (on entering, and again on a resume after a dropped connection), and
 * `sessionEnded` says why a session ended, with the server's error code.
 */
import { describe, expect, it } from 'vitest';
import {
  ZIMMessageDirection,
  ZIMConnectionEvent as CE,
  ZIMConnectionState as CS,
  ZIMErrorCode,
  ZIMRoomEvent as E,
  ZIMRoomState as S,
  type ZIM,
} from '../../lib/zim/index.ts';
import { breakNetwork, newClient, newUser, rejection, socketOf, uid, useServer, type TestServer } from './helpers.ts';

const ids = (list: { userID: string }[]) => list.map((m) => m.userID).sort();

/** Cuts the client's network and waits until the server has seen it go; the SDK is back after 800 ms. */
async function dropOff(server: TestServer, zim: ZIM): Promise<void> {
  socketOf(zim).io.reconnectionDelay(800);
  socketOf(zim).io.reconnectionDelayMax(800);
  const sockets = server.server.io.of('/').sockets.size;
  breakNetwork(zim);
  await expect.poll(() => server.server.io.of('/').sockets.size).toBe(sockets - 1);
}

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
        messageList: [],
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

  it('carries the last page of history: a joiner gets what was said before it came, oldest first, its own as sent', async () => {
    const alice = await newUser(server);
    const bob = await newUser(server);
    const roomID = uid('history');
    await alice.zim.createRoom({ roomID, roomName: 'Talk' });
    for (const message of ['one', 'two', 'three'])
      await alice.zim.sendMessage({ type: 1, message }, roomID, 1, { priority: 1 });
    await bob.zim.joinRoom(roomID);
    const seen = bob.rec.of('roomEntered')[0]!.messageList!;
    expect(seen.map((m) => [m.message, m.senderUserID, m.direction, m.conversationID])).toEqual(
      ['one', 'two', 'three'].map((text) => [text, alice.userID, ZIMMessageDirection.Receive, roomID]),
    );
    // Alice comes back into the room (Bob holds it open): her own messages are hers.
    await alice.zim.leaveRoom(roomID);
    await alice.zim.enterRoom({ roomID, roomName: 'Talk' });
    const again = alice.rec.of('roomEntered').at(-1)!.messageList!;
    expect(again.map((m) => m.direction)).toEqual([1, 1, 1].map(() => ZIMMessageDirection.Send));
    expect(again.map((m) => m.messageID)).toEqual(seen.map((m) => m.messageID));
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
    await dropOff(server, alice.zim);
    await bob.zim.leaveRoom(roomID);
    const dave = await newUser(server);
    await dave.zim.joinRoom(roomID);

    const resumed = await alice.rec.waitFor('roomEntered', () => true, 5000);
    expect(resumed).toMatchObject({ roomID, how: 'resumed', memberListComplete: true, roomAttributes: {} });
    // Alice had no message of the room live, so the bundle brings the room's last page again.
    expect(resumed.messageList).toEqual([]);
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

describe('roomEntered on a resume of a room whose messages the SDK held', () => {
  const server = useServer();

  it('carries no history; what was said while away comes once, as receiveRoomMessage', async () => {
    const alice = await newUser(server);
    const bob = await newUser(server);
    const roomID = uid('held');
    await alice.zim.createRoom({ roomID, roomName: 'Held' });
    await bob.zim.joinRoom(roomID);
    await bob.zim.sendMessage({ type: 1, message: 'before' }, roomID, 1, { priority: 1 });
    await alice.rec.waitFor('receiveRoomMessage', (e) => e.messageList.some((m) => m.message === 'before'));
    alice.rec.clear();
    await dropOff(server, alice.zim);
    await bob.zim.sendMessage({ type: 1, message: 'while away' }, roomID, 1, { priority: 1 });

    const resumed = await alice.rec.waitFor('roomEntered', () => true, 5000);
    expect(resumed.how).toBe('resumed');
    expect(resumed.messageList).toBeUndefined();
    await alice.rec.waitFor('receiveRoomMessage', (e) => e.messageList.some((m) => m.message === 'while away'));
    const texts = alice.rec.of('receiveRoomMessage').flatMap((e) => e.messageList.map((m) => m.message));
    expect(texts).toEqual(['while away']);
  });
});
