/**
 * SPEC 12 on many nodes (SPEC 11): two servers share one real redis-server. Any node answers the
 * server API for the whole cluster, a kick reaches the user's session on the other node, and
 * member attributes set on one node reach members on the other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawClient, type RawClient } from '../helpers/raw-client.ts';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.ts';
import { serverApi } from '../helpers/server-api.ts';
import { startServer, uniqueID, type TestServer } from '../helpers/server.ts';

const SECRET = 'cluster-api-secret-0123456789abcd';
let redis: RedisServer;
let nodeA: TestServer;
let nodeB: TestServer;
const open: RawClient[] = [];
beforeAll(async () => {
  redis = await startRedisServer();
  const config = { serverSecret: SECRET, redisUrl: redis.url, memberBatchWindowMs: 20 };
  nodeA = await startServer({ ...config, nodeID: 'node-a' });
  nodeB = await startServer({ ...config, nodeID: 'node-b' });
});
afterAll(async () => {
  for (const client of open) client.close();
  await nodeA?.close();
  await nodeB?.close();
  await redis?.stop();
});

const ids = (list: { userID: string }[]) => list.map((m) => m.userID);

describe('the server API across nodes', () => {
  it('any node answers for the cluster; kicks, destroys and member attributes reach sessions on every node', async () => {
    const host = await rawClient(nodeA.url, uniqueID('host'));
    const pupil = await rawClient(nodeB.url, uniqueID('pupil'));
    const other = await rawClient(nodeB.url, uniqueID('other'));
    open.push(host, pupil, other);
    const roomID = uniqueID('class');
    await host.ok('createRoom', { roomInfo: { roomID, roomName: 'Physics' } });
    await pupil.ok('joinRoom', { roomID });
    await other.ok('joinRoom', { roomID });
    await host.waitFor('roomMemberJoined', (d) => ids(d.memberList).includes(other.userID));

    // Set on node B, seen on node A.
    await pupil.ok('setRoomMembersAttributes', { roomID, userIDs: [pupil.userID], attributes: { hand: 'up' } });
    const hand = await host.waitFor('roomMemberAttributesUpdated');
    expect(hand.infos).toEqual([{ attributesInfo: { userID: pupil.userID, attributes: { hand: 'up' } } }]);

    // Node B lists the room node A holds the host of.
    const room = await serverApi(() => nodeB.url, SECRET).get(`/rooms/${roomID}`);
    expect(room.body).toMatchObject({ roomID, memberCount: 3 });

    // A kick through node A reaches the pupil's session on node B.
    const kicked = await serverApi(() => nodeA.url, SECRET).post(`/rooms/${roomID}/kick`, {
      userIDs: [pupil.userID],
      reason: 'noise',
    });
    expect(kicked.body).toEqual({ roomID, kickedUserIDs: [pupil.userID], errorUserList: [] });
    expect(await pupil.waitFor('roomStateChanged')).toEqual({
      roomID,
      state: 0,
      event: 8,
      extendedData: '{"reason":"noise"}',
    });
    expect(ids((await host.waitFor('roomMemberLeft')).memberList)).toEqual([pupil.userID]);

    // A destroy through node B ends the room for the host on node A.
    expect((await serverApi(() => nodeB.url, SECRET).delete(`/rooms/${roomID}`)).status).toBe(200);
    expect(await host.waitFor('roomStateChanged', (d) => d.roomID === roomID)).toEqual({
      roomID,
      state: 0,
      event: 3,
      extendedData: '',
    });
    expect(await other.waitFor('roomStateChanged', (d) => d.roomID === roomID)).toMatchObject({ event: 3 });
    expect((await serverApi(() => nodeA.url, SECRET).get(`/rooms/${roomID}`)).status).toBe(404);
  });
});
