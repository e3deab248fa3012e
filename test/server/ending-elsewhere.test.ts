/**
 * A reconnect that reaches the store while another node is ending the session (its grace period
 * ran out there, its leaves under way): the store refuses to take back a half-ended session, and
 * the connection waits for the end, then opens a new session of that ID. It used to be closed
 * without a word, its resumeSession never answered (seen once in ~4000 reconnects of the Redis soak,
 * where the store's grace timer fell due just as the client came back).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisRoomStore } from '../../server/store/redis/redis-store.ts';
import { clientPool, newSessionID, roomInfo } from '../helpers/clients.ts';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.ts';
import { startServer, uniqueID, type TestServer } from '../helpers/server.ts';
import { request } from '../helpers/store-harness.ts';
import { testStoreSettings } from '../helpers/store-settings.ts';
import { user } from '../helpers/store-node.ts';

const patient = { gracePeriodMs: 1500, nodeLeaseMs: 10_000, redisTimeoutMs: 10_000 };
let redis: RedisServer;
let node: TestServer;
/** The other node, as its store: it ends the session by hand, one step at a time. */
let other: RedisRoomStore;
const pool = clientPool(() => node.url);
beforeAll(async () => {
  redis = await startRedisServer();
  node = await startServer({ ...patient, redisUrl: redis.url, nodeID: 'node-1' });
  other = new RedisRoomStore(redis.url, testStoreSettings({ ...patient, nodeID: 'node-2' }));
  await other.start({ onEvent() {}, onFacts() {}, onDue: async () => {}, onLost() {} });
});
afterEach(() => pool.closeAll());
afterAll(async () => {
  await node.close();
  await other.stop();
  await redis.stop();
});

describe('a reconnect while another node ends the session', () => {
  it('waits for the end and opens a new session: resumeSession is answered, with no room', async () => {
    const userID = uniqueID('u');
    const sessionID = newSessionID();
    const caller = { sessionID, user: user(userID) };
    const roomID = uniqueID('room');
    await other.openSession(caller);
    expect((await other.enter(caller, request('enter', roomID))).ok).toBe(true);
    // The other node ends it: marked as ending in the store, its leave still to come.
    expect(await other.endSession(sessionID)).toEqual([roomID]);

    const back = await pool.connectAs(userID, { sessionID, skipResume: true });
    let closed = false;
    back.socket.on('disconnect', () => void (closed = true));
    // Settled either way, so that a closed connection fails the expectation below.
    const resuming = back.ok('resumeSession', { rooms: [{ roomID }] }).catch((error: Error) => error.message);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await other.leave(caller, roomID, 'Timeout');

    expect(await resuming).toMatchObject({ rooms: [] });
    expect(closed).toBe(false);
    // The new session works.
    await back.ok('enterRoom', { ...roomInfo(roomID), config: { roomDestroyDelayTime: 0 } });
    expect(node.server.service.sessions.get(sessionID)?.rooms.has(roomID)).toBe(true);
  });
});
