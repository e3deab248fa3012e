/**
 * The SDK's resume point and de-duplication per room (RoomRegistry), with own messages
 * acknowledged ahead of messages the server still holds (coalescing window, another node).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { ZIMRoomEvent } from '../../lib/protocol/client.ts';
import { Emitter } from '../../lib/zim/emitter.ts';
import { RoomRegistry } from '../../lib/zim/room-registry.ts';

const ROOM = 'r';
let rooms: RoomRegistry;

beforeEach(() => {
  rooms = new RoomRegistry(new Emitter<unknown>({}));
  rooms.entered({ roomInfo: { baseInfo: { roomID: ROOM, roomName: '' } }, memberList: [], roomAttributes: {} });
});

const resumePoint = () => rooms.resumeList().find((r) => r.roomID === ROOM)?.lastMessageID;
const received = (...ids: number[]) => ids.map((id) => rooms.noteMessage(ROOM, String(id)));

describe('RoomRegistry messages', () => {
  it('a received message moves the resume point; a replay of it is no news', () => {
    expect(resumePoint()).toBeUndefined();
    expect(received(1, 2)).toEqual([true, true]);
    expect(resumePoint()).toBe('2');
    expect(received(1, 2, 3)).toEqual([false, false, true]);
  });

  it('an own message right after the last received one moves the resume point too', () => {
    received(4);
    rooms.noteSent(ROOM, '5');
    expect(resumePoint()).toBe('5');
    expect(received(5, 6)).toEqual([false, true]);
  });

  it('an own message ahead of held ones does not move the resume point past them, and its replay is no news', () => {
    received(4);
    rooms.noteSent(ROOM, '6'); // 5 (someone else's) is still held by the server
    expect(resumePoint()).toBe('4');
    expect(received(5)).toEqual([true]);
    expect(resumePoint()).toBe('6'); // 6 is had: the own message right after 5
    expect(received(6, 7)).toEqual([false, true]);
  });

  it('a replay after a resume shows the held ones and hides the own ones', () => {
    received(1);
    rooms.noteSent(ROOM, '3');
    rooms.noteSent(ROOM, '5');
    expect(received(2, 3, 4, 5, 6)).toEqual([true, false, true, false, true]);
    expect(resumePoint()).toBe('6');
  });

  it('with nothing received yet, the resume point is just before the first own message', () => {
    rooms.noteSent(ROOM, '8');
    rooms.noteSent(ROOM, '9');
    expect(resumePoint()).toBe('7');
    expect(received(7, 8, 9, 10)).toEqual([true, false, false, true]);
  });

  it('leaving the room forgets both (a new entry starts afresh)', () => {
    received(1);
    rooms.noteSent(ROOM, '3');
    rooms.drop(ROOM, ZIMRoomEvent.Success);
    expect(rooms.ids()).toEqual([]);
    expect(rooms.resumeList()).toEqual([]);
    expect(rooms.noteMessage(ROOM, '3')).toBe(true);
  });
});
