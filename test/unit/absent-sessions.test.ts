/**
 * Issue 9: what an absent session misses and what it gets on resume, as room-core rules without
 * sockets (rooms/absent-sessions.ts, rooms/resume-plan.ts). The socket tests (sessions, messages,
 * drain) show the same through real connections.
 */
import { describe, expect, it } from 'vitest';
import { ZIMMessagePriority, ZIMMessageType, type ZIMMessage } from '../../lib/protocol/index.ts';
import { AbsentSessions, BUFFER_LIMIT } from '../../server/rooms/absent-sessions.ts';
import { push, roomOfPush } from '../../server/rooms/pushes.ts';
import { resumePlan } from '../../server/rooms/resume-plan.ts';

const stored = (id: number, roomID = 'r'): ZIMMessage =>
  ({
    type: 1,
    message: `m${id}`,
    messageID: String(id),
    conversationID: roomID,
    conversationType: 1,
    timestamp: id,
    senderUserID: 'u',
    priority: ZIMMessagePriority.Low,
  }) as ZIMMessage;
const wire = (id: number) => ({
  type: ZIMMessageType.Text,
  message: `m${id}`,
  messageID: String(id),
  timestamp: id,
  senderUserID: 'u',
  priority: ZIMMessagePriority.Low,
});
const messages = (roomID: string, ...ids: number[]) =>
  push('receiveRoomMessage', { fromConversationID: roomID, messageList: ids.map(wire) });
const joined = (roomID: string, userID: string) =>
  push('roomMemberJoined', {
    roomID,
    memberList: [{ userID, userName: userID, userAvatarUrl: '', userExtendedData: '' }],
  });
const kicked = (roomID: string) => push('roomStateChanged', { roomID, state: 0, event: 6, extendedData: '' });
const ids = (list: { data: unknown }[]) =>
  list.flatMap((p) => (p.data as { messageList?: { messageID: string }[] }).messageList?.map((m) => m.messageID) ?? []);

describe('the room of a push', () => {
  it('is declared per event: roomID, fromConversationID for messages, none for the session’s own', () => {
    expect(roomOfPush('roomMemberLeft', { roomID: 'a', memberList: [] })).toBe('a');
    expect(messages('b', 1).roomID).toBe('b');
    expect(roomOfPush('connectionStateChanged', { state: 0, event: 3, extendedData: '' })).toBeUndefined();
  });
});

describe('AbsentSessions', () => {
  it('keeps, in order, the pushes of the absent session’s rooms and its own, not those of others or of `except`', () => {
    const absent = new AbsentSessions();
    absent.begin('s', ['r']);
    absent.keepForRoom('r', joined('r', 'x'), []);
    absent.keepForRoom('other', joined('other', 'y'), []);
    absent.keepForRoom('r', messages('r', 1), ['s']); // its own message: never sent back to it
    expect(absent.keepForSession('s', kicked('r'))).toBe(true);
    expect(absent.keepForSession('live', kicked('r'))).toBe(false);
    expect(absent.end('s', ['r']).map((p) => p.event)).toEqual(['roomMemberJoined', 'roomStateChanged']);
    expect(absent.has('s')).toBe(false);
    absent.keepForRoom('r', joined('r', 'z'), []);
    expect(absent.end('s', ['r'])).toEqual([]);
  });

  it('a room entered while absent is kept too; a room left is not', () => {
    const absent = new AbsentSessions();
    absent.addRoom('s', 'early'); // not absent yet: nothing to keep
    absent.begin('s', []);
    absent.addRoom('s', 'new');
    absent.keepForRoom('early', joined('early', 'a'), []);
    absent.keepForRoom('new', joined('new', 'b'), []);
    absent.removeRoom('s', 'new');
    absent.keepForRoom('new', joined('new', 'c'), []);
    expect(absent.end('s', ['new']).map((p) => p.roomID)).toEqual(['new']);
  });

  it(`keeps at most ${BUFFER_LIMIT} pushes per session, dropping the oldest`, () => {
    const absent = new AbsentSessions();
    absent.begin('s', ['r']);
    for (let i = 1; i <= BUFFER_LIMIT + 5; i++) absent.keepForRoom('r', messages('r', i), []);
    const kept = absent.end('s', ['r']);
    expect(kept).toHaveLength(BUFFER_LIMIT);
    expect(ids(kept.slice(0, 1))).toEqual(['6']);
  });

  it('takes out the state changes of the rooms the client lists, before the answer; the rest stays, in order', () => {
    const absent = new AbsentSessions();
    absent.begin('s', ['r', 'q']);
    absent.keepForRoom('r', joined('r', 'x'), []);
    absent.keepForSession('s', kicked('r'));
    absent.keepForSession('s', kicked('q'));
    expect(absent.takeStateChanges('s', new Set(['r'])).map((p) => p.roomID)).toEqual(['r']);
    expect(absent.end('s', ['r', 'q']).map((p) => `${p.event}:${p.roomID}`)).toEqual([
      'roomMemberJoined:r',
      'roomStateChanged:q',
    ]);
  });
});

describe('the resume plan', () => {
  it('replays each listed room once, in messageID order, merging the stored messages after the client’s last with those kept', () => {
    const kept = [messages('r', 4), joined('r', 'x'), messages('r', 6, 7)];
    const replay = new Map([['r', { after: 3, messages: [stored(2), stored(3), stored(4), stored(5), stored(6)] }]]);
    const plan = resumePlan(kept, new Set(['r']), new Set(['r']), replay);
    expect(plan.map((p) => p.event)).toEqual(['receiveRoomMessage', 'roomMemberJoined']);
    expect(ids(plan)).toEqual(['4', '5', '6', '7']);
  });

  it('sends a kept message from before the client’s last too (it never reached the client)', () => {
    const plan = resumePlan(
      [messages('r', 2)],
      new Set(['r']),
      new Set(['r']),
      new Map([['r', { after: 3, messages: [] }]]),
    );
    expect(ids(plan)).toEqual(['2']);
  });

  it('drops what was kept of rooms the session no longer holds or the client did not list; keeps the session’s own', () => {
    const own = push('connectionStateChanged', { state: 2, event: 0, extendedData: '' });
    const kept = [joined('gone', 'a'), joined('unlisted', 'b'), own, joined('r', 'c')];
    const plan = resumePlan(kept, new Set(['r', 'unlisted']), new Set(['r', 'gone']), new Map());
    expect(plan).toEqual([own, joined('r', 'c')]);
  });

  it('a listed room with nothing new sends no empty message push', () => {
    expect(
      resumePlan([], new Set(['r']), new Set(['r']), new Map([['r', { after: 9, messages: [stored(9)] }]])),
    ).toEqual([]);
  });
});
