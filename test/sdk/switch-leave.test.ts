import { describe, expect, it } from 'vitest';
import { ZIMErrorCode, ZIMRoomEvent as E, ZIMRoomState as S } from '../../lib/zim/index.ts';
import { newUser, rejection, uid, useServer } from './helpers.ts';

const server = useServer();

describe('switchRoom', () => {
  it('success: target Connecting/ActiveSwitch, target Connected/Success, source Disconnected/Success, then the bundle', async () => {
    const alice = await newUser(server);
    const bob = await newUser(server);
    const carol = await newUser(server);
    const [room1, room2] = [uid('from'), uid('to')];
    await alice.zim.createRoom({ roomID: room1, roomName: '' });
    await bob.zim.joinRoom(room1);
    await carol.zim.createRoom({ roomID: room2, roomName: 'Two' }, { roomAttributes: { k: 'v' } });
    // Bob's join may wait out a batching window: let it arrive, so it is not counted below.
    await alice.rec.waitFor(
      'roomMemberJoined',
      (e) => e.roomID === room1 && e.memberList.some((m) => m.userID === bob.userID),
    );
    alice.rec.clear();

    const result = await alice.zim.switchRoom(room1, { roomID: room2, roomName: 'ignored' }, false);
    expect(result).toEqual({ roomInfo: { baseInfo: { roomID: room2, roomName: 'Two' } } });
    expect(
      alice.rec.events.map((e) => [
        e.name,
        'roomID' in e.data ? e.data.roomID : '',
        'state' in e.data ? e.data.state : '',
        'event' in e.data ? e.data.event : '',
      ]),
    ).toEqual([
      ['roomStateChanged', room2, S.Connecting, E.ActiveSwitch],
      ['roomStateChanged', room2, S.Connected, E.Success],
      ['roomStateChanged', room1, S.Disconnected, E.Success],
      ['roomEntered', room2, '', ''],
      ['roomMemberJoined', room2, '', ''],
      ['roomAttributesUpdated', room2, '', ''],
    ]);
    expect(alice.zim.getRoomIDs()).toEqual([room2]);
    // Room1's members see a leave, Room2's a join.
    await bob.rec.waitFor('roomMemberLeft', (e) => e.roomID === room1 && e.memberList[0]?.userID === alice.userID);
    await carol.rec.waitFor(
      'roomMemberJoined',
      (e) => e.roomID === room2 && e.memberList.some((m) => m.userID === alice.userID),
    );
  });

  it('creates the target when allowed', async () => {
    const alice = await newUser(server);
    const [room1, room2] = [uid('from'), uid('new')];
    await alice.zim.createRoom({ roomID: room1, roomName: '' });
    const result = await alice.zim.switchRoom(room1, { roomID: room2, roomName: 'New' }, true, {
      roomAttributes: { x: 'y' },
    });
    expect(result.roomInfo.baseInfo).toEqual({ roomID: room2, roomName: 'New' });
    expect(alice.rec.of('roomAttributesUpdated').at(-1)).toEqual({
      roomID: room2,
      infos: [{ action: 0, roomAttributes: { x: 'y' } }],
    });
  });

  it('failure: target Connecting/ActiveSwitch then Disconnected/SwitchFailed; the source stays', async () => {
    const alice = await newUser(server);
    const bob = await newUser(server);
    const [room1, missing] = [uid('from'), uid('missing')];
    await alice.zim.createRoom({ roomID: room1, roomName: '' });
    await bob.zim.joinRoom(room1);
    alice.rec.clear();
    const error = await rejection(alice.zim.switchRoom(room1, { roomID: missing, roomName: '' }, false));
    expect(error.code).toBe(ZIMErrorCode.RoomNotExist);
    expect(alice.rec.of('roomStateChanged')).toEqual([
      { roomID: missing, state: S.Connecting, event: E.ActiveSwitch, extendedData: '' },
      { roomID: missing, state: S.Disconnected, event: E.SwitchFailed, extendedData: '' },
    ]);
    expect(alice.zim.getRoomIDs()).toEqual([room1]);
    // Still a member: a message reaches Bob.
    await alice.zim.sendRoomMessage({ type: 1, message: 'still here' }, room1);
    await bob.rec.waitFor('receiveRoomMessage', (e) => e.messageList[0]?.message === 'still here');
    expect(bob.rec.of('roomMemberLeft')).toEqual([]);
  });

  it('to the same room, or from a room not held, fails 6000001 with no events', async () => {
    const alice = await newUser(server);
    const room1 = uid('from');
    await alice.zim.createRoom({ roomID: room1, roomName: '' });
    alice.rec.clear();
    expect((await rejection(alice.zim.switchRoom(room1, { roomID: room1, roomName: '' }, true))).code).toBe(
      ZIMErrorCode.InvalidParameter,
    );
    expect((await rejection(alice.zim.switchRoom(uid('nope'), { roomID: uid('to'), roomName: '' }, true))).code).toBe(
      ZIMErrorCode.InvalidParameter,
    );
    expect(alice.rec.events).toEqual([]);
  });
});

describe('leaveRoom and leaveAllRoom', () => {
  it('leaveRoom resolves { roomID }, reports Disconnected/Success; the others see roomMemberLeft', async () => {
    const alice = await newUser(server);
    const bob = await newUser(server);
    const roomID = uid('leave');
    await alice.zim.createRoom({ roomID, roomName: '' });
    await bob.zim.joinRoom(roomID);
    // A join and a leave inside one batching window cancel out (SPEC 4): let the join go first.
    await alice.rec.waitFor('roomMemberJoined', (e) => e.memberList.some((m) => m.userID === bob.userID));
    bob.rec.clear();
    await expect(bob.zim.leaveRoom(roomID)).resolves.toEqual({ roomID });
    expect(bob.rec.of('roomStateChanged')).toEqual([
      { roomID, state: S.Disconnected, event: E.Success, extendedData: '' },
    ]);
    expect(bob.zim.getRoomIDs()).toEqual([]);
    await alice.rec.waitFor('roomMemberLeft', (e) => e.memberList.some((m) => m.userID === bob.userID));
  });

  it('leaving a room the session is not in fails 6000321', async () => {
    const alice = await newUser(server);
    expect((await rejection(alice.zim.leaveRoom(uid('never')))).code).toBe(ZIMErrorCode.NotInRoom);
  });

  it('leaveAllRoom (with ZIM sample arguments) leaves every room of this session: { roomIDs } and Disconnected/Success each', async () => {
    const alice = await newUser(server);
    const [r1, r2] = [uid('all'), uid('all')];
    await alice.zim.createRoom({ roomID: r1, roomName: '' });
    await alice.zim.enterRoom({ roomID: r2, roomName: '' });
    alice.rec.clear();
    const { roomIDs } = await alice.zim.leaveAllRoom([]);
    expect([...roomIDs].sort()).toEqual([r1, r2].sort());
    expect(
      alice.rec
        .of('roomStateChanged')
        .map((e) => [e.roomID, e.state, e.event])
        .sort(),
    ).toEqual(
      [
        [r1, S.Disconnected, E.Success],
        [r2, S.Disconnected, E.Success],
      ].sort(),
    );
    expect(alice.zim.getRoomIDs()).toEqual([]);
  });

  it("leaveAllRoom leaves this session's rooms only, not those of the user's other session", async () => {
    const userID = uid('multi');
    const tab1 = await newUser(server, userID);
    const tab2 = await newUser(server, userID);
    const bob = await newUser(server);
    const [shared, only1] = [uid('shared'), uid('only1')];
    await bob.zim.createRoom({ roomID: shared, roomName: '' });
    await tab1.zim.joinRoom(shared);
    await tab2.zim.joinRoom(shared);
    await tab1.zim.createRoom({ roomID: only1, roomName: '' });
    expect((await tab1.zim.leaveAllRoom()).roomIDs.sort()).toEqual([shared, only1].sort());
    expect(tab2.zim.getRoomIDs()).toEqual([shared]);
    // The user is still a member through tab2: Bob saw no leave.
    const count = await bob.zim.queryRoomOnlineMemberCount(shared);
    expect(count).toEqual({ roomID: shared, count: 2 });
    expect(bob.rec.of('roomMemberLeft')).toEqual([]);
  });
});
