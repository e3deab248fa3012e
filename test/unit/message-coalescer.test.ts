/** Issue 10: a room's messages within a window share one push (MessageCoalescer, FakeClock). */
import { beforeEach, describe, expect, it } from 'vitest';
import { ZIMMessagePriority, type WireRoomMessage } from '../../lib/protocol/index.ts';
import { MAX_HELD_MESSAGES, MessageCoalescer } from '../../server/rooms/message-coalescer.ts';
import { FakeClock } from '../helpers/fake-clock.ts';

const WINDOW = 20;

type Push =
  | { to: 'room'; roomID: string; ids: string[]; except: string[] }
  | { to: 'session'; sessionID: string; roomID: string; ids: string[] };

let clock: FakeClock;
let pushes: Push[];
let receiving: Set<string>;

function coalescer(windowMs = WINDOW): MessageCoalescer {
  return new MessageCoalescer(windowMs, clock, {
    toRoom: (roomID, list, except) =>
      pushes.push({ to: 'room', roomID, ids: list.map((m) => m.messageID), except: [...except].sort() }),
    toSession: (sessionID, roomID, list) =>
      pushes.push({ to: 'session', sessionID, roomID, ids: list.map((m) => m.messageID) }),
    receives: (sessionID) => receiving.has(sessionID),
  });
}

let seq = 0;
const message = (priority: ZIMMessagePriority = ZIMMessagePriority.Low): WireRoomMessage => ({
  type: 1,
  message: `m${++seq}`,
  messageID: String(seq),
  timestamp: 0,
  senderUserID: 'u',
  priority,
});

beforeEach(() => {
  clock = new FakeClock();
  pushes = [];
  receiving = new Set(['s1', 's2', 's3']);
  seq = 0;
});

describe('MessageCoalescer', () => {
  it('the first message of a quiet room goes at once; the ones after it wait for the window and go as one push', () => {
    const c = coalescer();
    c.send('r', [message()], ['s1']);
    expect(pushes).toEqual([{ to: 'room', roomID: 'r', ids: ['1'], except: ['s1'] }]);
    c.send('r', [message()], []);
    c.send('r', [message()], []);
    expect(pushes).toHaveLength(1);
    clock.advance(WINDOW);
    expect(pushes.slice(1)).toEqual([{ to: 'room', roomID: 'r', ids: ['2', '3'], except: [] }]);
  });

  it('a busy room keeps coalescing window after window; an idle one leaves no timer', () => {
    const c = coalescer();
    c.send('r', [message()], []);
    c.send('r', [message()], []);
    clock.advance(WINDOW); // 2 goes, the next window opens
    c.send('r', [message()], []);
    expect(pushes.map((p) => p.ids)).toEqual([['1'], ['2']]);
    clock.advance(WINDOW);
    expect(pushes.map((p) => p.ids)).toEqual([['1'], ['2'], ['3']]);
    clock.advance(WINDOW); // a window with nothing in it: the room is quiet again
    expect(clock.timers).toBe(0);
    expect(c.openWindows).toBe(0);
    c.send('r', [message()], []);
    expect(pushes.map((p) => p.ids).at(-1)).toEqual(['4']); // at once again
  });

  it('a High-priority message does not wait: what is held goes first, then it', () => {
    const c = coalescer();
    c.send('r', [message()], []);
    c.send('r', [message()], []);
    c.send('r', [message(ZIMMessagePriority.High)], []);
    expect(pushes.map((p) => p.ids)).toEqual([['1'], ['2'], ['3']]);
    clock.advance(WINDOW);
    expect(pushes).toHaveLength(3);
  });

  it('flush sends what is held now (before another push of the room), and only for that room', () => {
    const c = coalescer();
    c.send('r', [message()], []);
    c.send('r', [message()], []);
    c.send('other', [message()], []);
    c.send('other', [message()], []);
    c.flush('r');
    expect(pushes.map((p) => [p.roomID, p.ids])).toEqual([
      ['r', ['1']],
      ['other', ['3']],
      ['r', ['2']],
    ]);
    c.flush(undefined);
    clock.advance(WINDOW);
    expect(pushes.map((p) => [p.roomID, p.ids]).at(-1)).toEqual(['other', ['4']]);
  });

  it('each sender is left out of the shared push and gets the others’ messages of the window in one push of its own', () => {
    const c = coalescer();
    c.send('r', [message()], []); // opens the window
    c.send('r', [message()], ['s1']);
    c.send('r', [message()], ['s2']);
    c.send('r', [message()], ['s1']);
    clock.advance(WINDOW);
    expect(pushes.slice(1)).toEqual([
      { to: 'room', roomID: 'r', ids: ['2', '3', '4'], except: ['s1', 's2'] },
      { to: 'session', sessionID: 's1', roomID: 'r', ids: ['3'] },
      { to: 'session', sessionID: 's2', roomID: 'r', ids: ['2', '4'] },
    ]);
  });

  it('an excluded session that no longer receives the room here gets nothing of its own', () => {
    const c = coalescer();
    c.send('r', [message()], []);
    c.send('r', [message()], ['gone']);
    c.send('r', [message()], []);
    clock.advance(WINDOW);
    expect(pushes.slice(1)).toEqual([{ to: 'room', roomID: 'r', ids: ['2', '3'], except: ['gone'] }]);
  });

  it(`a window holding ${MAX_HELD_MESSAGES} messages sends them at once (a push stays small), and goes on holding`, () => {
    const c = coalescer();
    c.send('r', [message()], []);
    for (let i = 0; i < MAX_HELD_MESSAGES + 1; i++) c.send('r', [message()], []);
    expect(pushes.map((p) => p.ids.length)).toEqual([1, MAX_HELD_MESSAGES]);
    clock.advance(WINDOW);
    expect(pushes.map((p) => p.ids.length)).toEqual([1, MAX_HELD_MESSAGES, 1]);
  });

  it('window 0: one push per message, no timer', () => {
    const c = coalescer(0);
    for (let i = 0; i < 3; i++) c.send('r', [message()], []);
    expect(pushes.map((p) => p.ids)).toEqual([['1'], ['2'], ['3']]);
    expect(clock.timers).toBe(0);
  });

  it('drop (the room has nobody here any more) sends what is held and cancels the window at once', () => {
    const c = coalescer();
    c.send('r', [message()], []);
    c.send('r', [message()], []);
    c.drop('r');
    expect(pushes.map((p) => p.ids)).toEqual([['1'], ['2']]);
    expect(clock.timers).toBe(0);
    expect(c.openWindows).toBe(0);
    c.drop('never-seen');
  });

  it('close (shutdown) sends every room’s held messages and leaves no timer', () => {
    const c = coalescer();
    for (const roomID of ['a', 'b']) for (let i = 0; i < 2; i++) c.send(roomID, [message()], []);
    c.close();
    expect(pushes.map((p) => [p.roomID, p.ids])).toEqual([
      ['a', ['1']],
      ['b', ['3']],
      ['a', ['2']],
      ['b', ['4']],
    ]);
    expect(clock.timers).toBe(0);
    expect(c.openWindows).toBe(0);
  });
});
