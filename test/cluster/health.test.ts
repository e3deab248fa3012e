/**
 * SPEC 11: each node answers GET /healthz with its node ID and whether its store is reachable,
 * so a load balancer can take a node out while Redis is gone for it, and back in after.
 */
import { describe, expect, it } from 'vitest';
import { waitUntil } from '../helpers/processes.ts';
import { useCluster } from './fixture.ts';

describe('health of nodes on one Redis', () => {
  const c = useCluster(2);

  it('each node names itself and reports the Redis store as reachable', async () => {
    expect(await c.node(0).health()).toEqual({ ok: true, nodeID: 'n1', store: 'redis', storeReachable: true });
    expect(await c.node(1).health()).toEqual({ ok: true, nodeID: 'n2', store: 'redis', storeReachable: true });
  });

  it('while Redis is paused the nodes answer 503 storeReachable false within seconds, and recover by themselves', async () => {
    c.redis.pause();
    try {
      for (const node of c.cluster.nodes) {
        const response = await waitUntil(`${node.nodeID} unhealthy`, async () => {
          const r = await fetch(`${node.url}/healthz`, { signal: AbortSignal.timeout(5000) });
          return r.status === 503 && r;
        });
        expect(await response.json()).toEqual({
          ok: false,
          nodeID: node.nodeID,
          store: 'redis',
          storeReachable: false,
        });
      }
    } finally {
      c.redis.resume();
    }
    for (const node of c.cluster.nodes) {
      await waitUntil(`${node.nodeID} healthy again`, async () => (await node.health()).storeReachable);
    }
  });
});
