/**
 * SPEC 11b's bounds on what the store keeps, for both stores: de-duplication keeps a small record
 * per localMessageID, never the message; history in all rooms together keeps within its budget;
 * on Redis, a room's event log (for nodes that missed events) keeps within its count and bytes and
 * goes after a quiet spell.
 */
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../server/rooms/clock.ts';
import { MemoryRoomStore } from '../../server/store/memory.ts';
import { roomPrefix } from '../../server/store/redis/scripts.ts';
import type { RoomStore, StoreSettings } from '../../server/store/types.ts';
import { testStoreSettings } from '../helpers/store-settings.ts';
import { caller, draft, request, storeMaker, type StoreKind } from '../helpers/store-harness.ts';
import { uniqueID } from '../helpers/server.ts';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

describe.each<StoreKind>(['memory', 'redis'])('%s store', (kind) => {
  const stores = storeMaker(kind);

  /** A store whose events nobody keeps (the suite's recorder would hold every message itself). */
  async function quiet(settings: Partial<StoreSettings>): Promise<RoomStore> {
    if (kind === 'redis') return (await stores.make(settings)).store;
    const store = new MemoryRoomStore(testStoreSettings(settings), systemClock);
    await store.start({ onEvent() {}, onFacts() {}, onDue: async () => {}, onLost() {} });
    return store;
  }

  /** Bytes the store holds for de-duplication: the process heap (memory), the room's retry keys (Redis). */
  async function held(roomID: string): Promise<number> {
    if (kind === 'memory') {
      gc();
      return process.memoryUsage().heapUsed;
    }
    const client = new Redis(stores.redis!.url);
    try {
      const sizes = await Promise.all(['d', 'dl'].map((k) => client.memory('USAGE', `${roomPrefix(roomID)}${k}`)));
      return sizes.reduce<number>((sum, n) => sum + Number(n ?? 0), 0);
    } finally {
      client.disconnect();
    }
  }

  it('500 sends of 5 kB with their own localMessageIDs, history 1: the retry records hold under 1 MB, and retries still work', async () => {
    const store = await quiet({ historySize: 1 });
    const roomID = uniqueID('r');
    const a = await caller(store);
    await store.enter(a, request('enter', roomID));
    // Distinct flat strings, made as they are sent (the test keeps only the first, to retry it).
    const first = randomBytes(2500).toString('hex');
    const body = (i: number) => (i < 0 ? 'warm-up' : i === 0 ? first : randomBytes(2500).toString('hex'));
    await store.send(a, roomID, draft(a, roomID, body(-1), 'warm-up'));
    const before = await held(roomID);
    for (let i = 0; i < 500; i++) await store.send(a, roomID, draft(a, roomID, body(i), `local-${i}`));
    const grown = (await held(roomID)) - before;
    expect(grown).toBeLessThan(1024 * 1024); // the messages themselves are 2.5 MB
    // The first one is long out of history, yet a retry of it still gets its messageID back.
    const retry = await store.send(a, roomID, draft(a, roomID, body(0), 'local-0'));
    expect(retry).toMatchObject({ ok: true, duplicate: true, message: { messageID: '2', message: body(0) } });
    expect(await store.send(a, roomID, draft(a, roomID, 'other content', 'local-1'))).toEqual({
      ok: false,
      failure: 'reused-id',
    });
  });

  it('history in all rooms keeps within its budget: past it rooms give up their oldest messages in turn, oldest rooms first', async () => {
    const budget = 60_000;
    const { store } = await stores.make({ historySize: 100, historyBudgetBytes: budget });
    const a = await caller(store);
    const rooms = [uniqueID('first'), uniqueID('second'), uniqueID('third')];
    for (const roomID of rooms) await store.enter(a, request('enter', roomID));
    const text = (roomID: string, i: number) => `${roomID}#${i}:`.padEnd(1000, '.');
    for (const roomID of rooms)
      for (let i = 0; i < 25; i++) await store.send(a, roomID, draft(a, roomID, text(roomID, i)));
    const kept = await Promise.all(rooms.map((roomID) => store.history(roomID, { count: 100, reverse: true })));
    const total = kept.flat().reduce((sum, m) => sum + (m.message as string).length, 0);
    expect(total).toBeLessThanOrEqual(budget);
    expect(kept.flat().length).toBeGreaterThan(30); // it gave up what it had to, not everything
    for (const [i, roomID] of rooms.entries()) {
      // Every room keeps its newest messages; the oldest room lost its oldest ones first.
      expect(kept[i]!.at(-1)?.message).toBe(text(roomID, 24));
    }
    expect(kept[0]![0]?.message).not.toBe(text(rooms[0]!, 0));
    expect(kept[0]!.length).toBeLessThanOrEqual(kept[2]!.length);
    // A destroyed room's history no longer counts: a new room keeps all of its messages.
    for (const roomID of rooms) await store.leave(a, roomID, 'Quit');
    const fresh = uniqueID('fresh');
    await store.enter(a, request('enter', fresh));
    for (let i = 0; i < 40; i++) await store.send(a, fresh, draft(a, fresh, text(fresh, i)));
    expect(await store.history(fresh, { count: 100, reverse: true })).toHaveLength(40);
  });
});

describe('redis store', () => {
  const stores = storeMaker('redis');

  it("a room's event log keeps its last events within count and bytes, and goes after a quiet spell", async () => {
    const { store } = await stores.make({
      eventLogSize: 50,
      eventLogBytes: 20_000,
      historySize: 10,
      gracePeriodMs: 400,
      nodeLeaseMs: 10_000,
    });
    const client = new Redis(stores.redis!.url);
    try {
      const P = roomPrefix(uniqueID('r'));
      const roomID = P.slice('cv:{r:'.length, -2);
      const a = await caller(store);
      await store.enter(a, request('enter', roomID));
      const sizes = async () => {
        const log = await client.lrange(`${P}log`, 0, -1);
        return {
          count: log.length,
          bytes: log.reduce((sum, e) => sum + Buffer.byteLength(e), 0),
          counted: Number(await client.hget(`${P}meta`, 'lb')),
        };
      };
      // Small messages: the count bound holds.
      for (let i = 0; i < 80; i++) await store.send(a, roomID, draft(a, roomID, `small ${i}`));
      expect(await sizes()).toMatchObject({ count: 50 });
      // Large ones: the byte bound holds (2 kB each, 20 kB in all: fewer than 10 fit).
      for (let i = 0; i < 30; i++) await store.send(a, roomID, draft(a, roomID, `large ${i}:`.padEnd(2000, '.')));
      const large = await sizes();
      expect(large.bytes).toBeLessThanOrEqual(20_000);
      expect(large.count).toBeGreaterThanOrEqual(8);
      expect(large.counted).toBe(large.bytes);
      // A node that missed only the last events gets them; one that missed more must enter again.
      const seq = Number(await client.hget(`${P}meta`, 'seq'));
      expect((await store.eventsAfter(roomID, seq - 3))?.map((e) => e.seq)).toEqual([seq - 2, seq - 1, seq]);
      expect(await store.eventsAfter(roomID, seq - 40)).toBeUndefined();
      // The log goes once no reader can need it: grace period + lease + 10 s after its last event.
      const ttl = await client.pttl(`${P}log`);
      expect(ttl).toBeGreaterThan(400 + 10_000);
      expect(ttl).toBeLessThanOrEqual(400 + 10_000 + 10_000);
      // Gone (as after the quiet spell), the next event starts a fresh log and a fresh byte count.
      await client.del(`${P}log`);
      await store.send(a, roomID, draft(a, roomID, 'after the quiet'));
      const fresh = await sizes();
      expect(fresh.count).toBe(1);
      expect(fresh.counted).toBe(fresh.bytes);
      expect(await store.eventsAfter(roomID, seq)).toHaveLength(1);
      expect(await store.eventsAfter(roomID, seq - 1)).toBeUndefined();
    } finally {
      client.disconnect();
    }
  });
});
