/** SPEC sections 2 and 4: concurrent calls on rooms are serialised and never break a limit. */
import { describe, expect, it } from 'vitest';
import { ZIMErrorCode as E, type Ack } from '../../lib/protocol/index.ts';
import { settle } from '../helpers/raw-client.ts';
import { serverWithUsers, info, memberIDs } from '../helpers/room-calls.ts';
import { uniqueID } from '../helpers/server.ts';

const env = serverWithUsers('cc');
const users = env.users;
const withServer = env.withServer;
/** How many acks succeeded, and how many failed with each code. */
function tally(acks: Ack<unknown>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const ack of acks) {
    const key = ack.ok ? 'ok' : String(ack.error.code);
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

describe('one room, many callers', () => {
  withServer({});

  it('20 concurrent createRoom on one roomID: exactly one succeeds, 19 fail 6000323, the room holds only the winner', async () => {
    const list = await users(20);
    const roomID = uniqueID('race');
    const acks = await Promise.all(list.map((c) => c.call('createRoom', { roomInfo: info(roomID, c.userID) })));
    expect(tally(acks)).toEqual({ ok: 1, [E.RoomAlreadyExists]: 19 });
    const winner = list[acks.findIndex((a) => a.ok)]!;
    const page = await winner.ok('queryRoomMemberList', { roomID, config: { count: 100 } });
    expect(memberIDs(page)).toEqual([winner.userID]);
    const [late] = await users(1);
    expect((await late!.ok('joinRoom', { roomID })).roomInfo.baseInfo.roomName).toBe(winner.userID);
  });

  it('30 users joining one room at once all become members; the owner gets them in a few batched events', async () => {
    const [owner] = await users(1);
    const list = await users(30);
    const roomID = uniqueID('crowd');
    await owner!.ok('createRoom', { roomInfo: info(roomID) });
    const acks = await Promise.all(list.map((c) => c.call('joinRoom', { roomID })));
    expect(tally(acks)).toEqual({ ok: 30 });
    expect((await owner!.ok('queryRoomOnlineMemberCount', { roomID })).count).toBe(31);
    const page = await owner!.ok('queryRoomMemberList', { roomID, config: { count: 100 } });
    expect(memberIDs(page)).toEqual([owner!.userID, ...list.map((c) => c.userID)].sort());
    const everyone = list.map((c) => c.userID).sort();
    const seen = () =>
      owner!
        .of('roomMemberJoined')
        .flatMap((d) => d.memberList.map((m) => m.userID))
        .sort();
    await owner!.waitFor('roomMemberJoined', () => seen().length >= 30);
    await settle();
    expect(seen()).toEqual(everyone); // each joiner exactly once
    expect(owner!.of('roomMemberJoined').length).toBeLessThan(30);
  });

  it('two sessions of one user entering one room at once make one member and one roomMemberJoined', async () => {
    const [owner] = await users(1);
    const [s1, s2] = await users(2, { sameUser: true });
    const roomID = uniqueID('twins');
    await owner!.ok('createRoom', { roomInfo: info(roomID) });
    const acks = await Promise.all([
      s1!.call('joinRoom', { roomID }),
      s2!.call('enterRoom', { roomInfo: info(roomID) }),
    ]);
    expect(tally(acks)).toEqual({ ok: 2 });
    expect((await owner!.ok('queryRoomOnlineMemberCount', { roomID })).count).toBe(2);
    await owner!.waitFor('roomMemberJoined');
    await settle();
    const named = owner!.of('roomMemberJoined').flatMap((d) => d.memberList.map((m) => m.userID));
    expect(named).toEqual([s1!.userID]);
  });

  it('concurrent joins and leaves of many users leave an exact member list', async () => {
    const [owner] = await users(1);
    const list = await users(20);
    const roomID = uniqueID('churn');
    await owner!.ok('createRoom', { roomInfo: info(roomID) });
    await Promise.all(list.map((c) => c.ok('joinRoom', { roomID })));
    const [leavers, stayers] = [list.slice(0, 10), list.slice(10)];
    const acks = await Promise.all([
      ...leavers.map((c) => c.call('leaveRoom', { roomID })),
      ...stayers.map((c) => c.call('joinRoom', { roomID })), // already in: idempotent
    ]);
    expect(tally(acks)).toEqual({ ok: 20 });
    const page = await owner!.ok('queryRoomMemberList', { roomID, config: { count: 100 } });
    expect(memberIDs(page)).toEqual([owner!.userID, ...stayers.map((c) => c.userID)].sort());
  });
});

describe('server room limit under concurrency (maxRooms 5)', () => {
  withServer({ maxRooms: 5 });

  it('20 clients creating distinct rooms at once: exactly 5 succeed, 15 fail 6000324, and only those 5 exist', async () => {
    const list = await users(20);
    const roomIDs = list.map(() => uniqueID('slot'));
    const acks = await Promise.all(list.map((c, i) => c.call('createRoom', { roomInfo: info(roomIDs[i]!) })));
    expect(tally(acks)).toEqual({ ok: 5, [E.ServerRoomLimit]: 15 });
    const [prober, another] = await users(2);
    const joins = await Promise.all(roomIDs.map((roomID) => prober!.call('joinRoom', { roomID })));
    expect(joins.map((j) => j.ok)).toEqual(acks.map((a) => a.ok));
    expect(tally(joins)).toEqual({ ok: 5, [E.RoomNotExist]: 15 });
    expect(tally([await another!.call('createRoom', { roomInfo: info(uniqueID('one-more')) })])).toEqual({
      [E.ServerRoomLimit]: 1,
    });
  });

  it('createRoom, enterRoom and switchRoom-with-create racing for the last slots never exceed the limit', async () => {
    const [host] = await users(1);
    const home = uniqueID('home');
    await host!.ok('createRoom', { roomInfo: info(home) }); // 4 slots left
    const movers = await users(6);
    await Promise.all(movers.map((c) => c.ok('joinRoom', { roomID: home })));
    const creators = await users(12);
    const calls = [
      ...creators.slice(0, 6).map((c) => c.call('createRoom', { roomInfo: info(uniqueID('c')) })),
      ...creators.slice(6).map((c) => c.call('enterRoom', { roomInfo: info(uniqueID('e')) })),
      ...movers.map((c) =>
        c.call('switchRoom', { fromRoomID: home, toRoomInfo: info(uniqueID('s')), isCreateWhenRoomNotExisted: true }),
      ),
    ];
    const acks = await Promise.all(calls);
    expect(tally(acks)).toEqual({ ok: 4, [E.ServerRoomLimit]: 14 });
    // Movers whose switch failed are still in home; those that switched are not.
    const moved = acks.slice(12).filter((a) => a.ok).length;
    expect((await host!.ok('queryRoomOnlineMemberCount', { roomID: home })).count).toBe(1 + 6 - moved);
  });
});

describe('per-user room limit under concurrency (maxRoomsPerUser 5)', () => {
  withServer({ maxRoomsPerUser: 5 });

  it('two sessions of one user joining 10 different rooms at once end up in exactly 5 (the rest 6000325)', async () => {
    const [o1, o2] = await users(2);
    const roomIDs = Array.from({ length: 10 }, () => uniqueID('r'));
    for (const [i, roomID] of roomIDs.entries()) await (i < 5 ? o1! : o2!).ok('createRoom', { roomInfo: info(roomID) });
    const [s1, s2] = await users(2, { sameUser: true });
    const acks = await Promise.all(roomIDs.map((roomID, i) => (i % 2 ? s1! : s2!).call('joinRoom', { roomID })));
    expect(tally(acks)).toEqual({ ok: 5, [E.UserRoomLimit]: 5 });
    const memberOf = await Promise.all(
      roomIDs.map(async (roomID, i) => {
        const q = await (i < 5 ? o1! : o2!).ok('queryRoomMembers', { roomID, userIDs: [s1!.userID] });
        return q.memberList.length === 1;
      }),
    );
    expect(memberOf).toEqual(acks.map((a) => a.ok));
  });
});
