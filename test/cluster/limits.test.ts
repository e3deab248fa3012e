/**
 * SPEC 11 / 2: room calls racing over three nodes stay serialised per room, and the server-wide
 * and per-user room limits hold across nodes (never exceeded, whichever node a call lands on).
 */
import { describe, expect, it } from 'vitest';
import { roomInfo } from '../helpers/clients.ts';
import type { RawClient } from '../helpers/raw-client.ts';
import { uniqueID } from '../helpers/server.ts';
import { useCluster } from './fixture.ts';

const MAX_ROOMS = 6;
const PER_USER = 3;

const codes = (acks: { ok: boolean; error?: { code: number } }[]) =>
  acks.map((a) => (a.ok ? 'ok' : a.error?.code)).sort((x, y) => String(x).localeCompare(String(y)));

describe('room limits and races across three nodes', () => {
  const c = useCluster(3, {
    CONVENE_MAX_ROOMS: String(MAX_ROOMS),
    CONVENE_MAX_ROOMS_PER_USER: String(PER_USER),
    CONVENE_CALL_RATE: '1000',
  });
  /** `n` new users spread round-robin over the nodes. */
  const spread = (prefix: string, n: number) =>
    Promise.all(Array.from({ length: n }, (_, i) => c.connect(i % 3, prefix)));

  it('20 racing createRoom of one roomID spread over the nodes: one success, 19 × 6000323, one member', async () => {
    const users = await spread('racer', 20);
    const roomID = uniqueID('race');
    const acks = await Promise.all(users.map((u) => u.call('createRoom', roomInfo(roomID))));
    expect(codes(acks)).toEqual([...Array(19).fill(6000323), 'ok']);
    const winner = users[acks.findIndex((a) => a.ok)] as RawClient;
    for (const node of [0, 1, 2]) {
      const probe = await c.connect(node, 'probe');
      await probe.ok('joinRoom', { roomID });
      const list = await probe.ok('queryRoomMemberList', { roomID, config: { nextFlag: '', count: 100 } });
      expect(list.memberList.map((m: { userID: string }) => m.userID)).toContain(winner.userID);
      await probe.ok('leaveRoom', { roomID });
    }
  });

  it(`the server-wide limit (${MAX_ROOMS}) holds across nodes: racing creates past it fail 6000324 on any node`, async () => {
    const owners = await spread('owner', MAX_ROOMS - 2);
    for (const owner of owners) await owner.ok('createRoom', roomInfo(uniqueID('full')));
    // Two slots left, six nodes' worth of creators race for them.
    const racers = await spread('late', 6);
    const acks = await Promise.all(racers.map((r) => r.call('createRoom', roomInfo(uniqueID('extra')))));
    expect(codes(acks)).toEqual([6000324, 6000324, 6000324, 6000324, 'ok', 'ok']);
    // enterRoom (auto-create) and switchRoom with create are refused the same way, on every node.
    for (const node of [0, 1, 2]) {
      const u = await c.connect(node, 'enter');
      const ack = await u.call('enterRoom', roomInfo(uniqueID('over')));
      expect(ack).toMatchObject({ ok: false, error: { code: 6000324 } });
    }
    // A room freed on one node frees its slot for a create on another.
    const freer = owners[0] as RawClient;
    await freer.ok('leaveAllRoom', {});
    const other = await c.connect(2, 'again');
    await other.ok('createRoom', roomInfo(uniqueID('freed')));
  });

  it(`the per-user limit (${PER_USER}) counts the user's rooms on every node: its sessions on two nodes share it`, async () => {
    const rooms = Array.from({ length: PER_USER + 1 }, () => uniqueID('pu'));
    for (const [i, roomID] of rooms.entries())
      await (await c.connect(i % 3, 'host')).ok('createRoom', roomInfo(roomID));

    const first = await c.connect(0, 'user');
    const second = await c.connectAs(1, first.userID);
    await first.ok('joinRoom', { roomID: rooms[0] });
    await second.ok('joinRoom', { roomID: rooms[1] });
    await first.ok('joinRoom', { roomID: rooms[2] });
    // Racing the fourth room from both nodes at once: neither gets it.
    const acks = await Promise.all([
      first.call('joinRoom', { roomID: rooms[3] }),
      second.call('joinRoom', { roomID: rooms[3] }),
    ]);
    expect(codes(acks)).toEqual([6000325, 6000325]);
    await second.ok('leaveRoom', { roomID: rooms[1] });
    await first.ok('joinRoom', { roomID: rooms[3] });
  });
});
