/**
 * The store and server tests' redis-server: the one of test/helpers/redis.ts (a free port on
 * 127.0.0.1, no persistence, stopped by its pid, with fault controls: kill, start, restart, pause,
 * CLIENT KILL), plus a plain ioredis client for the test's own checks (closed by stop).
 */
import { Redis } from 'ioredis';
import { startRedis, type TestRedis } from './redis.ts';

export interface RedisServer extends TestRedis {
  client: Redis;
}

export async function startRedisServer(): Promise<RedisServer> {
  const redis = await startRedis();
  const client = new Redis(redis.url);
  client.on('error', () => {}); // while the test has Redis down on purpose
  const stop = redis.stop;
  return Object.assign(redis, {
    client,
    async stop() {
      client.disconnect();
      await stop();
    },
  });
}
