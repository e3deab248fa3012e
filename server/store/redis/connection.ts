/**
 * Redis connections of the shared store. Calls fail fast while Redis is unreachable (no offline
 * queue, a command timeout), and the client reconnects by itself with a capped backoff.
 */
import { Redis, type RedisOptions } from 'ioredis';

/** `timeoutMs`: a command that has not answered by then fails (a paused or overloaded Redis). */
export function redisOptions(timeoutMs: number): RedisOptions {
  return {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: timeoutMs,
    connectTimeout: timeoutMs,
    // Back off up to 1 s between attempts, forever: a node outlives a Redis restart.
    retryStrategy: (times) => Math.min(50 * times, 1000),
    // Commands go out in RESP2 so Lua tables come back as plain arrays.
    protocol: 2,
  };
}

export function connectRedis(url: string, name: string, timeoutMs: number): Redis {
  const client = new Redis(url, { ...redisOptions(timeoutMs), connectionName: name });
  // Errors surface on the calls; the client's own 'error' events would otherwise be unhandled.
  client.on('error', () => {});
  return client;
}

/** Whether Redis answers a PING now. */
export async function pingRedis(client: Redis): Promise<boolean> {
  if (client.status !== 'ready') return false;
  try {
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  }
}

/** Resolves once the client is connected; fails after 5 s (a wrong CONVENE_REDIS_URL). */
export function redisReady(client: Redis): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Redis did not answer within 5 s (CONVENE_REDIS_URL)')), 5000);
    client.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
