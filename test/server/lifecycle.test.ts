/** SPEC section 2: every row of the room lifecycle table, success and failure, and destruction. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ZIMErrorCode as E, type ZIMEventOfRoomMembersChangedResult } from '../../lib/protocol/index.ts';
import { rawClient, settle, type RawClient } from '../helpers/raw-client.ts';
import { bye, clients, expectError, info, memberIDs } from '../helpers/room-calls.ts';
import { startServer, uniqueID, type TestServer } from '../helpers/server.ts';
import { TestTime } from '../helpers/test-time.ts';

let srv: TestServer;
const open: RawClient[] = [];
async function users(n: number, options = {}) {
  const list = await clients(srv.url, 'lc', n, options);
  open.push(...list);
  return list;
}
const count = async (c: RawClient, roomID: string) => (await c.ok('queryRoomOnlineMemberCount', { roomID })).count;
const members = async (c: RawClient, roomID: string) =>
  memberIDs(await c.ok('queryRoomMemberList', { roomID, config: { count: 100 } }));
const joinedPush = (roomID: string, userID: string) => (d: ZIMEventOfRoomMembersChangedResult) =>
  d.roomID === roomID && d.memberList.some((m) => m.userID === userID);

describe('room lifecycle', () => {
  beforeAll(async () => void (srv = await startServer()));
  afterAll(async () => {
    await bye(...open.splice(0));
    await srv.close();
  });

  it('createRoom of a new room answers the room, its member list (self included) and its attributes', async () => {
    const [a] = await users(1);
    const roomID = uniqueID('room');
    const data = await a!.ok('createRoom', { roomInfo: info(roomID, 'Math'), config: { roomAttributes: { k: 'v' } } });
    expect(data).toEqual({
      roomInfo: { baseInfo: { roomID, roomName: 'Math' } },
      memberList: [{ userID: a!.userID, userName: `${a!.userID} name`, userAvatarUrl: '', userExtendedData: '' }],
      roomAttributes: { k: 'v' },
      messageList: [],
    });
  });

  it('createRoom on an existing roomID fails 6000323 and changes nothing', async () => {
    const [a, b] = await users(2);
    const roomID = uniqueID('room');
    await a!.ok('createRoom', { roomInfo: info(roomID, 'First'), config: { roomAttributes: { k: 'v' } } });
    expectError(
      await b!.call('createRoom', { roomInfo: info(roomID, 'Second'), config: { roomAttributes: { k: 'x', n: 'y' } } }),
      E.RoomAlreadyExists,
    );
    expect(await members(a!, roomID)).toEqual([a!.userID]);
    expect((await a!.ok('queryRoomAllAttributes', { roomID })).roomAttributes).toEqual({ k: 'v' });
    expectError(await b!.call('queryRoomOnlineMemberCount', { roomID }), E.NotInRoom);
    expect((await b!.ok('joinRoom', { roomID })).roomInfo.baseInfo.roomName).toBe('First');
  });

  it('joinRoom of an existing room joins the caller, and the others get roomMemberJoined', async () => {
    const [a, b] = await users(2);
    const roomID = uniqueID('room');
    await a!.ok('createRoom', { roomInfo: info(roomID) });
    const data = await b!.ok('joinRoom', { roomID });
    expect(data.roomInfo).toEqual({ baseInfo: info(roomID) });
    expect(memberIDs(data)).toEqual([a!.userID, b!.userID].sort());
    const push = await a!.waitFor('roomMemberJoined', joinedPush(roomID, b!.userID));
    expect(push).toEqual({
      roomID,
      memberList: [{ userID: b!.userID, userName: `${b!.userID} name`, userAvatarUrl: '', userExtendedData: '' }],
    });
    expect(await count(a!, roomID)).toBe(2);
  });

  it('joinRoom of a missing room fails 6000322', async () => {
    const [a] = await users(1);
    expectError(await a!.call('joinRoom', { roomID: uniqueID('missing') }), E.RoomNotExist);
  });

  it('joining a room the session is already in succeeds with the same result and tells nobody', async () => {
    const [a, b] = await users(2);
    const roomID = uniqueID('room');
    await a!.ok('createRoom', { roomInfo: info(roomID) });
    const first = await b!.ok('joinRoom', { roomID });
    await a!.waitFor('roomMemberJoined', joinedPush(roomID, b!.userID));
    const before = a!.of('roomMemberJoined').length;
    expect(await b!.ok('joinRoom', { roomID })).toEqual(first);
    expect(await b!.ok('enterRoom', { roomInfo: info(roomID) })).toEqual(first);
    await settle();
    expect(a!.of('roomMemberJoined').length).toBe(before);
    expect(await count(a!, roomID)).toBe(2);
  });

  it('enterRoom of a missing room creates it with the given config', async () => {
    const [a] = await users(1);
    const roomID = uniqueID('room');
    const data = await a!.ok('enterRoom', { roomInfo: info(roomID, 'Made'), config: { roomAttributes: { x: '1' } } });
    expect(data).toEqual({
      roomInfo: { baseInfo: { roomID, roomName: 'Made' } },
      memberList: [expect.objectContaining({ userID: a!.userID })],
      roomAttributes: { x: '1' },
      messageList: [],
    });
  });

  it('enterRoom of an existing room joins it; its name and config are ignored', async () => {
    const [a, b] = await users(2);
    const roomID = uniqueID('room');
    await a!.ok('enterRoom', { roomInfo: info(roomID, 'First'), config: { roomAttributes: { x: '1' } } });
    const data = await b!.ok('enterRoom', { roomInfo: info(roomID, 'Other'), config: { roomAttributes: { y: '2' } } });
    expect(data.roomInfo.baseInfo.roomName).toBe('First');
    expect(data.roomAttributes).toEqual({ x: '1' });
    expect(memberIDs(data)).toEqual([a!.userID, b!.userID].sort());
    expect((await a!.ok('queryRoomAllAttributes', { roomID })).roomAttributes).toEqual({ x: '1' });
    await a!.waitFor('roomMemberJoined', joinedPush(roomID, b!.userID));
  });

  it('switchRoom to an existing room moves the caller: source gets roomMemberLeft, target roomMemberJoined', async () => {
    const [a, b, c] = await users(3);
    const [from, to] = [uniqueID('from'), uniqueID('to')];
    await a!.ok('createRoom', { roomInfo: info(from) });
    await b!.ok('createRoom', { roomInfo: info(to, 'Target') });
    await c!.ok('joinRoom', { roomID: from });
    await a!.waitFor('roomMemberJoined', joinedPush(from, c!.userID)); // else join+leave net out in one batch
    const data = await c!.ok('switchRoom', {
      fromRoomID: from,
      toRoomInfo: info(to, 'ignored'),
      isCreateWhenRoomNotExisted: false,
    });
    expect(data.roomInfo).toEqual({ baseInfo: { roomID: to, roomName: 'Target' } });
    expect(memberIDs(data)).toEqual([b!.userID, c!.userID].sort());
    await a!.waitFor('roomMemberLeft', (d) => d.roomID === from && d.memberList.some((m) => m.userID === c!.userID));
    await b!.waitFor('roomMemberJoined', joinedPush(to, c!.userID));
    expect(await members(a!, from)).toEqual([a!.userID]);
    expectError(await c!.call('queryRoomOnlineMemberCount', { roomID: from }), E.NotInRoom);
    expect(await count(c!, to)).toBe(2);
  });

  it('switchRoom to a missing room with isCreateWhenRoomNotExisted creates it with the config', async () => {
    const [a] = await users(1);
    const [from, to] = [uniqueID('from'), uniqueID('to')];
    await a!.ok('createRoom', { roomInfo: info(from) });
    const data = await a!.ok('switchRoom', {
      fromRoomID: from,
      toRoomInfo: info(to, 'New'),
      isCreateWhenRoomNotExisted: true,
      config: { roomAttributes: { s: '1' } },
    });
    expect(data).toEqual({
      roomInfo: { baseInfo: { roomID: to, roomName: 'New' } },
      memberList: [expect.objectContaining({ userID: a!.userID })],
      roomAttributes: { s: '1' },
      messageList: [],
    });
    expectError(await a!.call('queryRoomOnlineMemberCount', { roomID: from }), E.NotInRoom);
    // The source was left empty (delay 0): it is gone.
    expectError(await a!.call('joinRoom', { roomID: from }), E.RoomNotExist);
  });

  it('switchRoom to a missing room without the create flag fails 6000322 and the caller stays in the source', async () => {
    const [a, b] = await users(2);
    const from = uniqueID('from');
    await a!.ok('createRoom', { roomInfo: info(from) });
    await b!.ok('joinRoom', { roomID: from });
    const to = uniqueID('to');
    expectError(
      await b!.call('switchRoom', { fromRoomID: from, toRoomInfo: info(to), isCreateWhenRoomNotExisted: false }),
      E.RoomNotExist,
    );
    expect(await count(b!, from)).toBe(2);
    const q = await a!.ok('queryRoomMembers', { roomID: from, userIDs: [b!.userID] });
    expect(q.memberList.map((m) => m.userID)).toEqual([b!.userID]);
    expectError(await a!.call('joinRoom', { roomID: to }), E.RoomNotExist);
    await settle();
    expect(a!.of('roomMemberLeft')).toEqual([]);
  });

  it('switchRoom with fromRoomID equal to the target, or not a room of this session, fails 6000001', async () => {
    const [a, b] = await users(2);
    const [mine, theirs] = [uniqueID('mine'), uniqueID('theirs')];
    await a!.ok('createRoom', { roomInfo: info(mine) });
    await b!.ok('createRoom', { roomInfo: info(theirs) });
    expectError(
      await a!.call('switchRoom', { fromRoomID: mine, toRoomInfo: info(mine), isCreateWhenRoomNotExisted: true }),
      E.InvalidParameter,
    );
    expectError(
      await a!.call('switchRoom', {
        fromRoomID: theirs,
        toRoomInfo: info(uniqueID('x')),
        isCreateWhenRoomNotExisted: true,
      }),
      E.InvalidParameter,
    );
    expect(await count(a!, mine)).toBe(1);
    expect(await members(b!, theirs)).toEqual([b!.userID]);
  });

  it('leaveRoom answers { roomID }; leaving a room the session is not in fails 6000321', async () => {
    const [a, b] = await users(2);
    const roomID = uniqueID('room');
    await a!.ok('createRoom', { roomInfo: info(roomID) });
    await b!.ok('joinRoom', { roomID });
    await a!.waitFor('roomMemberJoined', joinedPush(roomID, b!.userID));
    expectError(await b!.call('leaveRoom', { roomID: uniqueID('never') }), E.NotInRoom);
    expect(await b!.ok('leaveRoom', { roomID })).toEqual({ roomID });
    await a!.waitFor('roomMemberLeft', (d) => d.roomID === roomID && d.memberList.some((m) => m.userID === b!.userID));
    expectError(await b!.call('leaveRoom', { roomID }), E.NotInRoom);
    expect(await members(a!, roomID)).toEqual([a!.userID]);
  });

  it("leaveAllRoom leaves only this session's rooms: the user's other session keeps its rooms and membership", async () => {
    const [s1, s2] = await users(2, { sameUser: true });
    const [o] = await users(1);
    const [r1, r2, r3] = [uniqueID('r1'), uniqueID('r2'), uniqueID('r3')];
    await o!.ok('createRoom', { roomInfo: info(r2) });
    await s1!.ok('createRoom', { roomInfo: info(r1) });
    await s1!.ok('joinRoom', { roomID: r2 });
    await s2!.ok('joinRoom', { roomID: r2 });
    await s2!.ok('createRoom', { roomInfo: info(r3) });
    const result = await s1!.ok('leaveAllRoom', {});
    expect([...result.roomIDs].sort()).toEqual([r1, r2].sort());
    expectError(await s1!.call('queryRoomOnlineMemberCount', { roomID: r2 }), E.NotInRoom);
    expect(await count(s2!, r2)).toBe(2);
    expect(await count(s2!, r3)).toBe(1);
    expect((await o!.ok('queryRoomMembers', { roomID: r2, userIDs: [s1!.userID] })).memberList).toHaveLength(1);
    expect(await s1!.ok('leaveAllRoom', {})).toEqual({ roomIDs: [] });
    await settle();
    expect(o!.of('roomMemberLeft')).toEqual([]);
  });

  it('a room left empty with destroy delay 0 is gone at once, and destruction drops attributes and history', async () => {
    const [a, b] = await users(2);
    const roomID = uniqueID('room');
    await a!.ok('createRoom', { roomInfo: info(roomID, 'Old'), config: { roomAttributes: { k: 'v' } } });
    await a!.ok('sendMessage', {
      message: { type: 1, message: 'hello' },
      toConversationID: roomID,
      conversationType: 1,
    });
    await a!.ok('leaveRoom', { roomID });
    expectError(await b!.call('joinRoom', { roomID }), E.RoomNotExist);
    const fresh = await b!.ok('createRoom', { roomInfo: info(roomID, 'New') });
    expect(fresh).toEqual({
      roomInfo: { baseInfo: { roomID, roomName: 'New' } },
      memberList: [expect.objectContaining({ userID: b!.userID })],
      roomAttributes: {},
      messageList: [],
    });
    expect((await b!.ok('queryRoomAllAttributes', { roomID })).roomAttributes).toEqual({});
    const history = await b!.ok('queryHistoryMessage', {
      conversationID: roomID,
      conversationType: 1,
      config: { count: 100 },
    });
    expect(history.messageList).toEqual([]);
  });
});

describe('destroy delay', () => {
  // With one room per user, a createRoom from a user already in a room tells whether a room exists
  // without changing anything: 6000323 while it exists, 6000325 once it is gone.
  let prober: RawClient;
  const exists = async (roomID: string) => {
    const ack = await prober.call('createRoom', { roomInfo: info(roomID) });
    expect(ack.ok).toBe(false);
    if (!ack.ok) expect([E.RoomAlreadyExists, E.UserRoomLimit]).toContain(ack.error.code);
    return !ack.ok && ack.error.code === E.RoomAlreadyExists;
  };
  // The destroy delay runs on a fake clock.
  const time = new TestTime();
  beforeAll(async () => {
    srv = await startServer({ maxRoomsPerUser: 1 }, undefined, time.clock);
    prober = await rawClient(srv.url, uniqueID('prober'));
    open.push(prober);
    await prober.ok('createRoom', { roomInfo: info(uniqueID('home')) });
  });
  afterAll(async () => {
    await bye(...open.splice(0));
    await srv.close();
  });

  it('during its delay an empty room still exists: createRoom fails 6000323; after the delay it is destroyed with its state', async () => {
    const [a, b] = await users(2);
    const roomID = uniqueID('delayed');
    await a!.ok('createRoom', {
      roomInfo: info(roomID),
      config: { roomDestroyDelayTime: 1, roomAttributes: { k: 'v' } },
    });
    await a!.ok('sendMessage', {
      message: { type: 1, message: 'kept?' },
      toConversationID: roomID,
      conversationType: 1,
    });
    await a!.ok('leaveRoom', { roomID });
    expectError(await b!.call('createRoom', { roomInfo: info(roomID) }), E.RoomAlreadyExists);
    await time.pass(900);
    expect(await exists(roomID)).toBe(true); // not before its delay
    await time.pass(100);
    await vi.waitFor(async () => expect(await exists(roomID)).toBe(false), { timeout: 3000, interval: 20 });
    expectError(await b!.call('joinRoom', { roomID }), E.RoomNotExist);
    const fresh = await b!.ok('createRoom', { roomInfo: info(roomID) });
    expect(fresh.roomAttributes).toEqual({});
    const history = await b!.ok('queryHistoryMessage', {
      conversationID: roomID,
      conversationType: 1,
      config: { count: 100 },
    });
    expect(history.messageList).toEqual([]);
  });

  it('a join during the delay succeeds and cancels the destruction', async () => {
    const [a, b, c] = await users(3);
    const roomID = uniqueID('delayed');
    await a!.ok('createRoom', {
      roomInfo: info(roomID, 'Kept'),
      config: { roomDestroyDelayTime: 1, roomAttributes: { k: 'v' } },
    });
    await a!.ok('leaveRoom', { roomID });
    const joined = await b!.ok('joinRoom', { roomID });
    expect(joined).toEqual({
      roomInfo: { baseInfo: { roomID, roomName: 'Kept' } },
      memberList: [expect.objectContaining({ userID: b!.userID })],
      roomAttributes: { k: 'v' },
      messageList: [],
    });
    await time.pass(1600); // well past the original delay: the room must not be destroyed
    expect(await exists(roomID)).toBe(true);
    expect((await c!.ok('joinRoom', { roomID })).roomAttributes).toEqual({ k: 'v' });
    expect(await count(b!, roomID)).toBe(2);
  });
});
