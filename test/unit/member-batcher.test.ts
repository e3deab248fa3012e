import { beforeEach, describe, expect, it } from 'vitest';
import type { ZIMUserInfo } from '../../lib/protocol/index.ts';
import { MemberBatcher, netChange } from '../../server/rooms/member-batcher.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { RecordingOutbox, type Sent } from '../helpers/recording-outbox.ts';

const WINDOW = 100;
const user = (id: string): ZIMUserInfo => ({ userID: id, userName: `${id} name`, userAvatarUrl: '', userExtendedData: '' });
const names = (s: Sent) => (s.data.memberList as ZIMUserInfo[]).map((m) => m.userID);

let clock: FakeClock;
let outbox: RecordingOutbox;
let batcher: MemberBatcher;

beforeEach(() => {
  clock = new FakeClock();
  outbox = new RecordingOutbox();
  batcher = new MemberBatcher(clock, WINDOW, outbox);
});

/** A room where `ids` are members and the window has closed again. */
function quietRoomWith(roomID: string, ...ids: string[]): void {
  for (const id of ids) batcher.memberJoined(roomID, user(id), `sess-${id}`);
  clock.advance(WINDOW * 3);
  outbox.drain();
}

describe('netChange', () => {
  const change = (seq: number, kind: 'join' | 'leave', id: string) => ({ seq, kind, user: user(id) });

  it('a user who joined and then left is in neither list', () => {
    expect(netChange([change(1, 'join', 'a'), change(2, 'leave', 'a')], 0)).toEqual({ joined: [], left: [] });
  });

  it('a member who left and came back is in neither list', () => {
    expect(netChange([change(1, 'leave', 'a'), change(2, 'join', 'a')], 0)).toEqual({ joined: [], left: [] });
  });

  it('only changes after the given sequence number count', () => {
    const changes = [change(1, 'join', 'a'), change(2, 'join', 'b'), change(3, 'leave', 'c')];
    expect(netChange(changes, 1)).toEqual({ joined: [user('b')], left: [user('c')] });
  });
});

describe('MemberBatcher', () => {
  it('a join in a quiet room is sent at once to everyone but the joining session', () => {
    quietRoomWith('r', 'a');
    batcher.memberJoined('r', user('b'), 'sess-b');
    expect(outbox.sent).toEqual([
      { to: 'room', roomID: 'r', event: 'roomMemberJoined', data: { roomID: 'r', memberList: [user('b')] }, except: ['sess-b'] },
    ]);
  });

  it('joins within the window are gathered into one event at its end', () => {
    quietRoomWith('r', 'a');
    batcher.memberJoined('r', user('b'), 'sess-b');
    outbox.drain();
    for (const id of ['c', 'd', 'e']) batcher.memberJoined('r', user(id), `sess-${id}`);
    expect(outbox.sent).toEqual([]);
    clock.advance(WINDOW);
    const toRoom = outbox.sent.filter((s) => s.to === 'room');
    expect(toRoom).toHaveLength(1);
    expect(toRoom[0]!.event).toBe('roomMemberJoined');
    expect(names(toRoom[0]!)).toEqual(['c', 'd', 'e']);
  });

  it('a user who joins and leaves within one window appears in no event', () => {
    quietRoomWith('r', 'a');
    batcher.memberJoined('r', user('b'), 'sess-b');
    outbox.drain();
    batcher.memberJoined('r', user('c'), 'sess-c');
    batcher.sessionLeft('r', 'sess-c');
    batcher.memberLeft('r', user('c'));
    clock.advance(WINDOW);
    expect(outbox.sent).toEqual([]);
  });

  it('a window sends at most one joined and one left event, each with every user of the window', () => {
    quietRoomWith('r', 'a', 'b', 'c', 'd');
    batcher.memberLeft('r', user('b'));
    outbox.drain();
    batcher.memberLeft('r', user('c'));
    batcher.memberJoined('r', user('e'), 'sess-e');
    batcher.memberLeft('r', user('d'));
    batcher.memberJoined('r', user('f'), 'sess-f');
    clock.advance(WINDOW);
    const toRoom = outbox.sent.filter((s) => s.to === 'room');
    expect(toRoom.map((s) => [s.event, names(s)])).toEqual([
      ['roomMemberJoined', ['e', 'f']],
      ['roomMemberLeft', ['c', 'd']],
    ]);
  });

  it('a session that entered during the window is left out of the room event and gets only what came after it', () => {
    quietRoomWith('r', 'a');
    batcher.memberJoined('r', user('b'), 'sess-b');
    outbox.drain();
    batcher.memberJoined('r', user('c'), 'sess-c');
    batcher.memberJoined('r', user('d'), 'sess-d');
    clock.advance(WINDOW);
    const toRoom = outbox.sent.filter((s) => s.to === 'room');
    expect(toRoom).toHaveLength(1);
    expect(names(toRoom[0]!)).toEqual(['c', 'd']);
    expect([...(toRoom[0] as Extract<Sent, { to: 'room' }>).except].sort()).toEqual(['sess-c', 'sess-d']);
    const toC = outbox.sent.filter((s) => s.to === 'session' && s.sessionID === 'sess-c');
    expect(toC.map(names)).toEqual([['d']]);
    expect(outbox.sent.some((s) => s.to === 'session' && s.sessionID === 'sess-d')).toBe(false);
  });

  it("a member's second session entering during the window gets only the changes after it", () => {
    quietRoomWith('r', 'a', 'b');
    batcher.memberJoined('r', user('c'), 'sess-c');
    outbox.drain();
    batcher.memberJoined('r', user('d'), 'sess-d');
    batcher.sessionEntered('r', 'sess-a2');
    batcher.memberJoined('r', user('e'), 'sess-e');
    clock.advance(WINDOW);
    const toA2 = outbox.sent.filter((s) => s.to === 'session' && s.sessionID === 'sess-a2');
    expect(toA2.map(names)).toEqual([['e']]);
    const toRoom = outbox.sent.find((s) => s.to === 'room')!;
    expect(toRoom.except).toContain('sess-a2');
  });

  it('a session that left during the window gets nothing more from the room', () => {
    quietRoomWith('r', 'a');
    batcher.memberJoined('r', user('b'), 'sess-b');
    outbox.drain();
    batcher.memberJoined('r', user('c'), 'sess-c');
    batcher.sessionLeft('r', 'sess-c');
    batcher.memberLeft('r', user('c'));
    batcher.memberJoined('r', user('d'), 'sess-d');
    clock.advance(WINDOW);
    expect(outbox.sent.some((s) => s.to === 'session' && s.sessionID === 'sess-c')).toBe(false);
  });

  it('once a window passes with no change the room is quiet again and the next change goes out at once', () => {
    quietRoomWith('r', 'a');
    batcher.memberJoined('r', user('b'), 'sess-b');
    clock.advance(WINDOW); // the window closes empty
    outbox.drain();
    expect(clock.timers).toBe(0);
    batcher.memberLeft('r', user('b'));
    expect(outbox.sent.map((s) => [s.event, names(s)])).toEqual([['roomMemberLeft', ['b']]]);
  });

  it('changes keep being sent once per window while they keep coming', () => {
    quietRoomWith('r', 'a');
    for (let i = 0; i < 50; i++) {
      batcher.memberJoined('r', user(`u${i}`), `sess-u${i}`);
      clock.advance(WINDOW / 5);
    }
    clock.advance(WINDOW * 2);
    const toRoom = outbox.sent.filter((s) => s.to === 'room');
    expect(toRoom.length).toBeLessThanOrEqual(11);
    expect(toRoom.flatMap(names)).toEqual(Array.from({ length: 50 }, (_, i) => `u${i}`));
  });

  it('rooms are batched independently', () => {
    quietRoomWith('r1', 'a');
    quietRoomWith('r2', 'b');
    batcher.memberJoined('r1', user('c'), 'sess-c');
    batcher.memberJoined('r2', user('d'), 'sess-d');
    expect(outbox.sent.map((s) => [s.to === 'room' && s.roomID, names(s)])).toEqual([
      ['r1', ['c']],
      ['r2', ['d']],
    ]);
  });

  it('dropping a room discards its pending changes and timer', () => {
    quietRoomWith('r', 'a');
    batcher.memberJoined('r', user('b'), 'sess-b');
    batcher.memberJoined('r', user('c'), 'sess-c');
    outbox.drain();
    batcher.dropRoom('r');
    expect(clock.timers).toBe(0);
    clock.advance(WINDOW * 2);
    expect(outbox.sent).toEqual([]);
  });
});
