/**
 * One redis-server and N real node processes per test file (or describe block), with a pool of
 * raw clients on chosen nodes that is logged out and closed after each test.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { bye } from '../helpers/room-calls.ts';
import { startCluster, type Cluster, type ClusterNode } from '../helpers/cluster.ts';
import { rawClient, type RawClient, type RawClientOptions } from '../helpers/raw-client.ts';
import { roomInfo } from '../helpers/clients.ts';
import { startRedis, type TestRedis } from '../helpers/redis.ts';
import { uniqueID } from '../helpers/server.ts';

export interface ClusterFixture {
  readonly redis: TestRedis;
  readonly cluster: Cluster;
  node(index: number): ClusterNode;
  /** A new user connected to node `index` (0-based). */
  connect(index: number, prefix: string, options?: RawClientOptions): Promise<RawClient>;
  /** Another session of an existing user (a second device, a resume) on node `index`. */
  connectAs(index: number, userID: string, options?: RawClientOptions): Promise<RawClient>;
  /** Connects through any URL (a load balancer) and tracks the client like the others. */
  track(client: RawClient): RawClient;
}

export function useCluster(nodes: number, env: Record<string, string> = {}): ClusterFixture {
  let redis: TestRedis;
  let cluster: Cluster;
  const open: RawClient[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    cluster = await startCluster(redis.url, nodes, env);
  });
  afterEach(async () => {
    // Only clients whose node still runs can log out; the rest are just closed.
    const all = open.splice(0);
    await bye(...all.filter((c) => c.socket.connected));
    for (const client of all) client.close();
  });
  afterAll(async () => {
    for (const client of open.splice(0)) client.close();
    await cluster?.stop();
    await redis?.stop();
  });
  const fixture: ClusterFixture = {
    get redis() {
      return redis;
    },
    get cluster() {
      return cluster;
    },
    node: (index) => {
      const node = cluster.nodes[index];
      if (!node) throw new Error(`no node ${index}`);
      return node;
    },
    async connect(index, prefix, options = {}) {
      return fixture.track(await rawClient(fixture.node(index).url, uniqueID(prefix), options));
    },
    async connectAs(index, userID, options = {}) {
      return fixture.track(await rawClient(fixture.node(index).url, userID, options));
    },
    track(client) {
      open.push(client);
      return client;
    },
  };
  return fixture;
}

/** Polls a member query on `client` until its userIDs (sorted) equal `expected`. */
export async function memberIDsOf(client: RawClient, roomID: string): Promise<string[]> {
  const page = await client.ok('queryRoomMemberList', { roomID, config: { nextFlag: '', count: 100 } });
  return (page.memberList as { userID: string }[]).map((m) => m.userID).sort();
}

/** Texts of the room messages a client received, in order. */
export const texts = (client: RawClient, roomID: string) =>
  client
    .of('receiveRoomMessage')
    .filter((d) => d.fromConversationID === roomID)
    .flatMap((d) => d.messageList.map((m) => m.message));

export const send = (client: RawClient, roomID: string, message: string) =>
  client.call('sendMessage', { message: { type: 1, message }, toConversationID: roomID, conversationType: 1 });

/** A room created on node 0 by `a`, joined on node 1 by `b`. */
export async function pair(c: ClusterFixture, prefix: string) {
  const roomID = uniqueID(prefix);
  const a = await c.connect(0, 'a');
  const b = await c.connect(1, 'b');
  await a.ok('createRoom', roomInfo(roomID));
  await b.ok('joinRoom', { roomID });
  await a.waitFor('roomMemberJoined', (d) => d.roomID === roomID);
  return { roomID, a, b };
}
