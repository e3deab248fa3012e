/**
 * Redis faults seen from the clients of two nodes (SPEC 11): while Redis is gone calls fail fast
 * with 6000301 and /healthz says so; the nodes reconnect by themselves; a Redis that came back
 * empty is detected (its epoch), and the clients are told they lost their rooms rather than
 * left believing in state that no longer exists.
 */
import { describe, expect, it, vi } from 'vitest';
import { failCode, roomInfo } from '../helpers/clients.ts';
import { uniqueID } from '../helpers/server.ts';
import { twoNodes } from '../helpers/two-nodes.ts';

const health = async (url: string) => {
  const response = await fetch(`${url}/healthz`);
  return { status: response.status, body: (await response.json()) as { storeReachable: boolean } };
};

describe('Redis going away and coming back empty', () => {
  // A short command timeout: this file is about failing fast.
  const cluster = twoNodes({ redisTimeoutMs: 1000, messageRatePerSecond: 1000 });
  const [one, two] = cluster.on;

  it('CLIENT KILL TYPE pubsub: what was published while a node resubscribed still reaches its clients, in order, once', async () => {
    const roomID = uniqueID('room');
    const watcher = await one.connect('watcher');
    const sender = await two.connect('sender');
    await watcher.ok('createRoom', roomInfo(roomID));
    await sender.ok('joinRoom', { roomID });
    expect(Number(await cluster.redis.client.call('CLIENT', 'KILL', 'TYPE', 'pubsub'))).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < 20; i++) {
      await sender.ok('sendMessage', {
        message: { type: 1, message: `m${i}` },
        toConversationID: roomID,
        conversationType: 1,
      });
    }
    const texts = () => watcher.of('receiveRoomMessage').flatMap((d) => d.messageList.map((m) => m.message));
    await vi.waitFor(() => expect(texts()).toHaveLength(20), { timeout: 5000, interval: 20 });
    expect(texts()).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`));
  });

  it('calls fail fast with 6000301 while Redis is down; after it returns empty the clients are told and can start again', async () => {
    const roomID = uniqueID('room');
    const a = await one.connect('a');
    const b = await two.connect('b');
    await a.ok('createRoom', roomInfo(roomID));
    await b.ok('joinRoom', { roomID });

    await cluster.redis.kill();
    const started = Date.now();
    expect(
      await failCode(b, 'sendMessage', {
        message: { type: 1, message: 'anyone?' },
        toConversationID: roomID,
        conversationType: 1,
      }),
    ).toBe(6000301);
    expect(await failCode(a, 'queryRoomOnlineMemberCount', { roomID })).toBe(6000301);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(await health(cluster.node(0).url)).toEqual({
      status: 503,
      body: { ok: false, nodeID: 'node-1', store: 'redis', storeReachable: false },
    });

    await cluster.redis.start(); // the same port, no data: the epoch is gone
    const lost = await a.waitFor('roomStateChanged', (d) => d.roomID === roomID, 8000);
    expect(lost).toMatchObject({ state: 0, event: 2 });
    await b.waitFor('roomStateChanged', (d) => d.roomID === roomID, 8000);
    await vi.waitFor(() => expect(a.socket.connected).toBe(false), { timeout: 3000, interval: 20 });
    for (const i of [0, 1] as const) {
      await vi.waitFor(async () => expect((await health(cluster.node(i).url)).body.storeReachable).toBe(true), {
        timeout: 5000,
        interval: 50,
      });
    }
    const again = await two.connect('again');
    await vi.waitFor(async () => expect((await again.call('createRoom', roomInfo(roomID))).ok).toBe(true), {
      timeout: 5000,
      interval: 100,
    });
    const joiner = await one.connect('joiner');
    const joined = await joiner.ok('joinRoom', { roomID });
    expect(joined.memberList.map((m) => m.userID)).toEqual([joiner.userID, again.userID]);
  });
});
