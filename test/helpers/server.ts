/** Starts the real Convene server on a free port at 127.0.0.1 for one test file. */
import type { DestinationStream } from 'pino';
import { createConveneServer, type ConveneServer } from '../../server/app.ts';
import type { ServerConfig } from '../../server/config.ts';
import type { Clock } from '../../server/rooms/clock.ts';
import { afterAll } from 'vitest';
import { startRedisServer, type RedisServer } from './redis-server.ts';

export interface TestServer {
  server: ConveneServer;
  url: string;
  close(): Promise<void>;
}

let sharedRedis: Promise<RedisServer> | undefined;

/**
 * With CONVENE_TEST_STORE=redis the same tests run against the Redis store: one redis-server
 * per test file, stopped after it; the servers a file starts share it, as nodes of one cluster.
 */
async function storeConfig(): Promise<Partial<ServerConfig>> {
  if (process.env.CONVENE_TEST_STORE !== 'redis') return {};
  sharedRedis ??= startRedisServer();
  return { redisUrl: (await sharedRedis).url, redisTimeoutMs: 10_000 }; // a slow machine is no Redis fault
}

if (process.env.CONVENE_TEST_STORE === 'redis') {
  afterAll(async () => {
    await (await sharedRedis)?.stop();
    sharedRedis = undefined;
  });
}

/** The token secret startServer sets (at least 32 bytes, as the server requires). */
export const TEST_TOKEN_SECRET = 'test-token-secret-of-at-least-32-bytes';

/**
 * Demo tokens are on (tests ask for them explicitly, a secret being set); logs are off unless a
 * test asks for them (a level and where the lines go). A test that drives the room rules' timers
 * passes a clock (test/helpers/test-time.ts).
 */
export async function startServer(
  config: Partial<ServerConfig> = {},
  logDestination?: DestinationStream,
  clock?: Clock,
): Promise<TestServer> {
  const server = createConveneServer({
    config: {
      tokenSecret: TEST_TOKEN_SECRET,
      demoTokens: true,
      logLevel: 'silent',
      ...(await storeConfig()),
      ...config,
    },
    logDestination,
    clock,
  });
  const { url } = await server.listen(0, '127.0.0.1');
  return { server, url, close: () => server.close() };
}

export { demoToken } from './demo-token.ts';

let counter = 0;
/** A roomID or userID no other test uses. */
export function uniqueID(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}
