/**
 * SPEC 11 / 7: every member of a room receives that room's events in one order, the same on every
 * node, while senders on both nodes send at once. (Plain Socket.IO Redis adapters do not do this:
 * each node emits to its own clients first.)
 */
import { describe, expect, it } from 'vitest';
import { roomInfo } from '../helpers/clients.ts';
import type { RawClient } from '../helpers/raw-client.ts';
import { uniqueID } from '../helpers/server.ts';
import { waitUntil } from '../helpers/processes.ts';
import { useCluster } from './fixture.ts';

const PER_SENDER = 60;

/** What a client saw of the room, in arrival order: messages by text, attribute changes by value. */
function timeline(client: RawClient, roomID: string): string[] {
  return client.pushes.flatMap((p) => {
    if (p.event === 'receiveRoomMessage' && p.data.fromConversationID === roomID) {
      return p.data.messageList.map((m) => `m:${String(m.message)}`);
    }
    if (p.event === 'roomAttributesUpdated' && p.data.roomID === roomID) {
      return p.data.infos.map(
        (i: { roomAttributes: Record<string, string> }) => `a:${JSON.stringify(i.roomAttributes)}`,
      );
    }
    return [];
  });
}

const text = (sender: string, i: number) => ({ message: { type: 1, message: `${sender}#${i}` }, conversationType: 1 });

describe('one order for every receiver on every node', () => {
  const c = useCluster(2, {
    CONVENE_MESSAGE_RATE: '100000',
    CONVENE_PRIORITY_MESSAGE_RATE: '100000',
    CONVENE_CALL_RATE: '100000',
  });

  it('two senders (one per node) sending at once, attributes set from both nodes: watchers on both nodes see one sequence', async () => {
    const roomID = uniqueID('order');
    const s1 = await c.connect(0, 's1');
    const s2 = await c.connect(1, 's2');
    const watchers = [await c.connect(0, 'w1'), await c.connect(1, 'w2'), await c.connect(1, 'w3')];
    await s1.ok('createRoom', roomInfo(roomID));
    for (const client of [s2, ...watchers]) await client.ok('joinRoom', { roomID });

    const send = (sender: RawClient, name: string) =>
      Promise.all(
        Array.from({ length: PER_SENDER }, async (_, i) => {
          await sender.ok('sendMessage', { ...text(name, i), toConversationID: roomID });
          if (i % 10 === 0)
            await sender.ok('setRoomAttributes', { roomID, roomAttributes: { [name]: `${name}#${i}` } }); // own key: no ownership refusal
        }),
      );
    await Promise.all([send(s1, 's1'), send(s2, 's2')]);

    const expected = 2 * PER_SENDER + 2 * (PER_SENDER / 10);
    await waitUntil(
      'every watcher has everything',
      () => watchers.every((w) => timeline(w, roomID).length >= expected),
      15_000,
    );
    const [first, ...rest] = watchers.map((w) => timeline(w, roomID));
    expect(first).toHaveLength(expected);
    expect(new Set(first).size).toBe(2 * PER_SENDER + 2 * (PER_SENDER / 10)); // once each
    for (const other of rest) expect(other).toEqual(first);
    // The senders see each other's messages in that same order too.
    const othersOf = (view: string[], name: string) => view.filter((e) => e.startsWith(`m:${name}#`));
    expect(othersOf(timeline(s1, roomID), 's2')).toEqual(othersOf(first as string[], 's2'));
    expect(othersOf(timeline(s2, roomID), 's1')).toEqual(othersOf(first as string[], 's1'));
  });

  it('history read on either node lists the messages in the order they were delivered', async () => {
    const roomID = uniqueID('hist');
    const s1 = await c.connect(0, 's1');
    const s2 = await c.connect(1, 's2');
    const watcher = await c.connect(0, 'w');
    await s1.ok('createRoom', roomInfo(roomID));
    await s2.ok('joinRoom', { roomID });
    await watcher.ok('joinRoom', { roomID });
    await Promise.all(
      [s1, s2].flatMap((s, n) =>
        Array.from({ length: 20 }, (_, i) => s.ok('sendMessage', { ...text(`h${n}`, i), toConversationID: roomID })),
      ),
    );
    await waitUntil('watcher has 40', () => timeline(watcher, roomID).length >= 40);
    const delivered = timeline(watcher, roomID).map((e) => e.slice(2));
    for (const reader of [s1, s2]) {
      const page = await reader.ok('queryHistoryMessage', {
        conversationID: roomID,
        conversationType: 1,
        config: { count: 100, reverse: false },
      });
      const texts = (page.messageList as { message: string }[]).map((m) => m.message);
      expect(texts).toEqual(delivered);
    }
  });
});
