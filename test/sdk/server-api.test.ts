import { describe, expect, it } from 'vitest';
import { ZIMRoomEvent as E, ZIMRoomState as S } from '../../lib/zim/index.ts';
import { serverApi } from '../helpers/server-api.ts';
import { newUser, uid, useServer } from './helpers.ts';

const SECRET = 'sdk-server-api-secret-0123456789';
const server = useServer({ serverSecret: SECRET });
const api = serverApi(() => server.url, SECRET);

describe('the server API as an app sees it through the SDK', () => {
  it('a kicked user sees roomStateChanged(Disconnected, KickedOut) with the reason and has left; the others see the leave', async () => {
    const host = await newUser(server);
    const pupil = await newUser(server);
    const roomID = uid('class');
    await host.zim.createRoom({ roomID, roomName: 'Physics 101' });
    await pupil.zim.joinRoom(roomID);
    // Past the batching window, so the leave is not folded into the join.
    await host.rec.waitFor('roomMemberJoined', (e) => e.memberList.some((m) => m.userID === pupil.userID));
    await api.post(`/rooms/${roomID}/kick`, { userIDs: [pupil.userID], reason: 'Talking over the teacher' });
    const kicked = await pupil.rec.waitFor('roomStateChanged', (e) => e.event === E.KickedOut);
    expect(kicked).toEqual({
      roomID,
      state: S.Disconnected,
      event: E.KickedOut,
      extendedData: '{"reason":"Talking over the teacher"}',
    });
    expect(JSON.parse(kicked.extendedData)).toEqual({ reason: 'Talking over the teacher' });
    expect(pupil.zim.getRoomIDs()).toEqual([]);
    await host.rec.waitFor('roomMemberLeft', (e) => e.memberList.some((m) => m.userID === pupil.userID));
    // Out means out: the room's calls now fail for the kicked user.
    await expect(pupil.zim.queryRoomOnlineMemberCount(roomID)).rejects.toMatchObject({ code: 6000321 });
  });

  it('a destroyed room reports RoomNotExist to everyone, and server messages arrive from @server', async () => {
    const host = await newUser(server);
    const pupil = await newUser(server);
    const roomID = uid('class');
    await host.zim.createRoom({ roomID, roomName: '' });
    await pupil.zim.joinRoom(roomID);
    await api.post(`/rooms/${roomID}/messages`, { message: { type: 1, message: 'The class has ended' } });
    const got = await pupil.rec.waitFor('roomMessageReceived');
    expect(got.messageList[0]).toMatchObject({
      senderUserID: '@server',
      message: 'The class has ended',
      conversationID: roomID,
    });
    await api.delete(`/rooms/${roomID}`);
    for (const user of [host, pupil]) {
      await user.rec.waitFor(
        'roomStateChanged',
        (e) => e.roomID === roomID && e.event === E.RoomNotExist && e.state === S.Disconnected,
      );
      expect(user.zim.getRoomIDs()).toEqual([]);
    }
  });
});
