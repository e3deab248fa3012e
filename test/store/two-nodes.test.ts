/**
 * Two server nodes in one process sharing a real redis-server: the rules of SPEC 1–7 across
 * nodes (SPEC 11). Clients are real socket.io-client connections to one node or the other.
 */
import { describe, expect, it, vi } from 'vitest';
import { failCode, named, newSessionID, roomInfo } from '../helpers/clients.ts';
import { settle } from '../helpers/raw-client.ts';
import { uniqueID } from '../helpers/server.ts';
import { twoNodes } from '../helpers/two-nodes.ts';

const say = (c: { ok: (e: string, p: unknown) => Promise<unknown> }, roomID: string, message: string) =>
  c.ok('sendMessage', { message: { type: 1, message }, toConversationID: roomID, conversationType: 1 });

describe('two nodes, one Redis', () => {
  // A high call rate and no creation limit: the churn test below is about racing room steps, not
  // the per-connection rate limit or the rooms a user may create per minute.
  const cluster = twoNodes({
    memberBatchWindowMs: 100,
    messageRatePerSecond: 1000,
    callRatePerSecond: 100_000,
    roomCreationsPerMinute: 0,
    gracePeriodMs: 1200,
  });
  const [one, two] = cluster.on;

  it('each node answers /healthz with its own ID and the shared store', async () => {
    for (const [i, id] of [
      [0, 'node-1'],
      [1, 'node-2'],
    ] as const) {
      expect(await (await fetch(`${cluster.node(i).url}/healthz`)).json()).toEqual({
        ok: true,
        nodeID: id,
        store: 'redis',
        storeReachable: true,
      });
    }
  });

  it('joins, leaves and member lists cross nodes', async () => {
    const roomID = uniqueID('room');
    const a = await one.connect('a');
    const b = await two.connect('b');
    await a.ok('createRoom', roomInfo(roomID));
    const joined = await b.ok('joinRoom', { roomID });
    expect(joined.memberList.map((m) => m.userID)).toEqual([b.userID, a.userID]);
    await a.waitFor('roomMemberJoined', (d) => d.roomID === roomID);
    expect(named(a, 'roomMemberJoined', roomID)).toEqual([b.userID]);
    const listed = await a.ok('queryRoomMemberList', { roomID, config: { nextFlag: '', count: 10 } });
    expect(listed.memberList.map((m) => m.userID)).toEqual([a.userID, b.userID]);
    await b.ok('leaveRoom', { roomID });
    await a.waitFor('roomMemberLeft', (d) => d.roomID === roomID);
    expect(named(a, 'roomMemberLeft', roomID)).toEqual([b.userID]);
    expect((await a.ok('queryRoomOnlineMemberCount', { roomID })).count).toBe(1);
  });

  it('a switch across rooms is seen from both nodes: the source sees the leave, the target the join', async () => {
    const [r1, r2] = [uniqueID('room'), uniqueID('room')];
    const mover = await one.connect('mover');
    const inR1 = await two.connect('in-r1');
    const inR2 = await two.connect('in-r2');
    await inR1.ok('createRoom', roomInfo(r1));
    await inR2.ok('createRoom', roomInfo(r2));
    await mover.ok('joinRoom', { roomID: r1 });
    await inR1.waitFor('roomMemberJoined', (d) => d.roomID === r1);
    await mover.ok('switchRoom', {
      fromRoomID: r1,
      toRoomInfo: { roomID: r2, roomName: r2 },
      isCreateWhenRoomNotExisted: false,
    });
    await inR1.waitFor('roomMemberLeft', (d) => d.roomID === r1);
    await inR2.waitFor('roomMemberJoined', (d) => d.roomID === r2);
    expect(named(inR2, 'roomMemberJoined', r2)).toEqual([mover.userID]);
  });

  it('one message order: watchers on both nodes see the same order while senders on both nodes send at once', async () => {
    const roomID = uniqueID('room');
    const [s1, w1] = [await one.connect('s1'), await one.connect('w1')];
    const [s2, w2] = [await two.connect('s2'), await two.connect('w2')];
    await s1.ok('createRoom', roomInfo(roomID));
    for (const c of [w1, s2, w2]) await c.ok('joinRoom', { roomID });
    const sends = [];
    for (let i = 0; i < 40; i++) sends.push(say(s1, roomID, `one-${i}`), say(s2, roomID, `two-${i}`));
    await Promise.all(sends);
    const seen = (c: typeof w1) =>
      c
        .of('receiveRoomMessage')
        .flatMap((d) => d.messageList)
        .map((m) => `${m.messageID}:${String(m.message)}`);
    await vi.waitFor(() => expect([seen(w1).length, seen(w2).length]).toEqual([80, 80]), {
      timeout: 5000,
      interval: 20,
    });
    expect(seen(w2)).toEqual(seen(w1));
    const ids = seen(w1).map((s) => Number(s.split(':')[0]));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(new Set(ids).size).toBe(80);
    // Each sender sees everyone else's messages in that order too, without its own.
    expect(seen(s1)).toEqual(seen(w1).filter((s) => s.includes(':two-')));
  });

  it('rooms emptied and made anew at once on both nodes: every leave after a successful enter succeeds', async () => {
    const rooms = [uniqueID('churn'), uniqueID('churn'), uniqueID('churn'), uniqueID('churn')];
    const clients = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? two : one).connect('churner')));
    const failures: string[] = [];
    let pairs = 0;
    const until = Date.now() + 2500;
    await Promise.all(
      clients.map(async (c, i) => {
        for (let n = i; Date.now() < until; n++) {
          const roomID = rooms[n % rooms.length]!;
          const entered = await c.call('enterRoom', roomInfo(roomID));
          if (!entered.ok) {
            failures.push(`enter ${entered.error.code}`);
            continue;
          }
          const left = await c.call('leaveRoom', { roomID });
          if (!left.ok) failures.push(`leave ${left.error.code}`);
          else pairs += 1;
        }
      }),
    );
    expect(failures).toEqual([]);
    expect(pairs).toBeGreaterThan(40);
    for (const roomID of rooms) expect(await failCode(clients[0]!, 'joinRoom', { roomID })).toBe(6000322);
  });

  it('20 racing createRoom of one roomID spread over both nodes give one success', async () => {
    const roomID = uniqueID('room');
    const clients = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? two : one).connect('racer')));
    const acks = await Promise.all(clients.map((c) => c.call('createRoom', roomInfo(roomID))));
    expect(acks.filter((a) => a.ok)).toHaveLength(1);
    expect(acks.filter((a) => !a.ok).map((a) => !a.ok && a.error.code)).toEqual(Array(19).fill(6000323));
    expect((await clients[0]!.call('queryRoomOnlineMemberCount', { roomID })).ok).toBe(acks[0]!.ok);
  });

  it('the per-user room limit holds across the user’s sessions on both nodes', async () => {
    const userID = uniqueID('busy');
    const here = await one.connectAs(userID);
    const there = await two.connectAs(userID);
    for (let i = 0; i < 3; i++) await here.ok('createRoom', roomInfo(uniqueID('room')));
    for (let i = 0; i < 2; i++) await there.ok('createRoom', roomInfo(uniqueID('room')));
    expect(await failCode(there, 'createRoom', roomInfo(uniqueID('room')))).toBe(6000325);
    expect(await failCode(here, 'enterRoom', roomInfo(uniqueID('room')))).toBe(6000325);
  });

  it('a session that drops on one node resumes on the other within the grace period: nobody sees a leave or a join', async () => {
    const roomID = uniqueID('room');
    const sessionID = newSessionID();
    const a = await one.connect('a', { sessionID });
    const b = await two.connect('b');
    const leaver = await two.connect('leaver');
    await b.ok('createRoom', roomInfo(roomID));
    await leaver.ok('joinRoom', { roomID });
    await a.ok('joinRoom', { roomID });
    await b.waitFor('roomMemberJoined', (d) => d.roomID === roomID && d.memberList.some((m) => m.userID === a.userID));
    await settle(150); // the batching window closes: a has everything so far
    a.close();
    await vi.waitFor(() => expect(cluster.node(0).server.service.sessions.get(sessionID)?.online).toBe(false), {
      timeout: 2000,
      interval: 10,
    });
    await say(b, roomID, 'while you were away');
    await leaver.ok('leaveRoom', { roomID });
    await b.ok('setRoomAttributes', {
      roomID,
      roomAttributes: { topic: 'fractions' },
      config: { isForce: false, isDeleteAfterOwnerLeft: false, isUpdateOwner: false },
    });
    const back = await two.connectAs(a.userID, { sessionID, skipResume: true });
    const resumed = await back.ok('resumeSession', { rooms: [{ roomID, lastMessageID: '0' }] });
    expect(
      resumed.rooms.map((r: { roomInfo: { baseInfo: { roomID: string } } }) => r.roomInfo.baseInfo.roomID),
    ).toEqual([roomID]);
    expect((await back.waitFor('receiveRoomMessage')).messageList[0]!.message).toBe('while you were away');
    // What it missed on the node it dropped from comes from the store's event log, in order.
    expect(named(await back.waitFor('roomMemberLeft').then(() => back), 'roomMemberLeft', roomID)).toEqual([
      leaver.userID,
    ]);
    expect((await back.waitFor('roomAttributesUpdated')).infos).toEqual([
      { action: 0, roomAttributes: { topic: 'fractions' } },
    ]);
    expect(back.of('receiveRoomMessage')).toHaveLength(1);
    await settle(1500); // past the grace period
    expect(named(b, 'roomMemberLeft', roomID)).toEqual([leaver.userID]);
    // The node it left forgets it; the node it is on now keeps it.
    await vi.waitFor(() => expect(cluster.node(0).server.service.sessions.has(sessionID)).toBe(false), {
      timeout: 3000,
      interval: 50,
    });
    expect(cluster.node(1).server.service.sessions.get(sessionID)?.online).toBe(true);
    expect(named(b, 'roomMemberJoined', roomID)).toEqual([leaver.userID, a.userID]);
    await say(b, roomID, 'still here?');
    await back.waitFor('receiveRoomMessage', (d) => d.messageList[0]!.message === 'still here?');
  });

  it('a session that does not come back is removed after the grace period, by whichever node runs the timer', async () => {
    const roomID = uniqueID('room');
    const a = await one.connect('a');
    const b = await two.connect('b');
    await b.ok('createRoom', roomInfo(roomID));
    await a.ok('joinRoom', { roomID });
    const sessionID = [...cluster.node(0).server.service.sessions.values()].find(
      (s) => s.user.userID === a.userID,
    )!.sessionID;
    a.close();
    await b.waitFor('roomMemberLeft', (d) => d.roomID === roomID, 5000);
    expect(named(b, 'roomMemberLeft', roomID)).toEqual([a.userID]);
    // Whichever node ended it, the node it was on keeps nothing of it.
    await vi.waitFor(() => expect(cluster.node(0).server.service.sessions.has(sessionID)).toBe(false), {
      timeout: 5000,
      interval: 50,
    });
  });
});

describe('two nodes with the single-device policy', () => {
  const cluster = twoNodes({ singleDevicePerRoom: true });
  const [one, two] = cluster.on;

  it('a second session of the user entering on the other node removes the first, which is told; no leave', async () => {
    const roomID = uniqueID('room');
    const userID = uniqueID('dev');
    const first = await one.connectAs(userID);
    const other = await one.connect('other');
    await other.ok('createRoom', roomInfo(roomID));
    await first.ok('joinRoom', { roomID });
    const second = await two.connectAs(userID);
    await second.ok('joinRoom', { roomID });
    const kicked = await first.waitFor('roomStateChanged', (d) => d.roomID === roomID);
    expect(kicked).toMatchObject({ state: 0, event: 10 });
    expect(
      await failCode(first, 'sendMessage', {
        message: { type: 1, message: 'x' },
        toConversationID: roomID,
        conversationType: 1,
      }),
    ).toBe(6000321);
    await settle(300);
    expect(other.of('roomMemberLeft')).toEqual([]);
    expect(named(other, 'roomMemberJoined', roomID)).toEqual([userID]);
  });
});

describe('two nodes with small limits', () => {
  const cluster = twoNodes({ maxRooms: 3, maxMembersPerRoom: 3, memberBatchWindowMs: 100 });
  const [one, two] = cluster.on;

  it('the server room limit counts the rooms of both nodes; a full room is full from either node', async () => {
    const a = await one.connect('a');
    const b = await two.connect('b');
    const rooms = [uniqueID('room'), uniqueID('room'), uniqueID('room')];
    await a.ok('createRoom', roomInfo(rooms[0]!));
    await b.ok('createRoom', roomInfo(rooms[1]!));
    await a.ok('createRoom', roomInfo(rooms[2]!));
    expect(await failCode(b, 'createRoom', roomInfo(uniqueID('room')))).toBe(6000324);
    expect(await failCode(a, 'enterRoom', roomInfo(uniqueID('room')))).toBe(6000324);
    await b.ok('joinRoom', { roomID: rooms[0] });
    await (await two.connect('c')).ok('joinRoom', { roomID: rooms[0] });
    expect(await failCode(await one.connect('d'), 'joinRoom', { roomID: rooms[0] })).toBe(6000304);
  });
});

describe('batching across nodes', () => {
  const cluster = twoNodes({ memberBatchWindowMs: 100 });
  const [one, two] = cluster.on;

  it('200 users joining through both nodes within about a second cost each watcher a handful of member events', async () => {
    const roomID = uniqueID('room');
    const w1 = await one.connect('w1');
    const w2 = await two.connect('w2');
    await w1.ok('createRoom', roomInfo(roomID));
    await w2.ok('joinRoom', { roomID });
    await w1.waitFor('roomMemberJoined', (d) => d.roomID === roomID);
    const joiners = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? two : one).connect('j')));
    await Promise.all(joiners.map((j) => j.ok('joinRoom', { roomID })));
    for (const w of [w1, w2]) {
      await vi.waitFor(
        () => expect(named(w, 'roomMemberJoined', roomID).filter((id) => id.startsWith('j-'))).toHaveLength(200),
        {
          timeout: 5000,
          interval: 50,
        },
      );
      expect(w.of('roomMemberJoined').length).toBeLessThanOrEqual(20);
    }
    const joinersSeen = (w: typeof w1) => named(w, 'roomMemberJoined', roomID).filter((id) => id.startsWith('j-'));
    expect(new Set(joinersSeen(w1))).toEqual(new Set(joiners.map((j) => j.userID)));
    expect(joinersSeen(w2)).toEqual(joinersSeen(w1)); // the same batches, in the same order
  });
});
