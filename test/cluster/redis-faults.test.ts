/**
 * SPEC 11: Redis restarting, unreachable for a while, or cutting the nodes' subscriptions is
 * survived: calls fail fast with 6000301 while it is gone (never hang), nodes reconnect by
 * themselves, and a Redis that lost its data is detected (epoch) and the affected clients told.
 */
import { describe, expect, it } from 'vitest';
import { roomInfo } from '../helpers/clients.ts';
import { waitUntil } from '../helpers/processes.ts';
import type { RawClient } from '../helpers/raw-client.ts';
import { uniqueID } from '../helpers/server.ts';
import { memberIDsOf, pair, send, texts, useCluster } from './fixture.ts';

/** A call that must fail 6000301 quickly rather than hang. */
async function failsFast(client: RawClient, event: string, payload: unknown): Promise<void> {
  const startedAt = Date.now();
  const ack = await client.call(event, payload);
  expect(ack).toMatchObject({ ok: false, error: { code: 6000301, message: expect.any(String) } });
  expect(Date.now() - startedAt).toBeLessThan(3000);
}

describe('Redis faults under two nodes', () => {
  // The default lease (10 s): Redis is away for a few seconds, less than a lease. (Away longer than
  // the lease, no node can renew and each node's sessions count as lost; see pause.test.ts.)
  const c = useCluster(2, { CONVENE_MESSAGE_RATE: '1000', CONVENE_CALL_RATE: '1000', CONVENE_NODE_LEASE_MS: '10000' });

  it('Redis paused (unreachable) for less than a lease: calls fail fast with 6000301; after it answers again the room is intact and works', async () => {
    const { roomID, a, b } = await pair(c, 'paused');
    c.redis.pause();
    try {
      await failsFast(a, 'sendMessage', {
        message: { type: 1, message: 'lost?' },
        toConversationID: roomID,
        conversationType: 1,
      });
      await failsFast(b, 'createRoom', roomInfo(uniqueID('never')));
    } finally {
      c.redis.resume();
    }
    await waitUntil('calls work again', async () => (await send(a, roomID, 'back')).ok, 15_000, 200);
    await waitUntil('b sees it', () => texts(b, roomID).includes('back'));
    expect(await memberIDsOf(b, roomID)).toEqual([a.userID, b.userID].sort());
  });

  it('Redis restarted empty: fast 6000301 while down; then the loss is detected, members are told, and rooms work after re-entering', async () => {
    const { roomID, a, b } = await pair(c, 'lost');
    await c.redis.kill();
    try {
      await failsFast(a, 'queryRoomOnlineMemberCount', { roomID });
      await failsFast(b, 'joinRoom', { roomID: uniqueID('nowhere') });
    } finally {
      await c.redis.start();
    }
    // Both nodes notice the new epoch by themselves and tell their members the room is gone
    // (a room state change, or a closed connection that the SDK resumes into an empty room list).
    const told = (client: RawClient) =>
      !client.socket.connected || client.of('roomStateChanged').some((d) => d.roomID === roomID);
    await waitUntil('both members told', () => told(a) && told(b), 15_000);
    for (const node of c.cluster.nodes)
      await waitUntil(`${node.nodeID} healthy`, async () => (await node.health()).storeReachable);
    // Re-entering works across nodes on the new Redis.
    const a2 = a.socket.connected ? a : await c.connectAs(0, a.userID);
    const b2 = b.socket.connected ? b : await c.connectAs(1, b.userID);
    await a2.ok('enterRoom', roomInfo(roomID));
    expect(
      (await b2.ok('enterRoom', roomInfo(roomID))).memberList.map((m: { userID: string }) => m.userID).sort(),
    ).toEqual([a.userID, b.userID].sort());
    expect((await send(b2, roomID, 'new epoch')).ok).toBe(true);
    await waitUntil('a sees it', () => texts(a2, roomID).includes('new epoch'));
  });
});
