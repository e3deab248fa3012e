import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Ack, ResumeAnswer } from '../../lib/protocol/index.ts';
import { clientPool, failCode, newSessionID, roomInfo, roomWith } from '../helpers/clients.ts';
import { settle, type RawClient } from '../helpers/raw-client.ts';
import { startServer, uniqueID, type TestServer } from '../helpers/server.ts';
import { TestTime } from '../helpers/test-time.ts';

// The grace period, the member batching window and the coalescing window run on a fake clock.
const GRACE = 800;
const BATCH = 100;
const COALESCE = 20;
const time = new TestTime();
let server: TestServer;
const pool = clientPool(() => server.url);
beforeAll(
  async () =>
    void (server = await startServer(
      { gracePeriodMs: GRACE, memberBatchWindowMs: BATCH, messageCoalesceMs: COALESCE, messageRatePerSecond: 100 },
      undefined,
      time.clock,
    )),
);
afterEach(() => pool.closeAll());
afterAll(() => server.close());

const text = (message: string) => ({ type: 1, message });
const say = (c: RawClient, roomID: string, message: string) =>
  c.ok('sendMessage', { message: text(message), toConversationID: roomID, conversationType: 1 });
const resumedRooms = (ack: { rooms: { roomInfo: { baseInfo: { roomID: string } } }[] }) =>
  ack.rooms.map((r) => r.roomInfo.baseInfo.roomID).sort();
const roomsOf = (...roomIDs: string[]) => ({ rooms: roomIDs.map((roomID) => ({ roomID })) });
/** A resume answer that lists no rooms: the node's ID and its first-page member list size come with it. */
const noRooms = { rooms: [], nodeID: expect.any(String), initialMemberListSize: expect.any(Number) };

/** Closes the client's connection and waits until the server has seen it go. */
async function drop(client: RawClient, sessionID: string): Promise<void> {
  client.close();
  await vi.waitFor(() => expect(server.server.service.sessions.get(sessionID)?.online).not.toBe(true), {
    timeout: 2000,
    interval: 10,
  });
}

/** Calls resumeSession, noting how many pushes had arrived at the moment its ack arrived. */
function resumeCountingPushes(
  client: RawClient,
  payload: object,
): Promise<{ resumed: ResumeAnswer; pushesBeforeAck: number }> {
  return new Promise((resolve, reject) => {
    client.socket.timeout(5000).emit('resumeSession', payload, (err: Error | null, ack: Ack<ResumeAnswer>) => {
      if (err) return reject(err);
      if (!ack.ok) return reject(new Error(JSON.stringify(ack.error)));
      resolve({ resumed: ack.data, pushesBeforeAck: client.pushes.length });
    });
  });
}

/** A with a known session ID and B, both in a new room. */
async function pair() {
  const sessionID = newSessionID();
  const [a, b] = await Promise.all([pool.connect('a', { sessionID }), pool.connect('b')]);
  const roomID = uniqueID('room');
  await roomWith(roomID, b, a);
  await time.pass(BATCH); // A's join waits out the window B's entry opened
  await b.waitFor('roomMemberJoined', (d) => d.roomID === roomID);
  return { a, b, roomID, sessionID };
}

describe('grace period', () => {
  it('a session back within the grace period keeps its rooms; others see no leave or join', async () => {
    const { a, b, roomID, sessionID } = await pair();
    await drop(a, sessionID);
    await time.pass(GRACE - 100); // away most of the grace period
    const back = await pool.connectAs(a.userID, { sessionID, skipResume: true });
    const resumed = await back.ok('resumeSession', roomsOf(roomID));
    expect(resumedRooms(resumed)).toEqual([roomID]);
    expect(resumed.rooms[0]!.memberList.map((m) => m.userID).sort()).toEqual([a.userID, b.userID].sort());
    await time.pass(GRACE + 300); // past the original grace period
    expect((await b.ok('queryRoomOnlineMemberCount', { roomID })).count).toBe(2);
    await say(b, roomID, 'still there?');
    expect((await back.waitFor('receiveRoomMessage')).messageList[0]!.message).toBe('still there?');
    // A leave or join the expiry had caused would have reached B ahead of these answers.
    expect(b.of('roomMemberLeft')).toEqual([]);
    expect(b.of('roomMemberJoined')).toHaveLength(1);
  });

  it('messages sent while a session was away arrive after its resume ack, in order, once', async () => {
    const { a, b, roomID, sessionID } = await pair();
    await drop(a, sessionID);
    for (const m of ['m1', 'm2', 'm3']) await say(b, roomID, m);
    const back = await pool.connectAs(a.userID, { sessionID, skipResume: true });
    await settle(100);
    expect(back.of('receiveRoomMessage')).toEqual([]); // nothing before the resume
    // Pushes counted when the ack itself is decoded: several frames may be handled in one tick.
    const { resumed, pushesBeforeAck } = await resumeCountingPushes(back, roomsOf(roomID));
    expect(resumedRooms(resumed)).toEqual([roomID]);
    expect(pushesBeforeAck).toBe(0);
    await say(b, roomID, 'm4');
    await time.pass(COALESCE); // m4 may fall into the window m1 opened
    await back.waitFor('receiveRoomMessage', (d) => d.messageList.some((m) => m.message === 'm4'));
    await settle(); // nothing more arrives (no message twice)
    const got = back.of('receiveRoomMessage').flatMap((d) => d.messageList.map((m) => m.message));
    expect(got).toEqual(['m1', 'm2', 'm3', 'm4']);
  });

  it('missed pushes are delivered only for the rooms the session lists in resumeSession', async () => {
    const { a, b, roomID, sessionID } = await pair();
    const other = uniqueID('room');
    await b.ok('createRoom', roomInfo(other));
    await a.ok('joinRoom', { roomID: other });
    await drop(a, sessionID);
    await say(b, roomID, 'listed');
    await say(b, other, 'unlisted');
    const back = await pool.connectAs(a.userID, { sessionID, skipResume: true });
    expect(resumedRooms(await back.ok('resumeSession', roomsOf(roomID)))).toEqual([roomID, other].sort());
    await back.waitFor('receiveRoomMessage');
    await settle();
    expect(back.of('receiveRoomMessage').map((d) => d.fromConversationID)).toEqual([roomID]);
  });

  it('a session away longer than the grace period is removed: others see roomMemberLeft, its resume lists no rooms', async () => {
    const { a, b, roomID, sessionID } = await pair();
    await drop(a, sessionID);
    await time.pass(GRACE - 100);
    expect((await b.ok('queryRoomOnlineMemberCount', { roomID })).count).toBe(2); // not before the grace period
    expect(b.of('roomMemberLeft')).toEqual([]);
    await time.pass(100);
    const left = await b.waitFor('roomMemberLeft', (d) => d.roomID === roomID);
    expect(left.memberList.map((m) => m.userID)).toEqual([a.userID]);
    const back = await pool.connectAs(a.userID, { sessionID, skipResume: true });
    expect(await back.ok('resumeSession', roomsOf(roomID))).toEqual(noRooms);
    expect(
      await failCode(back, 'sendMessage', { message: text('hi'), toConversationID: roomID, conversationType: 1 }),
    ).toBe(6000321);
  });
});

describe('a restored session that never resumes', () => {
  it('is ended after the grace period (LoginTimeout, then closed); the others see it leave, and its pushes are not held', async () => {
    const { a, b, roomID, sessionID } = await pair();
    await drop(a, sessionID);
    const back = await pool.connectAs(a.userID, { sessionID, skipResume: true });
    await say(b, roomID, 'nobody reads this');
    await time.pass(GRACE - 100);
    await back.call('queryRoomOnlineMemberCount', { roomID }); // any answer comes after a push sent before it
    expect(back.of('connectionStateChanged')).toEqual([]); // not before the grace period
    await time.pass(100);
    const said = await back.waitFor('connectionStateChanged');
    expect(said).toMatchObject({ state: 0, event: 2 });
    expect(JSON.parse(said.extendedData)).toEqual({ code: 6000101, message: expect.stringMatching(/did not resume/) });
    await vi.waitFor(() => expect(back.socket.connected).toBe(false), { timeout: 2000 });
    const left = await b.waitFor('roomMemberLeft', (d) => d.roomID === roomID, 2000);
    expect(left.memberList.map((m) => m.userID)).toEqual([a.userID]);
    expect(server.server.service.sessions.get(sessionID)).toBeUndefined();
  });
});

describe('taking over and ending a session', () => {
  it('a reconnect with the same sessionID while the old connection is open takes over; no leave', async () => {
    const { a, b, roomID, sessionID } = await pair();
    const oldGone = new Promise<void>((resolve) => a.socket.once('disconnect', () => resolve()));
    const next = await pool.connectAs(a.userID, { sessionID, skipResume: true });
    await oldGone;
    expect(a.socket.connected).toBe(false);
    expect(resumedRooms(await next.ok('resumeSession', roomsOf(roomID)))).toEqual([roomID]);
    await say(b, roomID, 'to the new tab');
    expect((await next.waitFor('receiveRoomMessage')).messageList[0]!.message).toBe('to the new tab');
    await say(next, roomID, 'from the new tab');
    await time.pass(COALESCE);
    await b.waitFor('receiveRoomMessage');
    await time.pass(GRACE + 300);
    expect((await b.ok('queryRoomOnlineMemberCount', { roomID })).count).toBe(2);
    // A leave the old connection's grace period had caused would have reached B ahead of that answer.
    expect(b.of('roomMemberLeft')).toEqual([]);
    expect(b.of('roomMemberJoined')).toHaveLength(1);
  });

  it('logout leaves every room of the session (others see the leave) and ends it', async () => {
    const { a, b, roomID, sessionID } = await pair();
    const other = uniqueID('room');
    await b.ok('createRoom', roomInfo(other));
    await a.ok('joinRoom', { roomID: other });
    await time.pass(BATCH); // else join+leave fall in one window
    await b.waitFor('roomMemberJoined', (d) => d.roomID === other);
    const closed = new Promise<void>((resolve) => a.socket.once('disconnect', () => resolve()));
    expect(await a.ok('logout', {})).toEqual({});
    await time.pass(BATCH); // each leave waits out the window the join before it opened
    for (const r of [roomID, other]) {
      const left = await b.waitFor('roomMemberLeft', (d) => d.roomID === r);
      expect(left.memberList.map((m) => m.userID)).toEqual([a.userID]);
    }
    await closed;
    const again = await pool.connectAs(a.userID, { sessionID, skipResume: true });
    expect(await again.ok('resumeSession', roomsOf(roomID, other))).toEqual(noRooms);
  });

  it("logout of one session leaves the user's other session in its rooms: no leave", async () => {
    const { a, b, roomID } = await pair();
    const a2 = await pool.connectAs(a.userID);
    await a2.ok('joinRoom', { roomID });
    await a.ok('logout', {});
    await time.pass(BATCH); // a leave would wait out the batching window
    await settle(); // and still arrive: nothing does
    expect(b.of('roomMemberLeft')).toEqual([]);
    expect((await a2.ok('queryRoomOnlineMemberCount', { roomID })).count).toBe(2);
  });

  it('resumeSession answers without a room the session listed but is no longer in', async () => {
    const { a, b, roomID, sessionID } = await pair();
    const gone = uniqueID('room');
    await b.ok('createRoom', roomInfo(gone));
    await a.ok('joinRoom', { roomID: gone });
    await a.ok('leaveRoom', { roomID: gone });
    await drop(a, sessionID);
    const back = await pool.connectAs(a.userID, { sessionID, skipResume: true });
    expect(resumedRooms(await back.ok('resumeSession', roomsOf(roomID, gone)))).toEqual([roomID]);
    const fresh = await pool.connect('fresh', { skipResume: true });
    expect(await fresh.ok('resumeSession', roomsOf(roomID))).toEqual(noRooms);
  });
});

describe('single-device policy while away', () => {
  const pool = clientPool(() => single.url);
  let single: TestServer;
  beforeAll(async () => void (single = await startServer({ gracePeriodMs: 5000, singleDevicePerRoom: true })));
  afterEach(() => pool.closeAll());
  afterAll(() => single.close());

  it('a session removed by another device while away learns it (KickedOutByOtherDevice) before its resume answer', async () => {
    const sessionID = newSessionID();
    const first = await pool.connect('dev', { sessionID });
    const roomID = uniqueID('room');
    await first.ok('createRoom', roomInfo(roomID));
    first.close();
    await vi.waitFor(() => expect(single.server.service.sessions.get(sessionID)?.online).toBe(false), {
      timeout: 2000,
      interval: 10,
    });
    const second = await pool.connectAs(first.userID);
    await second.ok('joinRoom', { roomID });

    const back = await pool.connectAs(first.userID, { sessionID, skipResume: true });
    let kickedBeforeAnswer = false;
    const ack = await new Promise<unknown>((resolve) =>
      back.socket.emit('resumeSession', { rooms: [{ roomID }] }, (a: unknown) => {
        kickedBeforeAnswer = back
          .of('roomStateChanged')
          .some((e) => e.roomID === roomID && e.state === 0 && e.event === 10);
        resolve(a);
      }),
    );
    expect(ack).toEqual({ ok: true, data: noRooms });
    expect(kickedBeforeAnswer).toBe(true);
  });
});
