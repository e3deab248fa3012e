/** The node's RoomFeed over the memory store: entries, answers before events, a room made anew. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ServerPayload } from '../../lib/protocol/index.ts';
import { MemoryRoomStore } from '../../server/store/memory.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { RecordingOutbox } from '../helpers/recording-outbox.ts';
import { StoreNode, user } from '../helpers/store-node.ts';
import { testStoreSettings } from '../helpers/store-settings.ts';

let outbox: RecordingOutbox;
let node: StoreNode;

beforeEach(async () => {
  outbox = new RecordingOutbox();
  node = new StoreNode(new MemoryRoomStore(testStoreSettings({ memberBatchWindowMs: 0 }), new FakeClock()), outbox);
  await node.start();
});

describe('RoomFeed', () => {
  it("an entry's answer goes out before the events that follow the entry, which then reach the new session", async () => {
    await node.enter('r', 'a');
    const x = { sessionID: 'sess-x', user: user('x') };
    await node.store.openSession(x);
    await node.feed.beginEntry('r');
    const result = await node.store.enter(x, {
      mode: 'join',
      roomInfo: { roomID: 'r', roomName: '' },
      destroyDelaySeconds: 0,
      attributes: {},
    });
    await node.enter('r', 'b'); // another entry's event arrives before x's answer went out
    const order: string[] = [];
    outbox.drain();
    node.feed.endEntry('r', {
      sessionID: 'sess-x',
      seq: result.ok ? result.seq : 0,
      answer: () => order.push('answer'),
    });
    const toX = outbox.sent.filter((s) => s.to === 'session' && s.sessionID === 'sess-x');
    expect(order).toEqual(['answer']);
    expect(
      toX.map((s) => [s.event, (s.data as ServerPayload<'roomMemberJoined'>).memberList.map((m) => m.userID)]),
    ).toEqual([['roomMemberJoined', ['b']]]);
  });

  it('a room destroyed while an entry is under way and created anew by it still delivers to the entering session', async () => {
    await node.enter('r', 'y');
    const x = { sessionID: 'sess-x', user: user('x') };
    await node.store.openSession(x);
    await node.feed.beginEntry('r');
    await node.leave('r', 'y'); // the last member leaves: destroyed
    expect(await node.store.getRoom('r')).toBeUndefined();
    const result = await node.store.enter(x, {
      mode: 'enter',
      roomInfo: { roomID: 'r', roomName: 'r' },
      destroyDelaySeconds: 0,
      attributes: {},
    });
    node.feed.endEntry('r', { sessionID: 'sess-x', seq: result.ok ? result.seq : 0, answer: () => undefined });
    outbox.drain();
    await node.enter('r', 'z');
    expect(node.feed.sessionsIn('r').sort()).toEqual(['sess-x', 'sess-z']);
    expect(
      outbox.sent
        .filter((s) => s.event === 'roomMemberJoined')
        .map((s) => s.to === 'room' && s.data.memberList[0]!.userID),
    ).toEqual(['z']);
  });
});
