import { describe, expect, it, vi } from 'vitest';
import { issueToken } from '../../server/token.ts';
import {
  ZIMConnectionEvent as CE,
  ZIMConnectionState as CS,
  ZIMErrorCode,
  ZIMRoomEvent as E,
  ZIMRoomState as S,
} from '../../lib/zim/index.ts';
import { TEST_SECRET, newClient, newUser, rejection, uid, useServer } from './helpers.ts';

describe('the server ends a session whose token expires', () => {
  const server = useServer();

  it('rooms go Disconnected/KickedOut, the connection Disconnected/TokenExpired, and it stays down', async () => {
    const bob = await newUser(server);
    const roomID = uid('exp');
    await bob.zim.createRoom({ roomID, roomName: '' });
    const { zim, rec } = newClient(server);
    const userID = uid('brief');
    await zim.login(userID, { token: issueToken(TEST_SECRET, userID, 2) });
    await rec.waitFor('tokenWillExpire'); // Less than 30 s left: at once.
    await zim.joinRoom(roomID);
    const ended = await rec.waitFor('connectionStateChanged', (e) => e.state === CS.Disconnected, 5000);
    expect(ended.event).toBe(CE.TokenExpired);
    expect(rec.roomStates(roomID).at(-1)).toEqual([S.Disconnected, E.KickedOut]);
    // The room events came before the connection event.
    const names = rec.events.map((e) => e.name);
    expect(names.lastIndexOf('roomStateChanged')).toBeLessThan(names.lastIndexOf('connectionStateChanged'));
    expect(zim.getRoomIDs()).toEqual([]);
    expect((await rejection(zim.joinRoom(roomID))).code).toBe(ZIMErrorCode.NotLoggedIn);
    await bob.rec.waitFor('roomMemberLeft', (e) => e.memberList.some((m) => m.userID === userID));
    expect(zim.getConnectionState()).toBe(CS.Disconnected);
  });
});

describe("ZIM's single-device policy", () => {
  const server = useServer({ singleDevicePerRoom: true });

  it('a second session entering the room removes the first with Disconnected/KickedOutByOtherDevice', async () => {
    const userID = uid('single');
    const phone = await newUser(server, userID);
    const laptop = await newUser(server, userID);
    const roomID = uid('room');
    await phone.zim.createRoom({ roomID, roomName: '' });
    await laptop.zim.joinRoom(roomID);
    await phone.rec.waitFor('roomStateChanged', (e) => e.event === E.KickedOutByOtherDevice);
    expect(phone.rec.roomStates(roomID).at(-1)).toEqual([S.Disconnected, E.KickedOutByOtherDevice]);
    expect(phone.zim.getRoomIDs()).toEqual([]);
    expect(laptop.zim.getRoomIDs()).toEqual([roomID]);
    // The phone may enter again; it is not "already in" the room locally.
    expect((await rejection(phone.zim.sendRoomMessage({ type: 1, message: 'x' }, roomID))).code).toBe(
      ZIMErrorCode.NotInRoom,
    );
  });
});

describe('listeners', () => {
  const server = useServer();

  it('on replaces the listener of an event, off removes it, and the zim instance comes first', async () => {
    const { zim } = newClient(server);
    const first = vi.fn();
    const second = vi.fn();
    zim.on('connectionStateChanged', first);
    zim.on('connectionStateChanged', second);
    await zim.login(uid('listen'));
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(2);
    expect(second.mock.calls[0]![0]).toBe(zim);
    zim.off('connectionStateChanged');
    await zim.logout();
    expect(second).toHaveBeenCalledTimes(2);
  });

  it('a throwing listener does not break the SDK', async () => {
    const { zim } = newClient(server);
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    zim.on('roomStateChanged', () => {
      throw new Error('app bug');
    });
    await zim.login(uid('throw'));
    const roomID = uid('room');
    await expect(zim.createRoom({ roomID, roomName: '' })).resolves.toBeDefined();
    expect(zim.getRoomIDs()).toEqual([roomID]);
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
  });
});
