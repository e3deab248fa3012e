/**
 * SPEC 2: concurrent calls on one room are serialised, whatever the store. Clients entering and
 * leaving a few shared rooms in a tight loop (rooms emptied and re-created all the time): every
 * leave right after a successful enter succeeds, as it does on the memory store.
 */
import { describe, expect, it } from 'vitest';
import { useCluster } from './fixture.ts';

describe('enter and leave under contention, two nodes', () => {
  const c = useCluster(2, {
    CONVENE_CALL_RATE: '100000',
    CONVENE_ROOM_CREATIONS_PER_MIN: '0',
    CONVENE_NODE_LEASE_MS: '10000',
  });

  it('20 clients entering and leaving 4 shared rooms for 3 s: every leave after an enter succeeds', async () => {
    const clients = await Promise.all(Array.from({ length: 20 }, (_, i) => c.connect(i % 2, 'loop')));
    const failures: string[] = [];
    let pairs = 0;
    const deadline = Date.now() + 3000;
    await Promise.all(
      clients.map(async (client, i) => {
        const roomID = `contended-${i % 4}`;
        while (Date.now() < deadline) {
          const entered = await client.call('enterRoom', { roomInfo: { roomID, roomName: 'loop' } });
          if (!entered.ok) continue;
          const left = await client.call('leaveRoom', { roomID });
          if (left.ok) pairs += 1;
          else failures.push(`${left.error.code} ${left.error.message}`);
        }
      }),
    );
    expect(pairs).toBeGreaterThan(50);
    expect(failures).toEqual([]);
  });
});
