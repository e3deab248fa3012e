/**
 * SPEC 11: Redis cutting the nodes' subscriptions (CLIENT KILL TYPE pubsub) is survived: the nodes
 * subscribe again, and what was published meanwhile is not lost (a gap is filled from the log).
 */
import { describe, expect, it } from 'vitest';
import { waitUntil } from '../helpers/processes.ts';
import { pair, send, texts, useCluster } from './fixture.ts';

describe('subscriptions cut under two nodes', () => {
  const c = useCluster(2, { CONVENE_MESSAGE_RATE: '1000', CONVENE_CALL_RATE: '1000', CONVENE_NODE_LEASE_MS: '10000' });

  it('CLIENT KILL TYPE pubsub: the nodes subscribe again; messages sent right after arrive on the other node in order, once', async () => {
    const { roomID, a, b } = await pair(c, 'pubsub');
    expect((await send(a, roomID, 'before')).ok).toBe(true);
    await waitUntil('b has the first', () => texts(b, roomID).includes('before'));
    expect(await c.redis.killSubscribers()).toBeGreaterThan(0);
    const sent = Array.from({ length: 30 }, (_, i) => `after-kill-${i}`);
    for (const text of sent) expect((await send(a, roomID, text)).ok).toBe(true);
    await waitUntil('b has all 30', () => texts(b, roomID).length >= 31, 15_000);
    expect(texts(b, roomID)).toEqual(['before', ...sent]);
    // And the other way round.
    expect((await send(b, roomID, 'reply')).ok).toBe(true);
    await a.waitFor('receiveRoomMessage', (d) => d.messageList.some((m) => m.message === 'reply'));
  });
});
