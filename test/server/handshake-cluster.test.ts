/**
 * SPEC 11b across nodes: on the Redis store one address's handshake budget is the cluster's, not
 * each node's, so more nodes behind a balancer do not multiply what one address may open.
 */
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../server/token.ts';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.ts';
import { startServer, uniqueID, type TestServer } from '../helpers/server.ts';

/** Opens one connection; resolves whether it was let in (and closes it). */
function opens(srv: TestServer): Promise<boolean> {
  const userID = uniqueID('hs');
  const token = issueToken(srv.server.config.tokenSecret, userID, 3600);
  const socket = io(srv.url, {
    auth: { userID, token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve) => {
    socket.once('connect', () => {
      socket.close();
      resolve(true);
    });
    socket.once('connect_error', () => {
      socket.close();
      resolve(false);
    });
  });
}

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
