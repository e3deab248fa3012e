/**
 * One suite for both stores (memory, and Redis on a real redis-server): the atomic room steps,
 * membership kept both ways, limits, the event sequence, messages, attributes, timers, sessions.
 */
import { describe, expect, it, vi } from 'vitest';
import { caller, draft, request, storeMaker, type StoreKind } from '../helpers/store-harness.ts';
import { uniqueID } from '../helpers/server.ts';
import { HISTORY_PAGE_SIZE } from '../../lib/protocol/index.ts';

const wait = (check: () => void | Promise<void>) => vi.waitFor(check, { timeout: 5000, interval: 20 });

describe.each<StoreKind>(['memory', 'redis'])('%s store', (kind) => {
  const stores = storeMaker(kind);

  it('create, join and enter follow SPEC 2: exists, does not exist, already in', async () => {
    const { store } = await stores.make();
    const roomID = uniqueID('r');
    const a = await caller(store);
    const b = await caller(store);
    expect(await store.enter(b, request('join', roomID))).toEqual({ ok: false, failure: 'not-exist' });
    const created = await store.enter(a, request('create', roomID));
    expect(created).toMatchObject({
      ok: true,
      already: false,
      memberList: [a.user],
      facts: [
        { type: 'roomCreated', roomID },
        { type: 'memberJoined', roomID },
      ],
    });
    expect(await store.enter(b, request('create', roomID))).toEqual({ ok: false, failure: 'exists' });
    expect(await store.enter(b, request('enter', roomID))).toMatchObject({ ok: true, memberList: [b.user, a.user] });
    expect(await store.enter(b, request('join', roomID))).toMatchObject({ ok: true, already: true, facts: [] });
    expect(await store.countMembers(roomID)).toBe(2);
  });

  it('membership is one record read both ways: the session lists the room, the room lists the session', async () => {
    const { store } = await stores.make();
    const roomID = uniqueID('r');
    const a = await caller(store);
    await store.enter(a, request('enter', roomID));
    expect(await store.sessionRooms(a.sessionID)).toEqual([roomID]);
    expect(await store.userRooms(a.user.userID)).toEqual([roomID]);
    expect((await store.getMember(roomID, a.user.userID))?.sessionIDs).toEqual([a.sessionID]);
    expect(await store.leave(a, roomID, 'Quit')).toMatchObject({
      ok: true,
      facts: [{ type: 'memberLeft', exitType: 'Quit' }, { type: 'roomDestroyed' }],
    });
    expect(await store.sessionRooms(a.sessionID)).toEqual([]);
    expect(await store.userRooms(a.user.userID)).toEqual([]);
    expect(await store.getRoom(roomID)).toBeUndefined();
    expect(await store.leave(a, roomID, 'Quit')).toEqual({ ok: false });
  });

  it('limits: the server room limit, the per-user room limit and a full room', async () => {
    const { store } = await stores.make({ maxRoomsPerUser: 2, maxMembersPerRoom: 2 });
    const a = await caller(store);
    const [r1, r2, r3] = [uniqueID('r'), uniqueID('r'), uniqueID('r')];
    await store.enter(a, request('enter', r1));
    await store.enter(a, request('enter', r2));
    expect(await store.enter(a, request('enter', r3))).toEqual({ ok: false, failure: 'user-limit' });
    const b = await caller(store);
    const c = await caller(store);
    await store.enter(b, request('join', r1));
    expect(await store.enter(c, request('join', r1))).toEqual({ ok: false, failure: 'full' });
    expect(await store.countMembers(r1)).toBe(2);
  });

  it('the server room limit counts every room in the store', async () => {
    const { store } = await stores.make();
    const limit = (await store.countRooms()) + 1;
    const { store: limited } = await stores.make({ maxRooms: limit });
    const a = await caller(limited);
    expect(await limited.enter(a, request('enter', uniqueID('r')))).toMatchObject({ ok: true });
    expect(await limited.enter(a, request('enter', uniqueID('r')))).toEqual({ ok: false, failure: 'server-limit' });
  });

  it('a switch enters the target and leaves the source in one step; a failed one leaves the source untouched', async () => {
    const { store, seen } = await stores.make({ maxMembersPerRoom: 1 });
    const [from, to, full] = [uniqueID('r'), uniqueID('r'), uniqueID('r')];
    await store.watch(from);
    await store.watch(to);
    const a = await caller(store);
    const b = await caller(store);
    await store.enter(a, request('enter', from));
    await store.enter(b, request('enter', full));
    expect(await store.enter(a, request('join', full, { fromRoomID: from }))).toEqual({ ok: false, failure: 'full' });
    expect(await store.sessionRooms(a.sessionID)).toEqual([from]);
    seen.events.length = 0;
    expect(await store.enter(a, request('enter', to, { fromRoomID: from }))).toMatchObject({
      ok: true,
      meta: { roomID: to },
    });
    expect(await store.sessionRooms(a.sessionID)).toEqual([to]);
    expect(await store.getRoom(from)).toBeUndefined();
    await wait(() => expect(seen.events.map((e) => e.roomID)).toEqual([to, from]));
    expect(await store.enter(a, request('join', to, { fromRoomID: from }))).toEqual({
      ok: false,
      failure: 'not-in-from',
    });
  });

  it('each step takes the room’s next sequence number, and the feed delivers them in that order', async () => {
    const { store, seen } = await stores.make();
    const roomID = uniqueID('r');
    await store.watch(roomID);
    const a = await caller(store);
    const b = await caller(store);
    const first = await store.enter(a, request('enter', roomID));
    await store.enter(b, request('join', roomID));
    for (let i = 0; i < 5; i++) await store.send(i % 2 ? a : b, roomID, draft(i % 2 ? a : b, roomID, `m${i}`));
    await store.leave(b, roomID, 'Quit');
    await wait(() => expect(seen.events.filter((e) => e.roomID === roomID)).toHaveLength(8));
    const seqs = seen.events.filter((e) => e.roomID === roomID).map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    expect(first.ok && first.seq).toBe(seqs[0]);
    expect(seen.events.at(-1)).toMatchObject({ left: [b.sessionID], members: [{ kind: 'leave', user: b.user }] });
  });

  it('messages get increasing messageIDs; a retried localMessageID is stored once; history pages them', async () => {
    const { store, seen } = await stores.make({ historySize: 3 });
    const roomID = uniqueID('r');
    await store.watch(roomID);
    const a = await caller(store);
    await store.enter(a, request('enter', roomID));
    const ids = [];
    for (const text of ['one', 'two', 'three', 'four']) {
      const sent = await store.send(a, roomID, draft(a, roomID, text, `l-${text}`));
      ids.push(sent.ok ? sent.message.messageID : '');
    }
    expect(ids).toEqual(['1', '2', '3', '4']);
    const again = await store.send(a, roomID, draft(a, roomID, 'two', 'l-two'));
    expect(again).toMatchObject({ ok: true, duplicate: true, message: { messageID: '2', message: 'two' } });
    expect((await store.history(roomID, { count: 10, reverse: false })).map((m) => m.message)).toEqual([
      'two',
      'three',
      'four',
    ]);
    expect((await store.history(roomID, { count: 1, fromSeq: 4, reverse: false })).map((m) => m.messageID)).toEqual([
      '3',
    ]);
    const outsider = await caller(store);
    expect(await store.send(outsider, roomID, draft(outsider, roomID, 'x'))).toEqual({
      ok: false,
      failure: 'not-in-room',
    });
    await wait(() => expect(seen.events.filter((e) => e.pushes?.[0]?.event === 'receiveRoomMessage')).toHaveLength(4));
  });

  it('an entry reads the latest page of history with the member list; inRoom only when asked', async () => {
    const { store } = await stores.make();
    const roomID = uniqueID('r');
    const a = await caller(store);
    const b = await caller(store);
    await store.enter(a, request('enter', roomID));
    const count = HISTORY_PAGE_SIZE + 3;
    for (let i = 1; i <= count; i++) await store.send(a, roomID, draft(a, roomID, `m${i}`));
    const joined = await store.enter(b, request('join', roomID));
    const page = joined.ok ? (joined.messages ?? []).map((m) => m.messageID) : [];
    expect(page).toEqual(Array.from({ length: HISTORY_PAGE_SIZE }, (_, i) => String(i + 4)));
    expect((await store.inRoom(b, roomID, true))?.messages).toHaveLength(HISTORY_PAGE_SIZE);
    expect((await store.inRoom(b, roomID, false))?.messages).toBeUndefined();
  });

  it('Command bytes survive the store', async () => {
    const { store } = await stores.make();
    const roomID = uniqueID('r');
    const a = await caller(store);
    await store.enter(a, request('enter', roomID));
    const bytes = new Uint8Array([0, 1, 254, 255]);
    await store.send(a, roomID, { ...draft(a, roomID, ''), type: 2, message: bytes });
    const [stored] = await store.history(roomID, { count: 1, reverse: false });
    expect([...(stored!.message as Uint8Array)]).toEqual([0, 1, 254, 255]);
  });

  it('attributes commit only on the version they were computed from', async () => {
    const { store } = await stores.make();
    const roomID = uniqueID('r');
    const a = await caller(store);
    await store.enter(
      a,
      request('enter', roomID, {
        attributes: { k: { value: 'v', owner: a.user.userID, deleteAfterOwnerLeft: false } },
      }),
    );
    const snapshot = await store.attributes(roomID);
    expect([...snapshot.records]).toEqual([['k', { value: 'v', owner: a.user.userID, deleteAfterOwnerLeft: false }]]);
    const next = new Map([['k', { value: 'w', owner: a.user.userID, deleteAfterOwnerLeft: true }]]);
    const push = { event: 'roomAttributesUpdated' as const, data: { roomID, infos: [] } };
    expect(await store.commitAttributes(a, roomID, snapshot.version, next, push)).toBe('ok');
    expect(await store.commitAttributes(a, roomID, snapshot.version, next, push)).toBe('conflict');
    // An owner's isDeleteAfterOwnerLeft key goes with it.
    const b = await caller(store);
    await store.enter(b, request('join', roomID));
    await store.leave(a, roomID, 'Quit');
    expect((await store.attributes(roomID)).records.size).toBe(0);
  });

  it('a destroy delay keeps the empty room; a join cancels it; once it runs out the room is gone', async () => {
    const { store } = await stores.make();
    const roomID = uniqueID('r');
    const a = await caller(store);
    await store.enter(a, request('enter', roomID, { destroyDelaySeconds: 1 }));
    await store.leave(a, roomID, 'Quit');
    expect((await store.getRoom(roomID))?.destroyAt).toBeGreaterThan(0);
    expect(await store.enter(a, request('create', roomID))).toEqual({ ok: false, failure: 'exists' });
    await store.enter(a, request('join', roomID));
    expect((await store.getRoom(roomID))?.destroyAt).toBeUndefined();
    await store.leave(a, roomID, 'Quit');
    await wait(async () => expect(await store.getRoom(roomID)).toBeUndefined());
    await wait(() => expect(stores.all.facts).toContainEqual({ type: 'roomDestroyed', roomID }));
  });

  it('a dropped session keeps its rooms for the grace period; back in time it is restored, else it is removed', async () => {
    const { store } = await stores.make({ gracePeriodMs: 300 });
    const seen = stores.all; // any node may run the due timer
    const roomID = uniqueID('r');
    const a = await caller(store);
    const b = await caller(store);
    await store.enter(a, request('enter', roomID));
    await store.enter(b, request('join', roomID));
    await store.dropSession(a.sessionID);
    expect(await store.openSession(a)).toEqual({ restored: true, rooms: [roomID] });
    await store.dropSession(b.sessionID);
    await wait(() => expect(seen.due.map((w) => w.caller.sessionID)).toContain(b.sessionID));
    expect(seen.due.map((w) => w.caller.sessionID)).not.toContain(a.sessionID);
    await wait(async () =>
      expect((await store.listMembers(roomID, 0, 10)).members.map((m) => m.user.userID)).toEqual([a.user.userID]),
    );
    expect(seen.due.find((w) => w.caller.sessionID === b.sessionID)).toMatchObject({
      type: 'session-expired',
      caller: { user: b.user },
      rooms: [roomID],
    });
  });

  it('an ended session enters nothing more; a session ID belongs to one user', async () => {
    const { store } = await stores.make();
    const roomID = uniqueID('r');
    const a = await caller(store);
    await store.enter(a, request('enter', roomID));
    expect(await store.endSession(a.sessionID)).toEqual([roomID]);
    expect(await store.enter(a, request('enter', uniqueID('r')))).toEqual({ ok: false, failure: 'session-gone' });
    const b = await caller(store);
    expect(await store.openSession({ sessionID: b.sessionID, user: { ...b.user, userID: 'someone-else' } })).toEqual({
      otherUser: true,
    });
  });

  it('single-device policy: a second session entering removes the first, which is told', async () => {
    const { store, seen } = await stores.make({ singleDevicePerRoom: true });
    const roomID = uniqueID('r');
    await store.watch(roomID);
    const userID = uniqueID('u');
    const first = await caller(store, userID);
    const second = await caller(store, userID);
    await store.enter(first, request('enter', roomID));
    await store.enter(second, request('enter', roomID));
    expect((await store.getMember(roomID, userID))?.sessionIDs).toEqual([second.sessionID]);
    expect(await store.sessionRooms(first.sessionID)).toEqual([]);
    await wait(() =>
      expect(seen.events.at(-1)).toMatchObject({
        left: [first.sessionID],
        pushes: [{ to: first.sessionID, event: 'roomStateChanged', data: { event: 10 } }],
      }),
    );
  });

  it('member changes in one batching window come as one event at its end', async () => {
    // A long window, so that all six entries fall into it however slow the machine is.
    const { store, seen } = await stores.make({ memberBatchWindowMs: 1500 });
    const roomID = uniqueID('r');
    await store.watch(roomID);
    const callers = await Promise.all(Array.from({ length: 6 }, () => caller(store)));
    for (const c of callers) await store.enter(c, request('enter', roomID));
    await wait(() => expect(seen.events.filter((e) => e.members).flatMap((e) => e.members!)).toHaveLength(6));
    const batches = seen.events.filter((e) => e.members);
    expect(batches.length).toBe(2); // the first join at once, the other five at the window's end
    expect(batches[1]!.members!.map((m) => m.user.userID)).toEqual(callers.slice(1).map((c) => c.user.userID));
  });
});
