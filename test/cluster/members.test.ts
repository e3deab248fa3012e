/**
 * SPEC 11: joins, leaves, switch and member lists across nodes are exactly as on one node.
 * Two real nodes share one real Redis; users sit on either.
 */
import { describe, expect, it } from 'vitest';
import { named, roomInfo } from '../helpers/clients.ts';
import { ids, settle } from '../helpers/raw-client.ts';
import { uniqueID } from '../helpers/server.ts';
import { memberIDsOf, useCluster } from './fixture.ts';

const hasMember = (userID: string) => (d: { memberList: { userID: string }[] }) =>
  d.memberList.some((m) => m.userID === userID);

describe('members across two nodes', () => {
  const c = useCluster(2);

  it('a user on node 2 joining a room created on node 1: both see each other, in lists and events', async () => {
    const a = await c.connect(0, 'a');
    const b = await c.connect(1, 'b');
    const roomID = uniqueID('room');
    await a.ok('createRoom', roomInfo(roomID));
    const joined = await b.ok('joinRoom', { roomID });
    expect(ids(joined)).toEqual([a.userID, b.userID].sort());
    expect(ids(await a.waitFor('roomMemberJoined', (d) => d.roomID === roomID))).toEqual([b.userID]);
    expect(await memberIDsOf(a, roomID)).toEqual([a.userID, b.userID].sort());
    expect(await memberIDsOf(b, roomID)).toEqual([a.userID, b.userID].sort());
    expect(await a.ok('queryRoomOnlineMemberCount', { roomID })).toEqual({ roomID, count: 2 });
    expect(await b.ok('queryRoomOnlineMemberCount', { roomID })).toEqual({ roomID, count: 2 });
  });

  it('a leave on one node is seen on the other, once, and the lists agree afterwards', async () => {
    const a = await c.connect(0, 'a');
    const b = await c.connect(1, 'b');
    const d = await c.connect(1, 'd');
    const roomID = uniqueID('room');
    await a.ok('createRoom', roomInfo(roomID));
    await b.ok('joinRoom', { roomID });
    await d.ok('joinRoom', { roomID });
    await a.waitFor('roomMemberJoined', hasMember(d.userID));
    await a.ok('leaveRoom', { roomID });
    for (const seer of [b, d])
      expect(ids(await seer.waitFor('roomMemberLeft', (e) => e.roomID === roomID))).toEqual([a.userID]);
    await settle();
    expect(named(b, 'roomMemberLeft', roomID)).toEqual([a.userID]);
    expect(await memberIDsOf(b, roomID)).toEqual([b.userID, d.userID].sort());
    expect(await memberIDsOf(d, roomID)).toEqual([b.userID, d.userID].sort());
  });

  it('one user with a session on each node is one member: no join for the second, no leave until the last goes', async () => {
    const a = await c.connect(0, 'a');
    const u1 = await c.connect(0, 'u');
    const u2 = await c.connectAs(1, u1.userID);
    const roomID = uniqueID('room');
    await a.ok('createRoom', roomInfo(roomID));
    await u1.ok('joinRoom', { roomID });
    await a.waitFor('roomMemberJoined', hasMember(u1.userID));
    expect(ids(await u2.ok('joinRoom', { roomID }))).toEqual([a.userID, u1.userID].sort());
    await u1.ok('leaveRoom', { roomID });
    expect(await a.ok('queryRoomOnlineMemberCount', { roomID })).toEqual({ roomID, count: 2 });
    await settle();
    expect(named(a, 'roomMemberJoined', roomID)).toEqual([u1.userID]);
    expect(a.of('roomMemberLeft')).toEqual([]);
    await u2.ok('leaveRoom', { roomID });
    expect(ids(await a.waitFor('roomMemberLeft', (e) => e.roomID === roomID))).toEqual([u1.userID]);
  });

  it('switch across nodes: the source room (other node) sees a leave, the target sees a join, nobody sees both or neither', async () => {
    const mover = await c.connect(0, 'mover');
    const inFrom = await c.connect(1, 'from');
    const inTo = await c.connect(1, 'to');
    const from = uniqueID('from');
    const to = uniqueID('to');
    await inFrom.ok('createRoom', roomInfo(from));
    await inTo.ok('createRoom', roomInfo(to));
    await mover.ok('joinRoom', { roomID: from });
    await inFrom.waitFor('roomMemberJoined', hasMember(mover.userID));
    const switched = await mover.ok('switchRoom', {
      fromRoomID: from,
      toRoomInfo: roomInfo(to).roomInfo,
      isCreateWhenRoomNotExisted: false,
    });
    expect(ids(switched)).toEqual([inTo.userID, mover.userID].sort());
    expect(ids(await inFrom.waitFor('roomMemberLeft', (d) => d.roomID === from))).toEqual([mover.userID]);
    expect(ids(await inTo.waitFor('roomMemberJoined', (d) => d.roomID === to))).toEqual([mover.userID]);
    expect(await memberIDsOf(inFrom, from)).toEqual([inFrom.userID]);
    expect(await memberIDsOf(inTo, to)).toEqual([inTo.userID, mover.userID].sort());
    // The mover is in the target only: leaving the source fails as not in that room.
    const again = await mover.call('leaveRoom', { roomID: from });
    expect(again).toMatchObject({ ok: false, error: { code: 6000321 } });
  });

  it('a session entering gets the member list with members of both nodes, itself included, and never a join naming itself', async () => {
    const roomID = uniqueID('room');
    const owner = await c.connect(1, 'owner');
    await owner.ok('createRoom', roomInfo(roomID));
    const others = [await c.connect(0, 'x'), await c.connect(1, 'y'), await c.connect(0, 'z')];
    for (const o of others) await o.ok('joinRoom', { roomID });
    const late = await c.connect(0, 'late');
    const joined = await late.ok('joinRoom', { roomID });
    expect(ids(joined)).toEqual([owner, ...others, late].map((u) => u.userID).sort());
    await owner.waitFor('roomMemberJoined', hasMember(late.userID));
    await settle();
    expect(named(late, 'roomMemberJoined', roomID)).not.toContain(late.userID);
  });
});
