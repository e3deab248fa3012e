import { describe, expect, it } from 'vitest';
import { arrivals, serverWithPool, named, roomInfo, roomWith } from '../helpers/clients.ts';
import { ids, settle, type RawClient } from '../helpers/raw-client.ts';
import { uniqueID } from '../helpers/server.ts';
import { TestTime } from '../helpers/test-time.ts';

const many = (pool: ReturnType<typeof serverWithPool>, prefix: string, n: number) =>
  Promise.all(Array.from({ length: n }, () => pool.connect(prefix)));

const userIDs = (list: { userID: string }[]) => list.map((m) => m.userID).sort();

describe('membership events', () => {
  const pool = serverWithPool({ memberBatchWindowMs: 100 });

  it('others see joins and leaves: A sees B and C join, A and B see C, A and C see B leave', async () => {
    const [a, b, c] = await pool.connectEach('a', 'b', 'c');
    const roomID = uniqueID('room');
    await a.ok('createRoom', roomInfo(roomID));
    await b.ok('joinRoom', { roomID });
    expect(ids(await a.waitFor('roomMemberJoined', (d) => d.roomID === roomID))).toEqual([b.userID]);
    await c.ok('joinRoom', { roomID });
    for (const seer of [a, b]) {
      await seer.waitFor('roomMemberJoined', (d) => d.memberList.some((m) => m.userID === c.userID));
    }
    await b.ok('leaveRoom', { roomID });
    for (const seer of [a, c])
      expect(ids(await seer.waitFor('roomMemberLeft', (d) => d.roomID === roomID))).toEqual([b.userID]);
    await settle();
    expect(named(a, 'roomMemberJoined')).toEqual([b.userID, c.userID]);
    expect(named(b, 'roomMemberJoined')).toEqual([c.userID]);
    expect(named(c, 'roomMemberLeft')).toEqual([b.userID]);
  });

  it('the joiner gets the member list, itself included, in the ack and never a roomMemberJoined naming itself', async () => {
    const [a, b, c] = await pool.connectEach('a', 'b', 'c');
    const roomID = uniqueID('room');
    const created = await a.ok('createRoom', roomInfo(roomID));
    expect(userIDs(created.memberList)).toEqual([a.userID]);
    const joined = await b.ok('joinRoom', { roomID });
    expect(userIDs(joined.memberList)).toEqual([a.userID, b.userID].sort());
    const entered = await c.ok('enterRoom', roomInfo(roomID));
    expect(userIDs(entered.memberList)).toEqual([a.userID, b.userID, c.userID].sort());
    await a.waitFor('roomMemberJoined', (d) => d.memberList.some((m) => m.userID === c.userID));
    await settle();
    for (const client of [a, b, c]) expect(named(client, 'roomMemberJoined')).not.toContain(client.userID);
  });

  it("a user's second session entering is no join, the first leaving is no leave, the last leaving is a leave", async () => {
    const [a, u1] = await pool.connectEach('a', 'u');
    const roomID = uniqueID('room');
    await roomWith(roomID, a, u1);
    await a.waitFor('roomMemberJoined', (d) => d.roomID === roomID);
    const u2 = await pool.connectAs(u1.userID);
    const second = await u2.ok('joinRoom', { roomID });
    expect(userIDs(second.memberList)).toEqual([a.userID, u1.userID].sort()); // the user once, not per session
    await u1.ok('leaveRoom', { roomID });
    await settle();
    expect(named(a, 'roomMemberJoined')).toEqual([u1.userID]);
    expect(a.of('roomMemberLeft')).toEqual([]);
    expect([...u1.of('roomMemberJoined'), ...u2.of('roomMemberJoined')]).toEqual([]);
    await u2.ok('leaveRoom', { roomID });
    expect(ids(await a.waitFor('roomMemberLeft', (d) => d.roomID === roomID))).toEqual([u1.userID]);
  });

  it('the member count counts users, not sessions', async () => {
    const [a, u1] = await pool.connectEach('a', 'u');
    const u2 = await pool.connectAs(u1.userID);
    const roomID = uniqueID('room');
    await roomWith(roomID, a, u1, u2);
    expect(await a.ok('queryRoomOnlineMemberCount', { roomID })).toEqual({ roomID, count: 2 });
    const list = await u2.ok('queryRoomMemberList', { roomID, config: { nextFlag: '', count: 100 } });
    expect(userIDs(list.memberList)).toEqual([a.userID, u1.userID].sort());
  });
});

const WINDOW = 300;

describe('member batching (300 ms window)', () => {
  // The batching window runs on a fake clock: a window ends when the test says, not after a sleep.
  const time = new TestTime();
  const pool = serverWithPool({ memberBatchWindowMs: WINDOW }, time.clock);

  it('20 users joining within one window give each member exactly one further roomMemberJoined listing all 20', async () => {
    const [a, b] = await pool.connectEach('a', 'b');
    const crowd = await many(pool, 'crowd', 20);
    const roomID = uniqueID('room');
    await roomWith(roomID, a, b);
    await time.pass(WINDOW); // B's join waits out the window A's entry opened
    await a.waitFor('roomMemberJoined', (d) => d.roomID === roomID);
    const acks = await Promise.all(crowd.map((c) => c.ok('joinRoom', { roomID })));
    const crowdIDs = crowd.map((c) => c.userID).sort();
    await time.pass(WINDOW);
    await a.waitFor('roomMemberJoined', (d) => d.memberList.length === 20);
    await b.waitFor('roomMemberJoined', (d) => d.memberList.length === 20);
    await time.pass(WINDOW);
    await settle(100); // nothing more arrives
    expect(a.of('roomMemberJoined').map(ids)).toEqual([[b.userID], crowdIDs]);
    expect(b.of('roomMemberJoined').map(ids)).toEqual([crowdIDs]);
    // Each joiner: its ack plus what came after it is everyone, once; never itself in a push.
    crowd.forEach((c, i) => {
      const pushed = named(c, 'roomMemberJoined');
      expect(pushed).not.toContain(c.userID);
      expect(c.of('roomMemberJoined').length).toBeLessThanOrEqual(1);
      const seen = [...userIDs(acks[i]!.memberList), ...pushed].sort();
      expect(seen).toEqual([a.userID, b.userID, ...crowdIDs].sort());
    });
  });

  it('a user who joins and leaves within one window appears in neither event', async () => {
    const [a, b, c, d] = await pool.connectEach('a', 'b', 'c', 'd');
    const roomID = uniqueID('room');
    await roomWith(roomID, a, b);
    await time.pass(WINDOW);
    await a.waitFor('roomMemberJoined', (x) => x.roomID === roomID);
    await c.ok('joinRoom', { roomID });
    await d.ok('joinRoom', { roomID });
    await c.ok('leaveRoom', { roomID });
    await time.pass(WINDOW);
    expect(ids(await a.waitFor('roomMemberJoined', (x) => ids(x).includes(d.userID)))).toEqual([d.userID]);
    await b.waitFor('roomMemberJoined', (x) => ids(x).includes(d.userID));
    await time.pass(WINDOW);
    await settle(100); // nothing more arrives
    expect(named(a, 'roomMemberJoined')).toEqual([b.userID, d.userID]);
    expect(named(b, 'roomMemberJoined')).toEqual([d.userID]);
    expect([...a.of('roomMemberLeft'), ...b.of('roomMemberLeft')]).toEqual([]);
  });
});

describe('member batching, as the pushes arrive', () => {
  // Real time: the rule is the spacing of the pushes as a member receives them over the wire,
  // measured on the real clock (and on Redis the window itself is Redis TIME).
  const pool = serverWithPool({ memberBatchWindowMs: WINDOW });

  it('a member sees at most one joined and one left event per window', async () => {
    const [a, b, c, d, e, f] = await pool.connectEach('a', 'b', 'c', 'd', 'e', 'f');
    const roomID = uniqueID('room');
    await roomWith(roomID, a, b, c, d);
    await a.waitFor('roomMemberJoined', (x) => ids(x).includes(d.userID));
    await settle(WINDOW + 100); // let the room go quiet
    const joinedAt = arrivals(a, 'roomMemberJoined');
    const leftAt = arrivals(a, 'roomMemberLeft');
    await Promise.all([
      b.ok('leaveRoom', { roomID }),
      c.ok('leaveRoom', { roomID }),
      e.ok('joinRoom', { roomID }),
      d.ok('leaveRoom', { roomID }),
      f.ok('joinRoom', { roomID }),
    ]);
    await a.waitFor('roomMemberLeft', (x) => ids(x).includes(d.userID));
    await a.waitFor('roomMemberJoined', (x) => ids(x).includes(f.userID));
    await settle(WINDOW + 150);
    expect(named(a, 'roomMemberLeft').sort()).toEqual([b.userID, c.userID, d.userID].sort());
    expect(named(a, 'roomMemberJoined').slice(3).sort()).toEqual([e.userID, f.userID].sort());
    for (const times of [joinedAt, leftAt]) {
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(WINDOW - 60);
    }
  });
});

describe('a class entering', () => {
  const pool = serverWithPool({ memberBatchWindowMs: 100 });

  it('200 users joining in quick succession cost each member at most ~10 roomMemberJoined events', async () => {
    const teacher = await pool.connect('teacher');
    const roomID = uniqueID('class');
    await teacher.ok('createRoom', roomInfo(roomID));
    const students: RawClient[] = [];
    for (let i = 0; i < 10; i++) students.push(...(await many(pool, 'student', 20)));
    await Promise.all(students.map((s) => s.ok('joinRoom', { roomID })));
    const last = students.at(-1)!.userID;
    await teacher.waitFor('roomMemberJoined', (d) => ids(d).includes(last), 5000);
    await settle(300);
    expect(teacher.of('roomMemberJoined').length).toBeLessThanOrEqual(10);
    expect(named(teacher, 'roomMemberJoined').sort()).toEqual(students.map((s) => s.userID).sort());
    for (const s of students) expect(s.of('roomMemberJoined').length).toBeLessThanOrEqual(10);
  }, 30_000);
});

describe('initial member list', () => {
  const pool = serverWithPool({ initialMemberListSize: 5 });

  it('the member list in the ack is capped at initialMemberListSize', async () => {
    const members = await many(pool, 'm', 8);
    const roomID = uniqueID('room');
    await roomWith(roomID, members[0]!, ...members.slice(1, 7));
    const ack = await members[7]!.ok('joinRoom', { roomID });
    expect(ack.memberList).toHaveLength(5);
    // "itself included" even past the cap, and first, as ZIM's clients expect of the initial list.
    expect(ack.memberList[0]!.userID).toBe(members[7]!.userID);
    const count = await members[7]!.ok('queryRoomOnlineMemberCount', { roomID });
    expect(count.count).toBe(8);
  });
});

describe('single-device policy', () => {
  const pool = serverWithPool({ singleDevicePerRoom: true });

  it("a user's second session entering removes the first with KickedOutByOtherDevice; others see no leave or join", async () => {
    const [a, u1] = await pool.connectEach('a', 'u');
    const roomID = uniqueID('room');
    await roomWith(roomID, a, u1);
    await a.waitFor('roomMemberJoined', (d) => d.roomID === roomID);
    const u2 = await pool.connectAs(u1.userID);
    await u2.ok('joinRoom', { roomID });
    expect(await u1.waitFor('roomStateChanged', (d) => d.roomID === roomID)).toEqual({
      roomID,
      state: 0,
      event: 10,
      extendedData: '',
    });
    expect(
      (
        await u1.call('sendMessage', {
          message: { type: 1, message: 'hi' },
          toConversationID: roomID,
          conversationType: 1,
        })
      ).ok,
    ).toBe(false);
    await settle();
    expect(a.of('roomMemberLeft')).toEqual([]);
    expect(named(a, 'roomMemberJoined')).toEqual([u1.userID]);
    expect((await a.ok('queryRoomOnlineMemberCount', { roomID })).count).toBe(2);
    expect(u2.of('roomStateChanged')).toEqual([]);
  });
});
