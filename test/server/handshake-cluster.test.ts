/**
 * SPEC 11b across nodes: on the Redis store one address's handshake budget is the cluster's, not
 * each node's, so more nodes behind a balancer do not multiply what one address may open.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.ts';
import { opens } from '../helpers/handshake.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

describe('handshakes per address on two nodes sharing Redis (rate 1/s, burst 20)', () => {
  let redis: RedisServer;
  let nodes: TestServer[];
  beforeAll(async () => {
    redis = await startRedisServer();
    const config = { redisUrl: redis.url, handshakeRatePerSecond: 1 };
    nodes = [await startServer({ ...config, nodeID: 'hs-a' }), await startServer({ ...config, nodeID: 'hs-b' })];
  });
  afterAll(async () => {
    for (const node of nodes ?? []) await node.close();
    await redis?.stop();
  });

  it('30 connections from one address spread over both nodes: one budget of about 20 lets them in, not 20 per node', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => opens(nodes[i % 2]!)));
    const admitted = results.filter(Boolean).length;
    expect(admitted).toBeGreaterThanOrEqual(20);
    expect(admitted).toBeLessThanOrEqual(23);
    // Both nodes let some in: the budget is shared, not held by one of them.
    expect(results.filter((ok, i) => ok && i % 2 === 0).length).toBeGreaterThan(0);
    expect(results.filter((ok, i) => ok && i % 2 === 1).length).toBeGreaterThan(0);
  });
});
