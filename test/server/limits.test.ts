/** SPEC sections 1, 2 and 5: server, user and room limits, and the size and format of IDs and names. */
import { describe, expect, it, vi } from 'vitest';
import { ZIMConnectionEvent, ZIMConnectionState, ZIMErrorCode as E } from '../../lib/protocol/index.ts';
import { connectRaw, rawClient, type RawClient } from '../helpers/raw-client.ts';
import { bye, serverWithUsers, expectError, info } from '../helpers/room-calls.ts';
import { uniqueID } from '../helpers/server.ts';

const env = serverWithUsers('lim');
const users = env.users;
const withServer = env.withServer;
const count = async (c: RawClient, roomID: string) => (await c.ok('queryRoomOnlineMemberCount', { roomID })).count;

describe('server room limit (maxRooms 2)', () => {
  withServer({ maxRooms: 2 });

  it('the room beyond the limit fails 6000324 for createRoom, enterRoom and switchRoom with create', async () => {
    const [a, b, c] = await users(3);
    const [r1, r2, r3] = [uniqueID('r1'), uniqueID('r2'), uniqueID('r3')];
    await a!.ok('createRoom', { roomInfo: info(r1) });
    await b!.ok('enterRoom', { roomInfo: info(r2) });
    expectError(await c!.call('createRoom', { roomInfo: info(r3) }), E.ServerRoomLimit);
    expectError(await c!.call('enterRoom', { roomInfo: info(r3) }), E.ServerRoomLimit);
    await c!.ok('joinRoom', { roomID: r1 });
    expectError(
      await c!.call('switchRoom', { fromRoomID: r1, toRoomInfo: info(r3), isCreateWhenRoomNotExisted: true }),
      E.ServerRoomLimit,
    );
    expect(await count(c!, r1)).toBe(2); // a failed switch leaves the caller in its source
    expectError(await c!.call('joinRoom', { roomID: r3 }), E.RoomNotExist);
    // Joining existing rooms is not creating: it still works at the limit.
    expect((await c!.ok('joinRoom', { roomID: r2 })).roomInfo.baseInfo.roomID).toBe(r2);
  });

  it('a room waiting out its destroy delay counts toward the limit until it is destroyed', async () => {
    const [a, b, c] = await users(3);
    const [waiting, busy, next] = [uniqueID('waiting'), uniqueID('busy'), uniqueID('next')];
    await a!.ok('createRoom', { roomInfo: info(waiting), config: { roomDestroyDelayTime: 1 } });
    await a!.ok('leaveRoom', { roomID: waiting });
    await b!.ok('createRoom', { roomInfo: info(busy) });
    expectError(await c!.call('createRoom', { roomInfo: info(next) }), E.ServerRoomLimit);
    // Once the delay is over the slot is free again (a failed createRoom changes nothing, so poll with it).
    const created = await vi.waitFor(
      async () => {
        const ack = await c!.call('createRoom', { roomInfo: info(next) });
        if (!ack.ok) expect(ack.error.code).toBe(E.ServerRoomLimit);
        expect(ack.ok).toBe(true);
        return ack;
      },
      { timeout: 3000, interval: 100 },
    );
    expect(created.ok).toBe(true);
    expectError(await a!.call('joinRoom', { roomID: waiting }), E.RoomNotExist);
  });

  it('a room freed by its last member leaving (delay 0) frees its slot at once', async () => {
    const [a, b] = await users(2);
    const [r1, r2, r3] = [uniqueID('r1'), uniqueID('r2'), uniqueID('r3')];
    await a!.ok('createRoom', { roomInfo: info(r1) });
    await a!.ok('createRoom', { roomInfo: info(r2) });
    expectError(await b!.call('createRoom', { roomInfo: info(r3) }), E.ServerRoomLimit);
    await a!.ok('leaveRoom', { roomID: r1 });
    await b!.ok('createRoom', { roomInfo: info(r3) });
  });
});

describe('per-user room limit (maxRoomsPerUser 2)', () => {
  withServer({ maxRoomsPerUser: 2 });

  it('a user in 2 rooms fails 6000325 on joining, creating or entering a third', async () => {
    const [u, o] = await users(2);
    const [r1, r2, r3] = [uniqueID('r1'), uniqueID('r2'), uniqueID('r3')];
    await o!.ok('createRoom', { roomInfo: info(r3) });
    await u!.ok('createRoom', { roomInfo: info(r1) });
    await u!.ok('joinRoom', { roomID: r3 });
    expectError(await u!.call('createRoom', { roomInfo: info(r2) }), E.UserRoomLimit);
    expectError(await u!.call('enterRoom', { roomInfo: info(r2) }), E.UserRoomLimit);
    await u!.ok('leaveRoom', { roomID: r3 });
    await u!.ok('createRoom', { roomInfo: info(r2) });
    expectError(await u!.call('joinRoom', { roomID: r3 }), E.UserRoomLimit);
    expect(await count(o!, r3)).toBe(1);
  });

  it("a second session of the same user counts toward the same user's limit", async () => {
    const [s1, s2] = await users(2, { sameUser: true });
    const [o] = await users(1);
    const [r1, r2, r3] = [uniqueID('r1'), uniqueID('r2'), uniqueID('r3')];
    await o!.ok('createRoom', { roomInfo: info(r3) });
    await s1!.ok('createRoom', { roomInfo: info(r1) });
    await s1!.ok('createRoom', { roomInfo: info(r2) });
    expectError(await s2!.call('joinRoom', { roomID: r3 }), E.UserRoomLimit);
    expectError(await s2!.call('createRoom', { roomInfo: info(uniqueID('r4')) }), E.UserRoomLimit);
    // A room the user is already in through another session is no new room.
    await s2!.ok('joinRoom', { roomID: r1 });
    expect(await count(o!, r3)).toBe(1);
  });

  it('switchRoom does not count the room being left: a user at the limit can switch', async () => {
    const [u, o] = await users(2);
    const [r1, r2, r3, r4] = [uniqueID('r1'), uniqueID('r2'), uniqueID('r3'), uniqueID('r4')];
    await o!.ok('createRoom', { roomInfo: info(r3) });
    await u!.ok('createRoom', { roomInfo: info(r1) });
    await u!.ok('createRoom', { roomInfo: info(r2) });
    await u!.ok('switchRoom', { fromRoomID: r1, toRoomInfo: info(r3), isCreateWhenRoomNotExisted: false });
    await u!.ok('switchRoom', { fromRoomID: r3, toRoomInfo: info(r4), isCreateWhenRoomNotExisted: true });
    expect(await count(u!, r4)).toBe(1);
    expect(await count(u!, r2)).toBe(1);
  });

  it("switchRoom from a room the user's other session keeps fails 6000325 at the limit", async () => {
    const [s1, s2] = await users(2, { sameUser: true });
    const [o] = await users(1);
    const [r1, r2, r3] = [uniqueID('r1'), uniqueID('r2'), uniqueID('r3')];
    await o!.ok('createRoom', { roomInfo: info(r3) });
    await s1!.ok('createRoom', { roomInfo: info(r1) });
    await s1!.ok('createRoom', { roomInfo: info(r2) });
    await s2!.ok('joinRoom', { roomID: r1 });
    expectError(
      await s1!.call('switchRoom', { fromRoomID: r1, toRoomInfo: info(r3), isCreateWhenRoomNotExisted: false }),
      E.UserRoomLimit,
    );
    expect(await count(s1!, r1)).toBe(1);
    expect(await count(o!, r3)).toBe(1);
  });
});

describe('empty rooms waiting out a destroy delay count toward their creator (maxRoomsPerUser 2)', () => {
  withServer({ maxRoomsPerUser: 2 });

  it('a creator who left its room with a delay cannot fill slots with it: 6000325 until the room is destroyed', async () => {
    const [u] = await users(1);
    const [waiting, r2, r3] = [uniqueID('waiting'), uniqueID('r2'), uniqueID('r3')];
    await u!.ok('createRoom', { roomInfo: info(waiting), config: { roomDestroyDelayTime: 1 } });
    await u!.ok('leaveRoom', { roomID: waiting });
    await u!.ok('createRoom', { roomInfo: info(r2) });
    expectError(await u!.call('createRoom', { roomInfo: info(r3) }), E.UserRoomLimit);
    // Once the delay is over the slot is free again (a failed createRoom changes nothing, so poll with it).
    await vi.waitFor(
      async () => {
        const ack = await u!.call('createRoom', { roomInfo: info(r3) });
        if (!ack.ok) expect(ack.error.code).toBe(E.UserRoomLimit);
        expect(ack.ok).toBe(true);
      },
      { timeout: 4000, interval: 100 },
    );
  });

  it('the creator re-entering its waiting room, or anyone joining it, frees that count', async () => {
    const [u, o] = await users(2);
    const [waiting, r2, r3] = [uniqueID('waiting'), uniqueID('r2'), uniqueID('r3')];
    await u!.ok('createRoom', { roomInfo: info(waiting), config: { roomDestroyDelayTime: 60 } });
    await u!.ok('leaveRoom', { roomID: waiting });
    await u!.ok('createRoom', { roomInfo: info(r2) });
    // Back into its own waiting room: one room, not two.
    await u!.ok('joinRoom', { roomID: waiting });
    await u!.ok('leaveRoom', { roomID: waiting });
    expectError(await u!.call('createRoom', { roomInfo: info(r3) }), E.UserRoomLimit);
    // Someone else fills it: it is no longer an empty room of u's.
    await o!.ok('joinRoom', { roomID: waiting });
    await u!.ok('createRoom', { roomInfo: info(r3) });
  });
});

describe('room creations per user per minute (roomCreationsPerMinute 3)', () => {
  withServer({ roomCreationsPerMinute: 3 });

  it('the fourth creation within a minute fails 6000005 and creates nothing; joining and other users are not limited', async () => {
    const [u, o] = await users(2);
    for (let i = 0; i < 3; i++) {
      const roomID = uniqueID(`made${i}`);
      await u!.ok('createRoom', { roomInfo: info(roomID) });
      await u!.ok('leaveRoom', { roomID }); // delay 0: gone at once, so the room limit is not what stops it
    }
    const fourth = uniqueID('fourth');
    expectError(await u!.call('createRoom', { roomInfo: info(fourth) }), E.RateLimited);
    expectError(await u!.call('enterRoom', { roomInfo: info(fourth) }), E.RateLimited);
    expectError(await o!.call('joinRoom', { roomID: fourth }), E.RoomNotExist);
    await o!.ok('createRoom', { roomInfo: info(fourth) });
    await u!.ok('joinRoom', { roomID: fourth });
    await u!.ok('enterRoom', { roomInfo: info(fourth) });
  });
});

describe('sessions per user (maxSessionsPerUser 3)', () => {
  withServer({ maxSessionsPerUser: 3 });

  it('a fourth session is refused with KickedOut and 6000101; the three carry on, and one logging out makes room', async () => {
    const three = await users(3, { sameUser: true });
    const userID = three[0]!.userID;
    const roomID = uniqueID('room');
    await three[0]!.ok('createRoom', { roomInfo: info(roomID) });
    const refused = async () => {
      const socket = await connectRaw(env.url, userID);
      const said = await new Promise<{ state: number; event: number; extendedData: string }>((resolve, reject) => {
        socket.once('connectionStateChanged', resolve);
        setTimeout(() => reject(new Error('no connectionStateChanged')), 4000);
      });
      await vi.waitFor(() => expect(socket.connected).toBe(false));
      socket.close();
      return said;
    };
    const said = await refused();
    expect(said).toMatchObject({ state: ZIMConnectionState.Disconnected, event: ZIMConnectionEvent.KickedOut });
    expect(JSON.parse(said.extendedData)).toEqual({
      code: E.LoginFailed,
      message: expect.stringMatching(/3 sessions/),
    });
    // The others are untouched.
    for (const c of three) expect(c.socket.connected).toBe(true);
    expect(await count(three[0]!, roomID)).toBe(1);
    // One logs out: a new session gets in.
    await three[2]!.ok('logout', {});
    const fourth = await rawClient(env.url, userID);
    expect(fourth.socket.connected).toBe(true);
    await bye(fourth);
  });
});

describe('full room (maxMembersPerRoom 2)', () => {
  withServer({ maxMembersPerRoom: 2 });

  it("a third user's joinRoom, enterRoom or switchRoom into a full room fails 6000304", async () => {
    const [a, b, c] = await users(3);
    const [room, other] = [uniqueID('full'), uniqueID('other')];
    await a!.ok('createRoom', { roomInfo: info(room) });
    await b!.ok('joinRoom', { roomID: room });
    expectError(await c!.call('joinRoom', { roomID: room }), E.RoomFull);
    expectError(await c!.call('enterRoom', { roomInfo: info(room) }), E.RoomFull);
    await c!.ok('createRoom', { roomInfo: info(other) });
    expectError(
      await c!.call('switchRoom', { fromRoomID: other, toRoomInfo: info(room), isCreateWhenRoomNotExisted: false }),
      E.RoomFull,
    );
    expect(await count(c!, other)).toBe(1);
    expect(await count(a!, room)).toBe(2);
  });

  it("a member's second session still enters a full room (membership is per user)", async () => {
    const [s1, s2] = await users(2, { sameUser: true });
    const [o] = await users(1);
    const room = uniqueID('full');
    await o!.ok('createRoom', { roomInfo: info(room) });
    await s1!.ok('joinRoom', { roomID: room });
    await s2!.ok('joinRoom', { roomID: room });
    expect(await count(o!, room)).toBe(2);
  });
});

describe('sizes and formats', () => {
  withServer({});
  const bad = (c: RawClient, event: string, payload: unknown) =>
    c.call(event, payload).then((ack) => expectError(ack, E.InvalidParameter));

  it('roomDestroyDelayTime outside 0…10800 whole seconds fails 6000001 (create, enter, switch)', async () => {
    const [a] = await users(1);
    const from = uniqueID('from');
    await a!.ok('createRoom', { roomInfo: info(from) });
    for (const delay of [10801, -1, 1.5, '5']) {
      const config = { roomDestroyDelayTime: delay };
      await bad(a!, 'createRoom', { roomInfo: info(uniqueID('d')), config });
      await bad(a!, 'enterRoom', { roomInfo: info(uniqueID('d')), config });
      await bad(a!, 'switchRoom', {
        fromRoomID: from,
        toRoomInfo: info(uniqueID('d')),
        isCreateWhenRoomNotExisted: true,
        config,
      });
    }
    await a!.ok('createRoom', { roomInfo: info(uniqueID('d')), config: { roomDestroyDelayTime: 10800 } });
    expect(await count(a!, from)).toBe(1);
  });

  it('roomName over 64 bytes fails 6000001; 64 bytes is fine', async () => {
    const [a] = await users(1);
    await bad(a!, 'createRoom', { roomInfo: info(uniqueID('n'), 'x'.repeat(65)) });
    await bad(a!, 'enterRoom', { roomInfo: info(uniqueID('n'), '€'.repeat(22)) }); // 22 characters, 66 bytes
    const name = '€'.repeat(21) + 'x'; // 64 bytes
    expect((await a!.ok('createRoom', { roomInfo: info(uniqueID('n'), name) })).roomInfo.baseInfo.roomName).toBe(name);
  });

  it('a roomID that is empty, over 128 bytes or holds a forbidden character fails 6000001', async () => {
    const [a] = await users(1);
    for (const roomID of ['', 'x'.repeat(129), 'a b', 'a/b', 'a*b', 'a,b', 'a"b', "a'b", 'é', 'a\nb', 'a\\b', '房间']) {
      await bad(a!, 'createRoom', { roomInfo: info(roomID) });
      await bad(a!, 'joinRoom', { roomID });
    }
    const longest = 'x'.repeat(110) + '!#$%&()+-:;<=.>?@[]^_{}|~'.slice(0, 18);
    expect(longest).toHaveLength(128);
    await a!.ok('createRoom', { roomInfo: info(longest, 'Longest') });
  });

  it('a create whose config breaks an attribute limit fails with its code (6000334–6000337) and creates no room', async () => {
    const [a, b] = await users(2);
    const from = uniqueID('from');
    await a!.ok('createRoom', { roomInfo: info(from) });
    const cases: [Record<string, string>, number][] = [
      [Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v'])), E.RoomAttributesCountLimit],
      [{ ['k'.repeat(17)]: 'v' }, E.RoomAttributeKeyTooLong],
      [{ k: 'v'.repeat(1025) }, E.RoomAttributeValueTooLong],
      [
        Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`k${i}`, 'v'.repeat(1000)])),
        E.RoomAttributesTotalTooLong,
      ],
    ];
    for (const [roomAttributes, code] of cases) {
      const roomID = uniqueID('attrs');
      expectError(await a!.call('createRoom', { roomInfo: info(roomID), config: { roomAttributes } }), code);
      expectError(await a!.call('enterRoom', { roomInfo: info(roomID), config: { roomAttributes } }), code);
      expectError(
        await a!.call('switchRoom', {
          fromRoomID: from,
          toRoomInfo: info(roomID),
          isCreateWhenRoomNotExisted: true,
          config: { roomAttributes },
        }),
        code,
      );
      expectError(await b!.call('joinRoom', { roomID }), E.RoomNotExist);
    }
    expect(await count(a!, from)).toBe(1);
  });

  it('queryRoomMemberList with count 0 or 101 fails 6000001; 1 and 100 work', async () => {
    const [a] = await users(1);
    const roomID = uniqueID('q');
    await a!.ok('createRoom', { roomInfo: info(roomID) });
    for (const count of [0, 101, -1, 2.5])
      await bad(a!, 'queryRoomMemberList', { roomID, config: { nextFlag: '', count } });
    for (const count of [1, 100])
      expect((await a!.ok('queryRoomMemberList', { roomID, config: { nextFlag: '', count } })).memberList).toHaveLength(
        1,
      );
  });
});
