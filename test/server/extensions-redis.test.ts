/**
 * Until the Redis store has the member attribute and server API steps (server/store/extensions.ts),
 * a Redis-backed server says so plainly instead of half-working: 501 from the server API, 6000301
 * from the member attribute calls. Everything else of the room keeps working.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawClient } from '../helpers/raw-client.ts';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.ts';
import { serverApi } from '../helpers/server-api.ts';
import { startServer, uniqueID, type TestServer } from '../helpers/server.ts';

const SECRET = 'extensions-redis-secret-0123456789';
let redis: RedisServer;
let server: TestServer;
beforeAll(async () => {
  redis = await startRedisServer();
  server = await startServer({ serverSecret: SECRET, redisUrl: redis.url });
});
afterAll(async () => {
  await server?.close();
  await redis?.stop();
});

describe('member attributes and the server API with the Redis store', () => {
  it('the server API answers 501 with 6000301, and member attribute calls fail 6000301; rooms still work', async () => {
    const answer = await serverApi(() => server.url, SECRET).get('/rooms');
    expect(answer).toMatchObject({ status: 501, body: { code: 6000301, message: expect.stringContaining('Redis store') } });
    const client = await rawClient(server.url, uniqueID('u'));
    try {
      const roomID = uniqueID('room');
      await client.ok('createRoom', { roomInfo: { roomID, roomName: '' } });
      const set = await client.call('setRoomMembersAttributes', { roomID, userIDs: [client.userID], attributes: { hand: '1' } });
      expect(set).toEqual({ ok: false, error: { code: 6000301, message: expect.stringContaining('redis store') } });
      expect((await client.ok('queryRoomOnlineMemberCount', { roomID })).count).toBe(1);
    } finally {
      client.close();
    }
  });
});
