import { describe, expect, it } from 'vitest';
import { issueToken } from '../../server/token.ts';
import {
  ZIM,
  ZIMConnectionEvent,
  ZIMConnectionState,
  ZIMErrorCode,
  ZIMRoomEvent,
  ZIMRoomState,
} from '../../lib/zim/index.ts';
import { TEST_SECRET, newClient, newUser, rejection, uid, useServer } from './helpers.ts';

const server = useServer();
const { Connecting, Connected, Disconnected } = ZIMConnectionState;

describe('login', () => {
  it('fetches a demo token and reports Connecting/ActiveLogin then Connected/Success', async () => {
    const { zim, rec } = newClient(server);
    const userID = uid('login');
    await expect(zim.login(userID, { userName: 'Ann' })).resolves.toBeUndefined();
    expect(rec.connectionStates()).toEqual([
      [Connecting, ZIMConnectionEvent.ActiveLogin],
      [Connected, ZIMConnectionEvent.Success],
    ]);
    expect(zim.getConnectionState()).toBe(Connected);
    expect(zim.getUserInfo()).toEqual({ userID, userName: 'Ann', userAvatarUrl: '', userExtendedData: '' });
    expect(zim.getRoomIDs()).toEqual([]);
  });

  it('accepts the legacy login({ userID, userName }, token) form', async () => {
    const { zim } = newClient(server);
    const userID = uid('legacy');
    await zim.login({ userID, userName: 'Leg' }, issueToken(TEST_SECRET, userID, 600));
    expect(zim.getUserInfo()).toEqual({ userID, userName: 'Leg', userAvatarUrl: '', userExtendedData: '' });
  });

  it('refuses a forged token with 6000103, Disconnected/KickedOut, and stops', async () => {
    const { zim, rec } = newClient(server);
    const userID = uid('forged');
    const error = await rejection(zim.login(userID, { token: issueToken('not-the-secret', userID, 600) }));
    expect(error.code).toBe(ZIMErrorCode.TokenInvalid);
    const last = rec.of('connectionStateChanged').at(-1);
    expect(last).toMatchObject({ state: Disconnected, event: ZIMConnectionEvent.KickedOut });
    expect(JSON.parse(last!.extendedData)).toMatchObject({ code: ZIMErrorCode.TokenInvalid });
    expect(zim.getConnectionState()).toBe(Disconnected);
  });

  it("refuses another user's token with 6000105", async () => {
    const { zim } = newClient(server);
    const error = await rejection(zim.login(uid('thief'), { token: issueToken(TEST_SECRET, uid('owner'), 600) }));
    expect(error.code).toBe(ZIMErrorCode.TokenUserMismatch);
  });

  it('refuses an expired token with 6000104 and Disconnected/TokenExpired', async () => {
    const { zim, rec } = newClient(server);
    const userID = uid('expired');
    const token = issueToken(TEST_SECRET, userID, 60, Date.now() - 3_600_000);
    expect((await rejection(zim.login(userID, { token }))).code).toBe(ZIMErrorCode.TokenExpired);
    expect(rec.of('connectionStateChanged').at(-1)).toMatchObject({
      state: Disconnected,
      event: ZIMConnectionEvent.TokenExpired,
    });
  });

  it('rejects an invalid userID with 6000001 before any event', async () => {
    const { zim, rec } = newClient(server);
    expect((await rejection(zim.login('has space'))).code).toBe(ZIMErrorCode.InvalidParameter);
    expect(rec.events).toEqual([]);
  });

  it('logging in twice as the same user is one login; as another user fails 6000111', async () => {
    const { zim, rec } = newClient(server);
    const userID = uid('twice');
    await Promise.all([zim.login(userID), zim.login(userID)]);
    expect(rec.connectionStates()).toHaveLength(2);
    expect((await rejection(zim.login(uid('other')))).code).toBe(ZIMErrorCode.AlreadyLoggedIn);
  });

  it('calls before login reject with 6000121 and emit nothing', async () => {
    const { zim, rec } = newClient(server);
    const roomID = uid('room');
    for (const call of [
      zim.createRoom({ roomID, roomName: '' }),
      zim.joinRoom(roomID),
      zim.leaveAllRoom(),
      zim.queryRoomOnlineMemberCount(roomID),
      zim.sendRoomMessage({ type: 1, message: 'hi' }, roomID),
    ]) {
      expect((await rejection(call)).code).toBe(ZIMErrorCode.NotLoggedIn);
    }
    expect(rec.events).toEqual([]);
  });

  it('each ZIM.create is an independent instance; getInstance returns the first', () => {
    const a = newClient(server).zim;
    const b = newClient(server).zim;
    expect(a).not.toBe(b);
    expect(ZIM.getInstance()).toBeInstanceOf(ZIM);
    expect(typeof ZIM.getVersion()).toBe('string');
    // ZIM's own set-up object is accepted.
    const c = ZIM.create({ appID: 123, appSign: 'x', server: server.url });
    c.destroy();
  });
});

describe('logout', () => {
  it('leaves every room: Disconnected/Success per room, then connection Disconnected/Success', async () => {
    const alice = await newUser(server);
    const bob = await newUser(server);
    const [r1, r2] = [uid('room'), uid('room')];
    await alice.zim.createRoom({ roomID: r1, roomName: '' });
    await alice.zim.createRoom({ roomID: r2, roomName: '' });
    await bob.zim.joinRoom(r1);
    alice.rec.clear();
    await expect(alice.zim.logout()).resolves.toBeUndefined();
    expect(alice.rec.of('roomStateChanged')).toEqual([
      { roomID: r1, state: ZIMRoomState.Disconnected, event: ZIMRoomEvent.Success, extendedData: '' },
      { roomID: r2, state: ZIMRoomState.Disconnected, event: ZIMRoomEvent.Success, extendedData: '' },
    ]);
    expect(alice.rec.connectionStates()).toEqual([[Disconnected, ZIMConnectionEvent.Success]]);
    expect(alice.zim.getRoomIDs()).toEqual([]);
    await bob.rec.waitFor(
      'roomMemberLeft',
      (e) => e.roomID === r1 && e.memberList.some((m) => m.userID === alice.userID),
    );
    expect((await rejection(alice.zim.joinRoom(r1))).code).toBe(ZIMErrorCode.NotLoggedIn);
  });

  it('after logout the same instance can log in again', async () => {
    const { zim, userID } = await newUser(server);
    await zim.logout();
    await zim.login(userID);
    expect(zim.getConnectionState()).toBe(Connected);
  });
});
