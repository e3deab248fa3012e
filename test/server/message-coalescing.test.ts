/**
 * Issue 10: a room's messages within the coalescing window reach each member as one
 * receiveRoomMessage; order with the room's other pushes, sender exclusion, entries, absent
 * sessions, High priority and window 0 as a member sees them (real server, real socket.io-client).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { WireRoomMessages } from '../../lib/protocol/index.ts';
import { clientPool, newSessionID, roomWith, serverWithPool } from '../helpers/clients.ts';
import { settle, type RawClient } from '../helpers/raw-client.ts';
import { startServer, uniqueID, type TestServer } from '../helpers/server.ts';
import { TestTime } from '../helpers/test-time.ts';
import { twoNodes } from '../helpers/two-nodes.ts';

const fast = { messageRatePerSecond: 1000, priorityMessageRatePerSecond: 1000, callRatePerSecond: 1000 };
const text = (message: string) => ({ type: 1, message });
const say = (c: RawClient, roomID: string, message: string, priority?: number) =>
  c.ok('sendMessage', {
    message: text(message),
    toConversationID: roomID,
    conversationType: 1,
    config: priority ? { priority } : undefined,
  });
const received = (c: RawClient) => c.of('receiveRoomMessage').flatMap((d) => d.messageList);
const texts = (c: RawClient) => received(c).map((m) => m.message);
const hasText = (want: string) => (d: WireRoomMessages) => d.messageList.some((m) => m.message === want);
/** Pushes sent to each client before now have arrived: each one's answer comes after them. */
const answered = (clients: readonly RawClient[], roomID: string) =>
  Promise.all(clients.map((c) => c.ok('queryRoomOnlineMemberCount', { roomID })));
/** The client's pushes about the room, as short labels: `msg:a,b`, `joined:c`, `attrs`. */
const timeline = (c: RawClient) =>
  c.pushes.flatMap(({ event, data }) => {
    if (event === 'receiveRoomMessage') return [`msg:${data.messageList.map((m) => String(m.message)).join(',')}`];
    if (event === 'roomMemberJoined') return [`joined:${data.memberList.map((m) => m.userID.split('-')[0]).join(',')}`];
    if (event === 'roomAttributesUpdated') return ['attrs'];
    return [];
  });

// The coalescing window (and the member batching window) run on a fake clock: what a test sends
// in a row falls into one window however slow the machine, and a window ends when the test says.
const WINDOW = 300;

describe('coalescing within the window', () => {
  const time = new TestTime();
  const pool = serverWithPool({ ...fast, messageCoalesceMs: WINDOW }, time.clock);

  async function room<const P extends readonly [string, ...string[]]>(...prefixes: P) {
    const clients = await pool.connectEach(...prefixes);
    const roomID = uniqueID('room');
    await roomWith(roomID, clients[0], ...clients.slice(1));
    await time.pass(400); // the member batching window is over: the room is quiet
    await answered(clients, roomID);
    for (const c of clients) c.pushes.length = 0;
    return { clients, roomID };
  }

  it('several senders at once: a receiver gets fewer pushes than messages, each message once, in messageID order; no sender gets its own', async () => {
    const { clients, roomID } = await room('s1', 's2', 's3', 'r');
    const [s1, s2, s3, r] = clients;
    const senders = [s1, s2, s3];
    const sent = await Promise.all(
      senders.flatMap((s) => Array.from({ length: 10 }, (_, i) => say(s, roomID, `${s.userID}#${i}`))),
    );
    await time.pass(WINDOW);
    await vi.waitFor(() => expect(received(r)).toHaveLength(30), { timeout: 5000, interval: 20 });
    for (const s of senders)
      await vi.waitFor(() => expect(received(s)).toHaveLength(20), { timeout: 5000, interval: 20 });
    await time.pass(WINDOW);
    await settle(100); // nothing more arrives
    const ids = received(r).map((m) => Number(m.messageID));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids)).toEqual(new Set(sent.map((s) => Number(s.message.messageID))));
    expect(r.of('receiveRoomMessage').length).toBeLessThan(30);
    for (const s of senders) {
      expect(received(s).some((m) => m.senderUserID === s.userID)).toBe(false);
      expect(received(s).map((m) => m.messageID)).toEqual(
        received(r)
          .filter((m) => m.senderUserID !== s.userID)
          .map((m) => m.messageID),
      );
    }
  });

  it('the first message of a quiet room goes at once; the next ones in the window come together', async () => {
    const {
      clients: [a, b],
      roomID,
    } = await room('a', 'b');
    await say(a, roomID, 'first');
    await b.waitFor('receiveRoomMessage', hasText('first')); // with the clock standing still
    for (const m of ['x', 'y', 'z']) await say(a, roomID, m);
    await answered([b], roomID);
    expect(timeline(b)).toEqual(['msg:first']); // the rest waits for the window
    await time.pass(WINDOW);
    await b.waitFor('receiveRoomMessage', hasText('z'));
    expect(timeline(b)).toEqual(['msg:first', 'msg:x,y,z']);
  });

  it('a High-priority message does not wait for the window: what was held comes first, then it', async () => {
    const {
      clients: [a, b],
      roomID,
    } = await room('a', 'b');
    await say(a, roomID, 'opens');
    await say(a, roomID, 'held');
    await say(a, roomID, 'urgent', 3);
    await b.waitFor('receiveRoomMessage', hasText('urgent')); // with the clock standing still
    expect(texts(b)).toEqual(['opens', 'held', 'urgent']);
  });

  it('a member joining mid-window keeps its place between the messages, and the newcomer gets only what follows its entry', async () => {
    const {
      clients: [a, b],
      roomID,
    } = await room('a', 'b');
    const c = await pool.connect('c');
    await say(a, roomID, 'm1');
    await say(a, roomID, 'm2');
    await c.ok('joinRoom', { roomID });
    await say(a, roomID, 'm3');
    await time.pass(WINDOW);
    await b.waitFor('receiveRoomMessage', hasText('m3'));
    await c.waitFor('receiveRoomMessage', hasText('m3'));
    await time.pass(WINDOW);
    await settle(100); // nothing more arrives
    expect(timeline(b)).toEqual(['msg:m1', 'msg:m2', 'joined:c', 'msg:m3']);
    expect(texts(c)).toEqual(['m3']);
  });

  it('an attribute update mid-window keeps its place between the messages', async () => {
    const {
      clients: [a, b],
      roomID,
    } = await room('a', 'b');
    await say(a, roomID, 'm1');
    await say(a, roomID, 'm2');
    await a.ok('setRoomAttributes', { roomID, roomAttributes: { k: 'v' }, config: {} });
    await say(a, roomID, 'm3');
    await time.pass(WINDOW);
    await b.waitFor('receiveRoomMessage', hasText('m3'));
    expect(timeline(b)).toEqual(['msg:m1', 'msg:m2', 'attrs', 'msg:m3']);
  });

  it('a member leaving mid-window still gets what was said before it left, and nothing after', async () => {
    const {
      clients: [a, b],
      roomID,
    } = await room('a', 'b');
    await say(a, roomID, 'm1');
    await say(a, roomID, 'm2');
    await b.ok('leaveRoom', { roomID });
    await say(a, roomID, 'm3');
    await vi.waitFor(() => expect(texts(b)).toEqual(['m1', 'm2']), { timeout: 2000, interval: 10 });
    await time.pass(WINDOW);
    await settle(100); // m3 would come at the window's end
    expect(texts(b)).toEqual(['m1', 'm2']);
  });
});

describe('window 0', () => {
  const pool = serverWithPool({ ...fast, messageCoalesceMs: 0 });

  it('each message is its own push', async () => {
    const [a, b] = await pool.connectEach('a', 'b');
    const roomID = uniqueID('room');
    await roomWith(roomID, a, b);
    for (const m of ['1', '2', '3', '4']) await say(a, roomID, m);
    await b.waitFor('receiveRoomMessage', hasText('4'));
    expect(b.of('receiveRoomMessage').map((d) => d.messageList.length)).toEqual([1, 1, 1, 1]);
  });
});

describe('a session away during the window', () => {
  const time = new TestTime();
  let server: TestServer;
  const pool = clientPool(() => server.url);
  beforeAll(
    async () =>
      void (server = await startServer(
        { ...fast, gracePeriodMs: 3000, messageCoalesceMs: WINDOW },
        undefined,
        time.clock,
      )),
  );
  afterEach(() => pool.closeAll());
  afterAll(() => server.close());

  it('gets the held messages after its resume, once and in order, with those sent while it was away', async () => {
    const sessionID = newSessionID();
    const [a, b] = await Promise.all([pool.connect('a', { sessionID }), pool.connect('b')]);
    const roomID = uniqueID('room');
    await roomWith(roomID, a, b);
    await time.pass(400); // the member batching window is over: the room is quiet
    await say(b, roomID, 'm1');
    await a.waitFor('receiveRoomMessage', hasText('m1'));
    await say(b, roomID, 'm2'); // held
    const own = await say(a, roomID, 'mine'); // acknowledged ahead of m2
    a.close();
    await vi.waitFor(() => expect(server.server.service.sessions.get(sessionID)?.online).not.toBe(true), {
      timeout: 2000,
      interval: 10,
    });
    await say(b, roomID, 'm3');
    const back = await pool.connectAs(a.userID, { sessionID, skipResume: true });
    // The SDK's resume point: the last message it received (m1), its own later one not counted.
    await back.ok('resumeSession', { rooms: [{ roomID, lastMessageID: received(a)[0]!.messageID }] });
    await time.pass(WINDOW);
    await back.waitFor('receiveRoomMessage', hasText('m3'));
    await time.pass(WINDOW);
    await settle(100); // nothing more arrives
    expect(texts(back).filter((m) => m !== 'mine')).toEqual(['m2', 'm3']);
    expect(received(back).filter((m) => m.messageID === own.message.messageID).length).toBeLessThanOrEqual(1);
  });
});

describe('two nodes sharing Redis', () => {
  // Real time: a cluster on Redis, whose member batching windows run on Redis TIME (no clock reaches them).
  const cluster = twoNodes({ ...fast, messageCoalesceMs: 300 });

  it('each node coalesces what it delivers: a receiver on either node gets every message once, in one order, in fewer pushes', async () => {
    const [s1, r1] = await cluster.on[0].connectEach('s1', 'r1');
    const [s2, r2] = await cluster.on[1].connectEach('s2', 'r2');
    const roomID = uniqueID('room');
    await roomWith(roomID, s1, r1, s2, r2);
    await settle(400);
    await Promise.all(
      [s1, s2].flatMap((s) => Array.from({ length: 10 }, (_, i) => say(s, roomID, `${s.userID}#${i}`))),
    );
    for (const r of [r1, r2])
      await vi.waitFor(() => expect(received(r)).toHaveLength(20), { timeout: 8000, interval: 20 });
    await settle(400);
    const order = (c: RawClient) => received(c).map((m) => m.messageID);
    expect(order(r2)).toEqual(order(r1));
    expect(order(r1).map(Number)).toEqual([...order(r1).map(Number)].sort((x, y) => x - y));
    for (const r of [r1, r2]) expect(r.of('receiveRoomMessage').length).toBeLessThan(20);
    expect(order(s1)).toEqual(
      received(r1)
        .filter((m) => m.senderUserID !== s1.userID)
        .map((m) => m.messageID),
    );
  });
});
