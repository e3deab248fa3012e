/**
 * Node leases on the Redis store (SPEC 11): a node that stops renewing is swept, its sessions
 * dropped at its lease end and removed after the grace period; a node paused past its lease
 * finds out and writes nothing stale; SIGTERM hands over; a Redis that lost its data (an epoch)
 * is told to the nodes.
 */
import { describe, expect, it, vi } from 'vitest';
import type { RedisRoomStore } from '../../server/store/redis/redis-store.ts';
import { caller, draft, request, storeMaker } from '../helpers/store-harness.ts';
import { uniqueID } from '../helpers/server.ts';

const wait = (check: () => void | Promise<void>, timeout = 12_000) => vi.waitFor(check, { timeout, interval: 25 });
const LEASE = 1500;
const GRACE = 500;

describe('node leases on Redis', () => {
  const stores = storeMaker('redis');
  const node = () => stores.make({ nodeLeaseMs: LEASE, gracePeriodMs: GRACE });

  it('a node that stops renewing is swept: after its lease and the grace period its sessions leave, others see it', async () => {
    const a = await node();
    const b = await node();
    const roomID = uniqueID('r');
    await b.store.watch(roomID);
    const gone = await caller(a.store);
    const stays = await caller(b.store);
    await a.store.enter(gone, request('enter', roomID));
    await b.store.enter(stays, request('join', roomID));
    const stopped = Date.now();
    (a.store as RedisRoomStore).halt(); // as kill -9 would: no renewal, no hand-over
    await wait(() =>
      expect(
        b.seen.events.some((e) => e.members?.some((m) => m.kind === 'leave' && m.user.userID === gone.user.userID)),
      ).toBe(true),
    );
    expect(Date.now() - stopped).toBeGreaterThanOrEqual(GRACE);
    expect((await b.store.listMembers(roomID, 0, 10)).members.map((m) => m.user.userID)).toEqual([stays.user.userID]);
    expect(await b.store.sessionRooms(gone.sessionID)).toEqual([]);
  });

  it('a node paused past its lease finds out it was swept and writes nothing stale', async () => {
    const a = await node();
    const b = await node();
    const roomID = uniqueID('r');
    const paused = await caller(a.store);
    const other = await caller(b.store);
    await a.store.enter(paused, request('enter', roomID));
    await b.store.enter(other, request('join', roomID));
    (a.store as RedisRoomStore).halt(); // a SIGSTOP or a long GC: nothing runs on the node
    await wait(async () => expect(await b.store.countMembers(roomID)).toBe(1));
    // It wakes and acts for its session as if nothing had happened.
    expect(await a.store.send(paused, roomID, draft(paused, roomID, 'stale'))).toEqual({
      ok: false,
      failure: 'not-in-room',
    });
    expect(a.seen.lost).toEqual(['swept']);
    expect(await b.store.history(roomID, { count: 10, reverse: false })).toEqual([]);
    // Once it has registered again it is a node like any other.
    await wait(async () =>
      expect(await a.store.enter(await caller(a.store), request('join', roomID))).toMatchObject({ ok: true }),
    );
  });

  it('a session of a swept node resumes on another node within the grace period with its rooms; nobody sees a leave', async () => {
    const a = await node();
    const b = await node();
    const roomID = uniqueID('r');
    await b.store.watch(roomID);
    const moving = await caller(a.store);
    const stays = await caller(b.store);
    await a.store.enter(moving, request('enter', roomID));
    await b.store.enter(stays, request('join', roomID));
    await a.store.stop(); // SIGTERM: hand over
    expect(await b.store.openSession(moving)).toEqual({ restored: true, rooms: [roomID] });
    expect(await b.store.inRoom(moving, roomID, false)).toMatchObject({ ok: true, meta: { roomID } });
    await new Promise((resolve) => setTimeout(resolve, GRACE + 300));
    expect(b.seen.events.some((e) => e.members?.some((m) => m.kind === 'leave'))).toBe(false);
    expect(await b.store.countMembers(roomID)).toBe(2);
    expect(await b.store.send(moving, roomID, draft(moving, roomID, 'hello from the new node'))).toMatchObject({
      ok: true,
    });
  });

  it('a destroy delay whose node died still destroys on time; a join on another node cancels one', async () => {
    const a = await node();
    const b = await node();
    const [doomed, saved] = [uniqueID('r'), uniqueID('r')];
    const owner = await caller(a.store);
    await a.store.enter(owner, request('enter', doomed, { destroyDelaySeconds: 1 }));
    await a.store.enter(owner, request('enter', saved, { destroyDelaySeconds: 1 }));
    await a.store.leave(owner, doomed, 'Quit');
    await a.store.leave(owner, saved, 'Quit');
    (a.store as RedisRoomStore).halt();
    await b.store.enter(await caller(b.store), request('join', saved));
    await wait(async () => expect(await b.store.getRoom(doomed)).toBeUndefined());
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await b.store.getRoom(saved)).toMatchObject({ roomID: saved });
  });

  it('a Redis that lost its data is detected by its epoch: nodes are told, and go on with a new one', async () => {
    const a = await node();
    const roomID = uniqueID('r');
    const c = await caller(a.store);
    await a.store.enter(c, request('enter', roomID));
    await stores.redis!.client.flushall(); // what a restart without persistence leaves
    await wait(() => expect(a.seen.lost).toContain('epoch'));
    await wait(async () => {
      const fresh = await caller(a.store);
      expect(await a.store.enter(fresh, request('enter', roomID))).toMatchObject({
        ok: true,
        memberList: [fresh.user],
      });
    });
  });
});
