import { describe, expect, it } from 'vitest';
import { ZIMErrorCode, ZIMRoomEvent as E, ZIMRoomState as S } from '../../lib/zim/index.ts';
import { newUser, rejection, uid, useServer } from './helpers.ts';

const server = useServer({ maxRoomsPerUser: 3 });

describe('createRoom and joinRoom', () => {
  it('report their state events in order on both sides; the creator sees the joiner', async () => {
    const alice = await newUser(server);
    const bob = await newUser(server);
    const roomID = uid('room');
    const created = await alice.zim.createRoom({ roomID, roomName: 'Maths' }, { roomAttributes: { topic: 'sets' } });
    expect(created).toEqual({ roomInfo: { baseInfo: { roomID, roomName: 'Maths' } } });
    expect(alice.rec.roomStates(roomID)).toEqual([
      [S.Connecting, E.ActiveCreate],
      [S.Connected, E.Success],
    ]);
    // The entered bundle: Convene's roomEntered with all of it, then ZIM's pieces, the member list
    // (self included) and the attributes as one Set.
    expect(alice.rec.names(roomID)).toEqual([
      'roomStateChanged',
      'roomStateChanged',
      'roomEntered',
      'roomMemberJoined',
      'roomAttributesUpdated',
    ]);
    expect(alice.rec.of('roomMemberJoined')[0]).toEqual({
      roomID,
      memberList: [{ userID: alice.userID, userName: alice.userName, userAvatarUrl: '', userExtendedData: '' }],
    });
    expect(alice.rec.of('roomAttributesUpdated')[0]).toEqual({
      roomID,
      infos: [{ action: 0, roomAttributes: { topic: 'sets' } }],
    });

    const joined = await bob.zim.joinRoom(roomID);
    expect(joined.roomInfo.baseInfo).toEqual({ roomID, roomName: 'Maths' });
    expect(bob.rec.roomStates(roomID)).toEqual([
      [S.Connecting, E.ActiveEnter],
      [S.Connected, E.Success],
    ]);
    const bobList = bob.rec.of('roomMemberJoined')[0]!.memberList.map((m) => m.userID);
    expect(bobList.sort()).toEqual([alice.userID, bob.userID].sort());
    await alice.rec.waitFor('roomMemberJoined', (e) => e.memberList.some((m) => m.userID === bob.userID));
    expect(alice.rec.of('roomMemberJoined').at(-1)).toEqual({
      roomID,
      memberList: [{ userID: bob.userID, userName: bob.userName, userAvatarUrl: '', userExtendedData: '' }],
    });
    expect(bob.zim.getRoomIDs()).toEqual([roomID]);
  });

  it('an attribute-less room sends no roomAttributesUpdated on entering', async () => {
    const alice = await newUser(server);
    const roomID = uid('room');
    await alice.zim.createRoom({ roomID, roomName: '' });
    expect(alice.rec.of('roomAttributesUpdated')).toEqual([]);
  });

  it('createRoom of an existing room fails 6000323 with Connecting/ActiveCreate then Disconnected/CreateFailed', async () => {
    const alice = await newUser(server);
    const bob = await newUser(server);
    const roomID = uid('room');
    await alice.zim.createRoom({ roomID, roomName: '' });
    expect((await rejection(bob.zim.createRoom({ roomID, roomName: '' }))).code).toBe(ZIMErrorCode.RoomAlreadyExists);
    expect(bob.rec.roomStates(roomID)).toEqual([
      [S.Connecting, E.ActiveCreate],
      [S.Disconnected, E.CreateFailed],
    ]);
    expect(bob.zim.getRoomIDs()).toEqual([]);
  });

  it('joinRoom of a missing room fails 6000322 with Connecting/ActiveEnter then Disconnected/EnterFailed', async () => {
    const bob = await newUser(server);
    const roomID = uid('none');
    expect((await rejection(bob.zim.joinRoom(roomID))).code).toBe(ZIMErrorCode.RoomNotExist);
    expect(bob.rec.roomStates(roomID)).toEqual([
      [S.Connecting, E.ActiveEnter],
      [S.Disconnected, E.EnterFailed],
    ]);
  });

  it('joining a room the session is already in resolves at once with no events', async () => {
    const alice = await newUser(server);
    const roomID = uid('room');
    await alice.zim.createRoom({ roomID, roomName: 'Same' });
    alice.rec.clear();
    await expect(alice.zim.joinRoom(roomID)).resolves.toEqual({ roomInfo: { baseInfo: { roomID, roomName: 'Same' } } });
    await expect(alice.zim.enterRoom({ roomID, roomName: 'Other' })).resolves.toEqual({
      roomInfo: { baseInfo: { roomID, roomName: 'Same' } },
    });
    expect(alice.rec.events).toEqual([]);
  });

  it('a second join of a room while the first is in flight fails 6000326', async () => {
    const alice = await newUser(server);
    const bob = await newUser(server);
    const roomID = uid('room');
    await alice.zim.createRoom({ roomID, roomName: '' });
    const [first, second] = await Promise.allSettled([bob.zim.joinRoom(roomID), bob.zim.joinRoom(roomID)]);
    expect(first.status).toBe('fulfilled');
    expect(second).toMatchObject({ status: 'rejected', reason: { code: ZIMErrorCode.RoomOperationInProgress } });
    expect(bob.rec.roomStates(roomID)).toEqual([
      [S.Connecting, E.ActiveEnter],
      [S.Connected, E.Success],
    ]);
  });

  it('invalid arguments fail 6000001 with no events', async () => {
    const alice = await newUser(server);
    alice.rec.clear();
    const bad = [
      alice.zim.createRoom({ roomID: '', roomName: '' }),
      alice.zim.createRoom({ roomID: 'bad room', roomName: '' }),
      alice.zim.createRoom({ roomID: uid('r'), roomName: '' }, { roomDestroyDelayTime: 99_999 }),
      alice.zim.joinRoom(42 as unknown as string),
      alice.zim.enterRoom(null as unknown as { roomID: string; roomName: string }),
      alice.zim.switchRoom('x', { roomID: 'y', roomName: '' }, 'yes' as unknown as boolean),
      alice.zim.queryRoomMemberList('x', { nextFlag: '', count: 0 }),
    ];
    for (const call of bad) expect((await rejection(call)).code).toBe(ZIMErrorCode.InvalidParameter);
    expect(alice.rec.events).toEqual([]);
  });

  it("joining beyond the user's room limit fails 6000325", async () => {
    const alice = await newUser(server);
    for (let i = 0; i < 3; i++) await alice.zim.createRoom({ roomID: uid('lim'), roomName: '' });
    const roomID = uid('lim');
    expect((await rejection(alice.zim.createRoom({ roomID, roomName: '' }))).code).toBe(ZIMErrorCode.UserRoomLimit);
    expect(alice.rec.roomStates(roomID).at(-1)).toEqual([S.Disconnected, E.CreateFailed]);
  });
});

describe('enterRoom', () => {
  it('creates a missing room, then joins it for the next user; the first name and config stay', async () => {
    const alice = await newUser(server);
    const bob = await newUser(server);
    const roomID = uid('enter');
    await alice.zim.enterRoom({ roomID, roomName: 'First' }, { roomAttributes: { a: '1' } });
    expect(alice.rec.roomStates(roomID)).toEqual([
      [S.Connecting, E.ActiveEnter],
      [S.Connected, E.Success],
    ]);
    const result = await bob.zim.enterRoom({ roomID, roomName: 'Second' }, { roomAttributes: { b: '2' } });
    expect(result.roomInfo.baseInfo.roomName).toBe('First');
    expect(bob.rec.of('roomAttributesUpdated')[0]?.infos[0]?.roomAttributes).toEqual({ a: '1' });
  });
});
