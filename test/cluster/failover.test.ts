/**
 * SPEC 11: a node that dies (kill -9) stops renewing its lease; the survivors count its sessions
 * as dropped when the lease runs out and remove them after the grace period — no ghost stays. A
 * session of the dead node that comes back through the same URL (a load balancer) to another node
 * within the grace period resumes there, and nobody sees a leave.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZIMRoomEvent as E, ZIMRoomState as S } from '../../lib/zim/index.ts';
import { roomInfo } from '../helpers/clients.ts';
import { startLoadBalancer, type LoadBalancer } from '../helpers/load-balancer.ts';
import { ids, settle } from '../helpers/raw-client.ts';
import { uniqueID } from '../helpers/server.ts';
import { newClient, uid } from '../sdk/helpers.ts';
import { memberIDsOf, useCluster } from './fixture.ts';

const LEASE_MS = 1500;
const GRACE_MS = 1000;

describe('a node killed with kill -9', () => {
  const c = useCluster(3, { CONVENE_NODE_LEASE_MS: String(LEASE_MS), CONVENE_GRACE_PERIOD_MS: String(GRACE_MS) });

  it('its members are removed after lease + grace: the others see roomMemberLeft, lists and counts agree, no ghost', async () => {
    const roomID = uniqueID('shared');
    const lonely = uniqueID('lonely');
    const [d1, d2] = [await c.connect(0, 'dead1'), await c.connect(0, 'dead2')];
    const [s2, s3] = [await c.connect(1, 'alive2'), await c.connect(2, 'alive3')];
    await s2.ok('createRoom', roomInfo(roomID));
    for (const client of [s3, d1, d2]) await client.ok('joinRoom', { roomID });
    await d1.ok('createRoom', roomInfo(lonely)); // a room whose only member is on the dead node
    await s2.waitFor('roomMemberJoined', (d) => d.memberList.some((m) => m.userID === d2.userID));

    const killedAt = Date.now();
    await c.node(0).kill9();
    const left = await Promise.all(
      [s2, s3].map((s) => s.waitFor('roomMemberLeft', (d) => d.roomID === roomID, LEASE_MS + GRACE_MS + 8000)),
    );
    const after = Date.now() - killedAt;
    expect(after).toBeGreaterThanOrEqual(GRACE_MS); // the grace period is honoured
    await settle(400);
    for (const [i, s] of [s2, s3].entries()) {
      const named = s
        .of('roomMemberLeft')
        .filter((d) => d.roomID === roomID)
        .flatMap(ids);
      expect(named.sort(), `survivor ${i}`).toEqual([d1.userID, d2.userID].sort());
      expect(left[i]).toBeDefined();
    }
    expect(await memberIDsOf(s2, roomID)).toEqual([s2.userID, s3.userID].sort());
    expect(await memberIDsOf(s3, roomID)).toEqual([s2.userID, s3.userID].sort());
    expect(await s3.ok('queryRoomOnlineMemberCount', { roomID })).toEqual({ roomID, count: 2 });
    // The dead node's room with nobody else in it is gone too (destroyed, so it can be created again).
    expect(await s3.call('joinRoom', { roomID: lonely })).toMatchObject({ ok: false, error: { code: 6000322 } });
    // No ghost: the dead user coming back on a live node is a real join for the others.
    s2.pushes.length = 0;
    const back = await c.connectAs(2, d1.userID);
    await back.ok('joinRoom', { roomID });
    expect(ids(await s2.waitFor('roomMemberJoined', (d) => d.memberList.some((m) => m.userID === d1.userID)))).toEqual([
      d1.userID,
    ]);
  });
});

describe('a session of a killed node resuming on another through the same URL', () => {
  const c = useCluster(2, { CONVENE_NODE_LEASE_MS: String(LEASE_MS), CONVENE_GRACE_PERIOD_MS: '4000' });
  let lb: LoadBalancer;
  beforeAll(async () => void (lb = await startLoadBalancer(c.node(0).port)));
  afterAll(() => lb?.close());

  it('the SDK reconnects through the load balancer to the survivor within the grace period: Connecting then Connected, nobody sees a leave', async () => {
    const roomID = uid('resume');
    const watcher = await c.connect(1, 'watcher');
    await watcher.ok('createRoom', roomInfo(roomID));
    const { zim, rec } = newClient(lb.url);
    const userID = uid('mover');
    await zim.login(userID, { userName: 'Mover' });
    await zim.joinRoom(roomID);
    expect(zim.getServerNodeID()).toBe('n1');
    await watcher.waitFor('roomMemberJoined', (d) => d.memberList.some((m) => m.userID === userID));
    await watcher.ok('sendMessage', {
      message: { type: 1, message: 'before' },
      toConversationID: roomID,
      conversationType: 1,
    });
    await rec.waitFor('roomMessageReceived', (e) => e.messageList.some((m) => m.message === 'before'));
    rec.clear();

    lb.pointAt(c.node(1).port); // the balancer's health check would do this once node 1 stops answering
    await c.node(0).kill9();
    await watcher.ok('sendMessage', {
      message: { type: 1, message: 'while you were away' },
      toConversationID: roomID,
      conversationType: 1,
    });
    await rec.waitFor('roomStateChanged', (e) => e.roomID === roomID && e.state === S.Connected, 10_000);
    expect(zim.getServerNodeID()).toBe('n2');
    expect(rec.of('serverNodeChanged')).toEqual([{ nodeID: 'n2' }]);
    expect(rec.roomStates(roomID)).toEqual([
      [S.Connecting, E.NetworkInterrupted],
      [S.Connected, E.Success],
    ]);
    await rec.waitFor('roomMessageReceived', (e) => e.messageList.some((m) => m.message === 'while you were away'));
    // Well past the dead node's lease and the grace period: still a member, no leave or join seen.
    await settle(LEASE_MS + 4000 + 500);
    expect(watcher.of('roomMemberLeft')).toEqual([]);
    expect(watcher.of('roomMemberJoined').flatMap(ids)).toEqual([userID]);
    expect(await zim.queryRoomOnlineMemberCount(roomID)).toEqual({ roomID, count: 2 });
    await zim.sendRoomMessage({ type: 1, message: 'still here' }, roomID);
    await watcher.waitFor('receiveRoomMessage', (d) => d.messageList.some((m) => m.message === 'still here'));
  });
});
