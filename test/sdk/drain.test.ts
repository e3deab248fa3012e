import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ZIMConnectionEvent as CE, ZIMConnectionState as CS } from '../../lib/zim/index.ts';
import { startLoadBalancer } from '../helpers/load-balancer.ts';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.ts';
import { startServer } from '../helpers/server.ts';
import { freePort, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { newClient, newUser, uid, useServer } from './helpers.ts';

const processes: ServerProcess[] = [];
afterEach(async () => {
  for (const p of processes.splice(0)) await p.stop();
});

async function start(port: number): Promise<ServerProcess> {
  // One token secret for both processes, so the tokens the SDK holds stay valid across the restart.
  const p = await startServerProcess(port, {
    CONVENE_DRAIN_S: '3',
    CONVENE_TOKEN_SECRET: 'drain-test-secret-of-at-least-32-bytes',
    CONVENE_DEMO_TOKENS: 'true',
  });
  processes.push(p);
  return p;
}

describe('SIGTERM on a server process with SDK clients connected', () => {
  it('tells them, they reconnect rather than end, nobody sees a leave, the process exits within CONVENE_DRAIN_S, a restarted one takes them back', async () => {
    const port = await freePort();
    const first = await start(port);
    const users = [newClient(first.url), newClient(first.url)];
    const roomID = uid('drain');
    const second = uid('u1');
    await users[0]!.zim.login(uid('u0'), { userName: 'User 0' });
    await users[0]!.zim.enterRoom({ roomID, roomName: 'Drain' });
    await users[1]!.zim.login(second, { userName: 'User 1' });
    await users[1]!.zim.enterRoom({ roomID, roomName: 'Drain' });
    await users[0]!.rec.waitFor('roomMemberJoined', (e) => e.memberList.some((m) => m.userID === second));
    for (const { rec } of users) rec.clear();

    const signalled = Date.now();
    process.kill(first.child.pid!, 'SIGTERM');
    for (const { rec } of users) await rec.waitFor('connectionStateChanged', (e) => e.state === CS.Reconnecting);
    const { code, at } = await first.exited();
    expect(code).toBe(0);
    expect(at - signalled).toBeLessThan(3000);
    expect(first.lines.find((l) => l.event === 'drain_started')).toMatchObject({ connections: 2 });
    expect(first.lines.find((l) => l.event === 'drain_finished')).toMatchObject({ clean: true });
    for (const { rec } of users) {
      expect(rec.connectionStates()[0]).toEqual([CS.Reconnecting, CE.LoginInterrupted]);
      expect(rec.connectionStates().some(([state]) => state === CS.Disconnected)).toBe(false);
      expect(rec.of('roomMemberLeft')).toEqual([]);
    }

    // The same port comes back (a restart): the SDK's own retries find it and log in again. Its
    // rooms were in the first process's memory; with a shared store (SPEC 11) they would resume.
    await start(port);
    for (const { zim, rec } of users) {
      await expect.poll(() => zim.getConnectionState(), { timeout: 10_000, interval: 50 }).toBe(CS.Connected);
      expect(rec.connectionStates().at(-1)).toEqual([CS.Connected, CE.Success]);
      expect(rec.of('roomMemberLeft')).toEqual([]);
    }
  });
});

describe('the SDK on a drain notice', () => {
  const server = useServer({ gracePeriodMs: 10_000 });

  async function twoInRoom() {
    const alice = await newUser(server);
    const bob = await newUser(server);
    const roomID = uid('move');
    await alice.zim.enterRoom({ roomID, roomName: 'Move' });
    await bob.zim.enterRoom({ roomID, roomName: 'Move' });
    await alice.rec.waitFor('roomMemberJoined', (e) => e.memberList.some((m) => m.userID === bob.userID));
    alice.rec.clear();
    bob.rec.clear();
    return { alice, bob, roomID };
  }

  /** The server's socket of a user's session. */
  const socketOfUser = (userID: string) =>
    [...server.server.io.of('/').sockets.values()].find(
      (s) => (s.data as { user: { userID: string } }).user.userID === userID,
    )!;

  async function resumedWithoutLeave(
    alice: Awaited<ReturnType<typeof twoInRoom>>['alice'],
    bob: Awaited<ReturnType<typeof twoInRoom>>['bob'],
    roomID: string,
  ) {
    await expect
      .poll(() => alice.rec.connectionStates(), { timeout: 5000 })
      .toEqual([
        [CS.Reconnecting, CE.LoginInterrupted],
        [CS.Connected, CE.Success],
      ]);
    expect(alice.zim.getRoomIDs()).toEqual([roomID]);
    await alice.zim.sendRoomMessage({ type: 1, message: 'still here' }, roomID);
    await bob.rec.waitFor('receiveRoomMessage', (e) => e.messageList[0]?.message === 'still here');
    expect(bob.rec.of('roomMemberLeft')).toEqual([]);
  }

  it('reconnects by itself at once and resumes its rooms, nobody seeing a leave', async () => {
    const { alice, bob, roomID } = await twoInRoom();
    socketOfUser(alice.userID).emit('serverDraining', {});
    await resumedWithoutLeave(alice, bob, roomID);
  });

  it('a server that closes the socket itself after the notice is a move, not the end of the session', async () => {
    const { alice, bob, roomID } = await twoInRoom();
    const socket = socketOfUser(alice.userID);
    socket.emit('serverDraining', {});
    socket.disconnect(true);
    await resumedWithoutLeave(alice, bob, roomID);
  });
});

describe('draining one of two nodes behind a load balancer (Redis store)', () => {
  let redis: RedisServer;
  beforeAll(async () => void (redis = await startRedisServer()));
  afterAll(() => redis.stop());

  it('its clients resume on the other node with their rooms, nobody sees a leave, the drain is clean', async () => {
    const settings = {
      redisUrl: redis.url,
      drainSeconds: 5,
      gracePeriodMs: 15_000,
      tokenSecret: 'cluster-drain-secret-of-at-least-32-bytes',
    };
    const a = await startServer({ ...settings, nodeID: 'node-a' });
    const b = await startServer({ ...settings, nodeID: 'node-b' });
    const lb = await startLoadBalancer(Number(new URL(a.url).port));
    try {
      const alice = newClient(lb.url);
      const bob = newClient(lb.url);
      const roomID = uid('cluster');
      const bobID = uid('bob');
      await alice.zim.login(uid('alice'), { userName: 'Alice' });
      await alice.zim.enterRoom({ roomID, roomName: 'Cluster' });
      await bob.zim.login(bobID, { userName: 'Bob' });
      await bob.zim.enterRoom({ roomID, roomName: 'Cluster' });
      await alice.rec.waitFor('roomMemberJoined', (e) => e.memberList.some((m) => m.userID === bobID));
      expect(a.server.io.of('/').sockets.size).toBe(2);
      alice.rec.clear();
      bob.rec.clear();

      const drained = a.server.drain.run();
      // The balancer's health check sees node A draining and sends new connections to B.
      expect((await fetch(`${a.url}/healthz`)).status).toBe(503);
      lb.pointAt(Number(new URL(b.url).port));

      for (const { zim } of [alice, bob])
        await expect.poll(() => zim.getConnectionState(), { timeout: 10_000 }).toBe(CS.Connected);
      expect(await drained).toMatchObject({ clean: true });
      expect(b.server.io.of('/').sockets.size).toBe(2);
      for (const { zim, rec } of [alice, bob]) {
        expect(rec.connectionStates()).toEqual([
          [CS.Reconnecting, CE.LoginInterrupted],
          [CS.Connected, CE.Success],
        ]);
        expect(zim.getRoomIDs()).toEqual([roomID]);
        expect(rec.of('roomMemberLeft')).toEqual([]);
      }
      await alice.zim.sendRoomMessage({ type: 1, message: 'on node B now' }, roomID);
      await bob.rec.waitFor('receiveRoomMessage', (e) => e.messageList[0]?.message === 'on node B now');
      await expect(bob.zim.queryRoomOnlineMemberCount(roomID)).resolves.toEqual({ roomID, count: 2 });
    } finally {
      await lb.close();
      await a.close();
      await b.close();
    }
  });
});
