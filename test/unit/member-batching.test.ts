/** SPEC 4 batching, as the memory store decides it and a node's feed delivers it (FakeClock). */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ServerPayload } from '../../lib/protocol/index.ts';
import { netChange } from '../../server/rooms/member-batcher.ts';
import { MemoryRoomStore } from '../../server/store/memory.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { RecordingOutbox, type Sent } from '../helpers/recording-outbox.ts';
import { StoreNode, user } from '../helpers/store-node.ts';
import { testStoreSettings } from '../helpers/store-settings.ts';

const WINDOW = 100;
const names = (s: Sent) => (s.data as ServerPayload<'roomMemberJoined'>).memberList.map((m) => m.userID);
const memberEvents = (list: Sent[]) =>
  list.filter((s) => s.event === 'roomMemberJoined' || s.event === 'roomMemberLeft');

let clock: FakeClock;
let outbox: RecordingOutbox;
let node: StoreNode;

beforeEach(async () => {
  clock = new FakeClock();
  outbox = new RecordingOutbox();
  node = new StoreNode(new MemoryRoomStore(testStoreSettings({ memberBatchWindowMs: WINDOW }), clock), outbox);
  await node.start();
});

/** A room where `ids` are members and the window has closed again. */
async function quietRoomWith(roomID: string, ...ids: string[]): Promise<void> {
  for (const id of ids) await node.enter(roomID, id);
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

describe('member batching (store + feed)', () => {
  it('a join in a quiet room is sent at once to everyone but the joining session', async () => {
    await quietRoomWith('r', 'a');
    await node.enter('r', 'b');
    expect(memberEvents(outbox.sent)).toEqual([
      {
        to: 'room',
        roomID: 'r',
        event: 'roomMemberJoined',
        data: { roomID: 'r', memberList: [user('b')] },
        except: [],
      },
    ]);
  });

  it('joins within the window are gathered into one event at its end', async () => {
    await quietRoomWith('r', 'a');
    await node.enter('r', 'b');
    outbox.drain();
    for (const id of ['c', 'd', 'e']) await node.enter('r', id);
    expect(memberEvents(outbox.sent)).toEqual([]);
    clock.advance(WINDOW);
    const toRoom = memberEvents(outbox.sent).filter((s) => s.to === 'room');
    expect(toRoom).toHaveLength(1);
    expect(toRoom[0]!.event).toBe('roomMemberJoined');
    expect(names(toRoom[0]!)).toEqual(['c', 'd', 'e']);
  });

  it('a user who joins and leaves within one window appears in no event', async () => {
    await quietRoomWith('r', 'a');
    await node.enter('r', 'b');
    outbox.drain();
    await node.enter('r', 'c');
    await node.leave('r', 'c');
    clock.advance(WINDOW);
    expect(memberEvents(outbox.sent)).toEqual([]);
  });

  it('a window sends at most one joined and one left event, each with every user of the window', async () => {
    await quietRoomWith('r', 'a', 'b', 'c', 'd');
    await node.leave('r', 'b');
    outbox.drain();
    await node.leave('r', 'c');
    await node.enter('r', 'e');
    await node.leave('r', 'd');
    await node.enter('r', 'f');
    clock.advance(WINDOW);
    const toRoom = memberEvents(outbox.sent).filter((s) => s.to === 'room');
    expect(toRoom.map((s) => [s.event, names(s)])).toEqual([
      ['roomMemberJoined', ['e', 'f']],
      ['roomMemberLeft', ['c', 'd']],
    ]);
  });

  it('a session that entered during the window is left out of the room event and gets only what came after it', async () => {
    await quietRoomWith('r', 'a');
    await node.enter('r', 'b');
    outbox.drain();
    await node.enter('r', 'c');
    await node.enter('r', 'd');
    clock.advance(WINDOW);
    const toRoom = memberEvents(outbox.sent).filter((s) => s.to === 'room');
    expect(toRoom).toHaveLength(1);
    expect(names(toRoom[0]!)).toEqual(['c', 'd']);
    expect([...(toRoom[0] as Extract<Sent, { to: 'room' }>).except].sort()).toEqual(['sess-c', 'sess-d']);
    const toC = outbox.sent.filter((s) => s.to === 'session' && s.sessionID === 'sess-c');
    expect(toC.map(names)).toEqual([['d']]);
    expect(outbox.sent.some((s) => s.to === 'session' && s.sessionID === 'sess-d')).toBe(false);
  });

  it("a member's second session entering during the window gets only the changes after it", async () => {
    await quietRoomWith('r', 'a', 'b');
    await node.enter('r', 'c');
    outbox.drain();
    await node.enter('r', 'd');
    await node.enter('r', 'a', 'sess-a2');
    await node.enter('r', 'e');
    clock.advance(WINDOW);
    const toA2 = outbox.sent.filter((s) => s.to === 'session' && s.sessionID === 'sess-a2');
    expect(toA2.map(names)).toEqual([['e']]);
    const toRoom = outbox.sent.find((s) => s.to === 'room')!;
    expect(toRoom.to === 'room' && toRoom.except).toContain('sess-a2');
  });

  it('a session that left during the window gets nothing more from the room', async () => {
    await quietRoomWith('r', 'a');
    await node.enter('r', 'b');
    outbox.drain();
    await node.enter('r', 'c');
    await node.leave('r', 'c');
    await node.enter('r', 'd');
    clock.advance(WINDOW);
    expect(outbox.sent.some((s) => s.to === 'session' && s.sessionID === 'sess-c')).toBe(false);
    expect(node.feed.sessionsIn('r')).not.toContain('sess-c');
  });

  it('once a window passes with no change the room is quiet again and the next change goes out at once', async () => {
    await quietRoomWith('r', 'a');
    await node.enter('r', 'b');
    clock.advance(WINDOW); // the window closes empty
    outbox.drain();
    expect(clock.timers).toBe(0);
    await node.leave('r', 'b');
    expect(memberEvents(outbox.sent).map((s) => [s.event, names(s)])).toEqual([['roomMemberLeft', ['b']]]);
  });

  it('changes keep being sent once per window while they keep coming', async () => {
    await quietRoomWith('r', 'a');
    for (let i = 0; i < 50; i++) {
      await node.enter('r', `u${i}`);
      clock.advance(WINDOW / 5);
    }
    clock.advance(WINDOW * 2);
    const toRoom = memberEvents(outbox.sent).filter((s) => s.to === 'room');
    expect(toRoom.length).toBeLessThanOrEqual(11);
    expect(toRoom.flatMap(names)).toEqual(Array.from({ length: 50 }, (_, i) => `u${i}`));
  });

  it('rooms are batched independently', async () => {
    await quietRoomWith('r1', 'a');
    await quietRoomWith('r2', 'b');
    await node.enter('r1', 'c');
    await node.enter('r2', 'd');
    expect(memberEvents(outbox.sent).map((s) => [s.to === 'room' && s.roomID, names(s)])).toEqual([
      ['r1', ['c']],
      ['r2', ['d']],
    ]);
  });

  it('a destroyed room discards its pending changes and timers', async () => {
    await quietRoomWith('r', 'a');
    await node.enter('r', 'b');
    await node.enter('r', 'c');
    outbox.drain();
    for (const id of ['a', 'b', 'c']) await node.leave('r', id);
    expect(await node.store.getRoom('r')).toBeUndefined();
    expect(clock.timers).toBe(0);
    clock.advance(WINDOW * 2);
    expect(memberEvents(outbox.sent)).toEqual([]);
  });
});
