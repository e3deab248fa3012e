/**
 * The code samples of ZIM's "Manage rooms" page (shared/reference), run through lib/zim against a
 * live server. Only the set-up line differs from ZIM (`ZIM.create({ server })` instead of
 * `ZIM.create({ appID })`); the samples' empty IDs are filled in; the rest is the page's code.
 */
import { describe, expect, it } from 'vitest';
import { ZIM } from '../../lib/zim/index.ts';
import { newUser, uid, useServer } from './helpers.ts';

const server = useServer();

/** Runs a sample's `.then(function (res) {…}).catch(function (err) {…})` and reports which ran. */
function outcome(promise: Promise<unknown>): Promise<{ ok: unknown } | { err: { code: number; message: string } }> {
  return promise
    .then(function (res) {
      // Operation successful.
      return { ok: res };
    })
    .catch(function (err: { code: number; message: string }) {
      // Operation failed.
      return { err };
    });
}

describe("ZIM's Manage rooms page, sample by sample", () => {
  it('the set-up line: ZIM.create with a server gives an independent instance that logs in', async () => {
    const zim = ZIM.create({ server: server.url });
    const other = ZIM.create({ server: server.url });
    expect(zim).not.toBe(other);
    await zim.login(uid('setup'), { userName: 'Set-up' });
    expect(zim.getConnectionState()).toBe(2);
    zim.destroy();
    other.destroy();
  });

  it('Method 1: Client A creates a room; Client B joins it; A is told B joined', async () => {
    const a = await newUser(server);
    const b = await newUser(server);
    const joined: { roomID: string; memberList: { userID: string }[] }[] = [];
    // Callback for receiving event notification when new room members join the room.
    a.zim.on('roomMemberJoined', function (zim, { roomID, memberList }) {
      joined.push({ roomID, memberList });
    });

    const roomInfo = { roomID: uid('class'), roomName: 'Class 7B' };
    const created = await outcome(a.zim.createRoom(roomInfo));
    expect(created).toEqual({ ok: { roomInfo: { baseInfo: roomInfo } } });

    const roomID = roomInfo.roomID;
    const join = await outcome(b.zim.joinRoom(roomID));
    expect(join).toEqual({ ok: { roomInfo: { baseInfo: roomInfo } } });

    await expect
      .poll(() => joined.some((e) => e.roomID === roomID && e.memberList.some((m) => m.userID === b.userID)))
      .toBe(true);
  });

  it('Method 1: createRoom on an existing room reports the error through catch (6000323)', async () => {
    const a = await newUser(server);
    const b = await newUser(server);
    const roomInfo = { roomID: uid('taken'), roomName: 'Taken' };
    await a.zim.createRoom(roomInfo);
    const result = await outcome(b.zim.createRoom(roomInfo));
    expect(result).toMatchObject({ err: { code: 6000323 } });
  });

  it('Method 2: A enters a missing room (created for it); B enters the same room; A is told', async () => {
    const a = await newUser(server);
    const b = await newUser(server);
    const joined: string[] = [];
    a.zim.on('roomMemberJoined', function (zim, { roomID, memberList }) {
      joined.push(...memberList.map((m) => `${roomID}/${m.userID}`));
    });

    const roomInfo = { roomID: uid('lobby'), roomName: 'Lobby' };
    expect(await outcome(a.zim.enterRoom(roomInfo))).toEqual({ ok: { roomInfo: { baseInfo: roomInfo } } });
    // B passes only the roomID's info; the room exists, so its name stays A's.
    expect(await outcome(b.zim.enterRoom({ roomID: roomInfo.roomID, roomName: 'Other name' }))).toEqual({
      ok: { roomInfo: { baseInfo: roomInfo } },
    });
    await expect.poll(() => joined).toContain(`${roomInfo.roomID}/${b.userID}`);
  });

  it('Switch Rooms: the sample switches to a missing room with attributes and a destroy delay', async () => {
    const a = await newUser(server);
    const watcherFrom = await newUser(server);
    const fromID = uid('fromRoomID');
    await a.zim.createRoom({ roomID: fromID, roomName: 'From' });
    await watcherFrom.zim.joinRoom(fromID);

    const fromRoomID = fromID;
    const toRoomInfo = { roomID: uid('toRoomID'), roomName: 'toRoomName' };
    // Whether to create a room if it does not exist.
    const isCreateWhenRoomNotExisted = true;
    // Advanced configuration for creating a room
    const to_room_attr = { key1: 'value1', key2: 'value2' };
    // Set room destruction delay time (in seconds)
    const to_room_delay_destroy_time = 90;
    const config = { roomAttributes: to_room_attr, roomDestroyDelayTime: to_room_delay_destroy_time };

    const states: string[] = [];
    a.zim.on('roomStateChanged', function (zim, { roomID, state, event }) {
      states.push(`${roomID === fromRoomID ? 'Room1' : 'Room2'} ${state} ${event}`);
    });
    // Listening before the switch: the leave may arrive before the switch's result is looked at.
    const left = new Promise<string[]>((resolve) =>
      watcherFrom.zim.on('roomMemberLeft', (zim, { memberList }) => resolve(memberList.map((m) => m.userID))),
    );
    const result = await outcome(a.zim.switchRoom(fromRoomID, toRoomInfo, isCreateWhenRoomNotExisted, config));
    expect(result).toEqual({ ok: { roomInfo: { baseInfo: toRoomInfo } } });
    // The page's table: Room2 Connecting/ActiveSwitch, then Room2 Connected/Success, Room1 Disconnected/Success.
    expect(states).toEqual(['Room2 1 11', 'Room2 2 0', 'Room1 0 0']);
    expect((await a.zim.queryRoomAllAttributes(toRoomInfo.roomID)).roomAttributes).toEqual(to_room_attr);
    // Room1's other member is told A left.
    expect(await left).toEqual([a.userID]);
  });

  it('Switch Rooms: a missing target with isCreateWhenRoomNotExisted false fails (SwitchFailed)', async () => {
    const a = await newUser(server);
    const fromRoomID = uid('from');
    await a.zim.createRoom({ roomID: fromRoomID, roomName: 'From' });
    const states: string[] = [];
    a.zim.on('roomStateChanged', (zim, { state, event }) => states.push(`${state} ${event}`));
    const result = await outcome(a.zim.switchRoom(fromRoomID, { roomID: uid('nowhere'), roomName: '' }, false));
    expect(result).toMatchObject({ err: { code: 6000322 } });
    expect(states).toEqual(['1 11', '0 12']);
    expect(a.zim.getRoomIDs()).toEqual([fromRoomID]);
  });

  it('Leave the room: B leaves with { roomID }; A is told through roomMemberLeft', async () => {
    const a = await newUser(server);
    const b = await newUser(server);
    const roomID = uid('leave');
    await a.zim.createRoom({ roomID, roomName: 'Leave' });
    await b.zim.joinRoom(roomID);
    const left: string[] = [];
    // Callback for receiving event notification when existing room members leave the room.
    a.zim.on('roomMemberLeft', function (zim, { roomID, memberList }) {
      left.push(...memberList.map((m) => `${roomID}/${m.userID}`));
    });
    // A must have seen B arrive: a join and a leave inside one batching window cancel out (SPEC 4).
    await a.rec.waitFor('roomMemberJoined', (e) => e.memberList.some((m) => m.userID === b.userID));
    expect(await outcome(b.zim.leaveRoom(roomID))).toEqual({ ok: { roomID } });
    await expect.poll(() => left).toEqual([`${roomID}/${b.userID}`]);
  });

  it('Leave all rooms: the sample (which passes an array) leaves every room of this session', async () => {
    const a = await newUser(server);
    const rooms = [uid('all-1'), uid('all-2'), uid('all-3')];
    for (const roomID of rooms) await a.zim.enterRoom({ roomID, roomName: roomID });
    const states: string[] = [];
    a.zim.on('roomStateChanged', (zim, { roomID, state, event }) => states.push(`${roomID} ${state} ${event}`));

    const roomIDs: string[] = [];
    const result = await outcome((a.zim.leaveAllRoom as (ids: string[]) => Promise<unknown>)(roomIDs));
    expect(result).toMatchObject({ ok: { roomIDs: expect.arrayContaining(rooms) } });
    // One Disconnected/Success per room.
    expect(states.sort()).toEqual(rooms.map((r) => `${r} 0 0`).sort());
    expect(a.zim.getRoomIDs()).toEqual([]);
  });
});
