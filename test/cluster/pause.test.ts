/**
 * SPEC 11: a node paused past its lease (SIGSTOP, as a long GC pause) is swept by the others; when
 * it wakes (SIGCONT) it notices, writes no stale state, and its clients learn they lost the room.
 * SIGTERM hands over cleanly: the node's sessions count as dropped at once (not when its lease
 * would have run out), so a client resuming elsewhere keeps its rooms and the rest leave after
 * the grace period.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZIMRoomState as S } from '../../lib/zim/index.ts';
import { roomInfo } from '../helpers/clients.ts';
import { startLoadBalancer, type LoadBalancer } from '../helpers/load-balancer.ts';
import { waitUntil } from '../helpers/processes.ts';
import { ids, settle, type RawClient } from '../helpers/raw-client.ts';
import { uniqueID } from '../helpers/server.ts';
import { newClient, uid } from '../sdk/helpers.ts';
import { memberIDsOf, useCluster } from './fixture.ts';

const LEASE_MS = 4000;
const GRACE_MS = 1000;

const names = (client: RawClient, event: 'roomMemberJoined' | 'roomMemberLeft', roomID: string) =>
  client
    .of(event)
    .filter((d) => d.roomID === roomID)
    .flatMap(ids);

describe('pauses and hand-overs', () => {
  const c = useCluster(2, { CONVENE_NODE_LEASE_MS: String(LEASE_MS), CONVENE_GRACE_PERIOD_MS: String(GRACE_MS) });
  let lb: LoadBalancer;
  beforeAll(async () => void (lb = await startLoadBalancer(c.node(0).port)));
  afterAll(() => lb?.close());

  it('SIGSTOP past the lease: its member is removed; after SIGCONT it is not brought back, learns it, and the node serves again', async () => {
    const roomID = uniqueID('paused');
    const survivor = await c.connect(1, 'survivor');
    const sleeper = await c.connect(0, 'sleeper');
    await survivor.ok('createRoom', roomInfo(roomID));
    await sleeper.ok('joinRoom', { roomID });
    await survivor.waitFor('roomMemberJoined', (d) => d.roomID === roomID);

    c.node(0).pause();
    try {
      expect(
        ids(await survivor.waitFor('roomMemberLeft', (d) => d.roomID === roomID, LEASE_MS + GRACE_MS + 8000)),
      ).toEqual([sleeper.userID]);
    } finally {
      c.node(0).resume();
    }
    // Awake again: the sleeper's client is told it is out of the room (or its connection is closed).
    await waitUntil(
      'the sleeper learns it lost the room',
      () =>
        !sleeper.socket.connected ||
        sleeper.of('roomStateChanged').some((d) => d.roomID === roomID && d.state === S.Disconnected),
      10_000,
    );
    // What the paused node believed is not written back: no join, no message from the sleeper.
    if (sleeper.socket.connected) {
      const ack = await sleeper.call('sendMessage', {
        message: { type: 1, message: 'stale' },
        toConversationID: roomID,
        conversationType: 1,
      });
      expect(ack.ok).toBe(false);
    }
    await settle(500);
    expect(names(survivor, 'roomMemberJoined', roomID)).toEqual([sleeper.userID]);
    expect(survivor.of('receiveRoomMessage')).toEqual([]);
    expect(await memberIDsOf(survivor, roomID)).toEqual([survivor.userID]);
    // The woken node renews its lease and serves new sessions in the same room as before.
    await waitUntil('node 1 healthy', async () => (await c.node(0).health()).storeReachable);
    const fresh = await c.connect(0, 'fresh');
    await fresh.ok('joinRoom', { roomID });
    expect(
      ids(await survivor.waitFor('roomMemberJoined', (d) => d.roomID === roomID && ids(d).includes(fresh.userID))),
    ).toEqual([fresh.userID]);
    await settle(LEASE_MS); // a full lease later the fresh member is still there (the node was not swept again)
    expect(await memberIDsOf(survivor, roomID)).toEqual([fresh.userID, survivor.userID].sort());
  });

  it('SIGTERM: the node exits; a client resuming through the balancer keeps its room, one that does not leaves after the grace period', async () => {
    const roomID = uid('handover');
    const watcher = await c.connect(1, 'watcher');
    await watcher.ok('createRoom', roomInfo(roomID));
    const stays = await c.connect(0, 'gone'); // connected straight to node 1, never comes back
    await stays.ok('joinRoom', { roomID });
    const { zim, rec } = newClient(lb.url);
    const userID = uid('mover');
    await zim.login(userID, { userName: 'Mover' });
    await zim.joinRoom(roomID);
    await waitUntil('both joined', () => names(watcher, 'roomMemberJoined', roomID).length === 2);

    lb.pointAt(c.node(1).port);
    const termAt = Date.now();
    await c.node(0).terminate();
    expect(c.node(0).child.exitCode).toBe(0);
    expect(ids(await watcher.waitFor('roomMemberLeft', (d) => d.roomID === roomID, 10_000))).toEqual([stays.userID]);
    // Dropped at once on SIGTERM, so removed after the grace period, well before the lease ran out.
    expect(Date.now() - termAt).toBeLessThan(LEASE_MS);
    await rec.waitFor('roomStateChanged', (e) => e.roomID === roomID && e.state === S.Connected, 10_000);
    await settle(GRACE_MS + 500);
    expect(names(watcher, 'roomMemberLeft', roomID)).toEqual([stays.userID]);
    expect(await zim.queryRoomOnlineMemberCount(roomID)).toEqual({ roomID, count: 2 });
  });
});
