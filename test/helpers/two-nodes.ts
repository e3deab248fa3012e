/** Two Convene servers in this test process sharing one real redis-server: a cluster of two nodes. */
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { ServerConfig } from '../../server/config.ts';
import { clientPool } from './clients.ts';
import { startRedisServer, type RedisServer } from './redis-server.ts';
import { startServer, type TestServer } from './server.ts';

export function twoNodes(config: Partial<ServerConfig> = {}) {
  const state = { redis: undefined as unknown as RedisServer, nodes: [] as TestServer[] };
  const pools = [clientPool(() => state.nodes[0]!.url), clientPool(() => state.nodes[1]!.url)] as const;
  beforeAll(async () => {
    state.redis = await startRedisServer();
    for (const nodeID of ['node-1', 'node-2']) {
      // A slow, shared machine must not fail calls or leases where a test is about something else.
      const patient = { nodeLeaseMs: 4000, redisTimeoutMs: 10_000, gracePeriodMs: 1500 };
      state.nodes.push(await startServer({ ...patient, ...config, redisUrl: state.redis.url, nodeID }));
    }
  });
  afterEach(() => pools.forEach((p) => p.closeAll()));
  afterAll(async () => {
    for (const node of state.nodes) await node.close();
    await state.redis.stop();
  });
  return {
    get redis() {
      return state.redis;
    },
    node: (i: 0 | 1) => state.nodes[i]!,
    /** Clients connected to node 1 and node 2. */
    on: pools,
  };
}
