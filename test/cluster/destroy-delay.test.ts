/**
 * SPEC 2 / 11: an empty room's destroy delay is kept by the store, not by one node's memory: a
 * join on another node cancels it, and when the node that ran it dies it still destroys on time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roomInfo } from '../helpers/clients.ts';
import { rawClient, type RawClient } from '../helpers/raw-client.ts';
import { uniqueID } from '../helpers/server.ts';
import { waitUntil } from '../helpers/processes.ts';
import { useCluster } from './fixture.ts';

const DELAY_S = 2;

describe('destroy delay across nodes', () => {
  const c = useCluster(3, { CONVENE_MAX_ROOMS_PER_USER: '1' });
  // A user already in its one room: its createRoom tells whether a room exists without creating
  // one (6000323 while it exists, 6000325 once it is gone).
  let prober: RawClient;
  // (Not in the fixture's pool, which logs its clients out after each test.)
  beforeAll(async () => {
    prober = await rawClient(c.node(2).url, uniqueID('prober'));
    await prober.ok('createRoom', roomInfo(uniqueID('home')));
  });
  afterAll(() => prober.close());
  const exists = async (roomID: string) => {
    const ack = await prober.call('createRoom', roomInfo(roomID));
    if (ack.ok) throw new Error('the prober created a room');
    if (ack.error.code !== 6000323 && ack.error.code !== 6000325) throw new Error(`unexpected ${ack.error.code}`);
    return ack.error.code === 6000323;
  };
  const delayed = (roomID: string) => ({
    ...roomInfo(roomID),
    config: { roomDestroyDelayTime: DELAY_S, roomAttributes: { k: 'v' } },
  });

  it('a join on node 2 during the delay of a room emptied on node 1 cancels the destruction', async () => {
    const a = await c.connect(0, 'a');
    const roomID = uniqueID('kept');
    await a.ok('createRoom', delayed(roomID));
    await a.ok('leaveRoom', { roomID });
    const b = await c.connect(1, 'b');
    expect((await b.ok('joinRoom', { roomID })).roomAttributes).toEqual({ k: 'v' });
    const joinedAt = Date.now();
    await waitUntil('well past the original delay', () => Date.now() - joinedAt > DELAY_S * 1000 + 1000, 10_000);
    expect(await exists(roomID)).toBe(true);
    const late = await c.connect(0, 'late');
    expect((await late.ok('joinRoom', { roomID })).roomAttributes).toEqual({ k: 'v' });
    expect(await late.ok('queryRoomOnlineMemberCount', { roomID })).toEqual({ roomID, count: 2 });
  });

  it('kill -9 of the node where the room was emptied: the room is still destroyed on time, with its state', async () => {
    const a = await c.connect(0, 'a');
    const roomID = uniqueID('orphan');
    await a.ok('createRoom', delayed(roomID));
    await a.ok('sendMessage', {
      message: { type: 1, message: 'gone?' },
      toConversationID: roomID,
      conversationType: 1,
    });
    await a.ok('leaveRoom', { roomID });
    const leftAt = Date.now();
    await c.node(0).kill9();
    expect(await exists(roomID)).toBe(true); // still within its delay
    await waitUntil('destroyed', async () => !(await exists(roomID)), 10_000, 100);
    const after = Date.now() - leftAt;
    expect(after).toBeGreaterThanOrEqual(DELAY_S * 1000 - 100);
    expect(after).toBeLessThan(DELAY_S * 1000 + 2500); // on time: not left for a lease sweep to find much later
    const b = await c.connect(1, 'b');
    expect(await b.call('joinRoom', { roomID })).toMatchObject({ ok: false, error: { code: 6000322 } });
    const fresh = await b.ok('createRoom', roomInfo(roomID));
    expect(fresh.roomAttributes).toEqual({});
    const history = await b.ok('queryHistoryMessage', {
      conversationID: roomID,
      conversationType: 1,
      config: { count: 100 },
    });
    expect(history.messageList).toEqual([]);
  });
});
