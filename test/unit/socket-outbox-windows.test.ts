/** Issue 10: a room's coalescing window and its timer go when the room has nobody left on this node, and at shutdown. */
import { Server } from 'socket.io';
import { beforeEach, describe, expect, it } from 'vitest';
import { ZIMMessagePriority, type WireRoomMessage } from '../../lib/protocol/index.ts';
import { SocketOutbox, type ConveneIO } from '../../server/socket-outbox.ts';
import { FakeClock } from '../helpers/fake-clock.ts';

const WINDOW = 20;
let io: ConveneIO;
let clock: FakeClock;
let outbox: SocketOutbox;

const message = (id: number): WireRoomMessage => ({
  type: 1,
  message: `m${id}`,
  messageID: String(id),
  timestamp: 0,
  senderUserID: 'u',
  priority: ZIMMessagePriority.Low,
});
const say = (roomID: string, id: number) =>
  outbox.toRoom(roomID, 'receiveRoomMessage', { messageList: [message(id)], fromConversationID: roomID });

beforeEach(() => {
  io = new Server(); // attached to no HTTP server: it holds nothing open
  clock = new FakeClock();
  outbox = new SocketOutbox(io, WINDOW, clock);
});

describe('SocketOutbox coalescing windows', () => {
  it('the window stays while someone here is in the room, and goes with the last one out', () => {
    outbox.subscribe('s1', 'r');
    outbox.subscribe('s2', 'r');
    outbox.subscribe('s2', 'r'); // again: still one receiver
    say('r', 1);
    say('r', 2);
    expect(clock.timers).toBe(1);
    outbox.unsubscribe('s1', 'r');
    expect(clock.timers).toBe(1);
    outbox.unsubscribe('s2', 'r');
    expect(clock.timers).toBe(0);
  });

  it('a session that ends for good (forget) counts as out of its rooms', () => {
    outbox.subscribe('s1', 'a');
    outbox.subscribe('s1', 'b');
    say('a', 1);
    say('b', 2);
    expect(clock.timers).toBe(2);
    outbox.forget('s1');
    expect(clock.timers).toBe(0);
  });

  it('an unsubscribe of a session that was not in the room leaves the others’ window alone', () => {
    outbox.subscribe('s1', 'r');
    say('r', 1);
    outbox.unsubscribe('stranger', 'r');
    outbox.forget('stranger');
    expect(clock.timers).toBe(1);
  });

  it('close (shutdown) leaves no timer', () => {
    outbox.subscribe('s1', 'r');
    say('r', 1);
    say('r', 2);
    outbox.close();
    expect(clock.timers).toBe(0);
  });
});
