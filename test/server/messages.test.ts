import { describe, expect, it } from 'vitest';
import { failCode, serverWithPool, roomWith } from '../helpers/clients.ts';
import { settle, type RawClient } from '../helpers/raw-client.ts';
import { uniqueID } from '../helpers/server.ts';

const text = (message: string, extra: object = {}) => ({ type: 1, message, ...extra });
const send = (c: RawClient, roomID: string, message: object, config?: object) =>
  c.call('sendMessage', { message, toConversationID: roomID, conversationType: 1, config });
const sent = async (c: RawClient, roomID: string, message: object, config?: object) => {
  const ack = await send(c, roomID, message, config);
  if (!ack.ok) throw new Error(`sendMessage failed: ${ack.error.code} ${ack.error.message}`);
  return ack.data.message;
};
const received = (c: RawClient) => c.of('receiveRoomMessage').flatMap((d) => d.messageList);
const history = (c: RawClient, roomID: string, config: object) =>
  c.ok('queryHistoryMessage', { conversationID: roomID, conversationType: 1, config });

describe('sending room messages', () => {
  const pool = serverWithPool({
    messageRatePerSecond: 1000,
    priorityMessageRatePerSecond: 1000,
    callRatePerSecond: 1000,
  });

  async function room<const P extends readonly [string, ...string[]]>(...prefixes: P) {
    const clients = await pool.connectEach(...prefixes);
    const roomID = uniqueID('room');
    await roomWith(roomID, clients[0], ...clients.slice(1));
    return { clients, roomID };
  }

  it('only members send (6000321 otherwise)', async () => {
    const { roomID } = await room('a');
    const outsider = await pool.connect('outsider');
    expect(
      await failCode(outsider, 'sendMessage', { message: text('hi'), toConversationID: roomID, conversationType: 1 }),
    ).toBe(6000321);
    const nowhere = uniqueID('nowhere');
    expect(
      await failCode(outsider, 'sendMessage', { message: text('hi'), toConversationID: nowhere, conversationType: 1 }),
    ).toBe(6000321);
  });

  it('the result carries messageID (increasing decimal), timestamp, senderUserID, conversationID, type 1, sentStatus 1', async () => {
    const {
      clients: [a],
      roomID,
    } = await room('a');
    const before = Date.now();
    const first = await sent(a, roomID, text('one'));
    const second = await sent(a, roomID, text('two'));
    expect(first).toMatchObject({
      type: 1,
      message: 'one',
      senderUserID: a.userID,
      conversationID: roomID,
      conversationType: 1,
      sentStatus: 1,
    });
    expect(first.messageID).toMatch(/^\d+$/);
    expect(BigInt(second.messageID)).toBeGreaterThan(BigInt(first.messageID));
    expect(first.timestamp).toBeGreaterThanOrEqual(before - 1000);
    expect(first.timestamp).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it("other members and the sender's other session receive it; the sending session does not", async () => {
    const {
      clients: [a, b],
      roomID,
    } = await room('a', 'b');
    const a2 = await pool.connectAs(a.userID);
    await a2.ok('joinRoom', { roomID });
    const message = await sent(a, roomID, text('hello'));
    for (const c of [b, a2]) {
      const push = await c.waitFor('receiveRoomMessage');
      expect(push.fromConversationID).toBe(roomID);
      expect(push.messageList).toEqual([
        expect.objectContaining({ messageID: message.messageID, message: 'hello', senderUserID: a.userID }),
      ]);
    }
    await settle();
    expect(a.of('receiveRoomMessage')).toEqual([]);
  });

  it('a Text message over 2048 bytes fails 6000001; 2048 bytes is fine', async () => {
    const {
      clients: [a, b],
      roomID,
    } = await room('a', 'b');
    expect(
      await failCode(a, 'sendMessage', {
        message: text('x'.repeat(2049)),
        toConversationID: roomID,
        conversationType: 1,
      }),
    ).toBe(6000001);
    expect(
      await failCode(a, 'sendMessage', {
        message: text('é'.repeat(1025)),
        toConversationID: roomID,
        conversationType: 1,
      }),
    ).toBe(6000001);
    await sent(a, roomID, text('x'.repeat(2048)));
    await b.waitFor('receiveRoomMessage');
    await settle();
    expect(received(b)).toHaveLength(1);
  });

  it('Custom (200, with subType), Barrage (20) and Command (2, bytes) messages arrive as sent', async () => {
    const {
      clients: [a, b],
      roomID,
    } = await room('a', 'b');
    await sent(a, roomID, { type: 200, message: '{"kind":"poll"}', subType: 7 });
    await sent(a, roomID, { type: 20, message: 'wow' });
    const bytes = Uint8Array.from([0, 1, 2, 250, 255]);
    const command = await sent(a, roomID, { type: 2, message: Buffer.from(bytes) });
    expect(new Uint8Array(command.message as Uint8Array)).toEqual(bytes);
    await b.waitFor('receiveRoomMessage', (d) => d.messageList.some((m) => m.type === 2));
    const [custom, barrage, cmd] = received(b);
    expect(custom).toMatchObject({ type: 200, message: '{"kind":"poll"}', subType: 7 });
    expect(barrage).toMatchObject({ type: 20, message: 'wow' });
    expect(cmd!.type).toBe(2);
    expect(typeof cmd!.message).not.toBe('string');
    expect(new Uint8Array(cmd!.message as Uint8Array)).toEqual(bytes);
  });

  it('the priority is kept', async () => {
    const {
      clients: [a, b],
      roomID,
    } = await room('a', 'b');
    expect((await sent(a, roomID, text('high'), { priority: 3 })).priority).toBe(3);
    expect((await sent(a, roomID, text('low'), { priority: 1 })).priority).toBe(1);
    await b.waitFor('receiveRoomMessage', (d) => d.messageList[0]!.message === 'low');
    expect(received(b).map((m) => m.priority)).toEqual([3, 1]);
  });

  it('order: 3 senders × 30 concurrent messages reach every receiver in the same order, with increasing messageIDs', async () => {
    const { clients, roomID } = await room('s1', 's2', 's3', 'r1', 'r2');
    const senders = clients.slice(0, 3);
    const results = await Promise.all(
      senders.flatMap((s) => Array.from({ length: 30 }, (_, i) => sent(s, roomID, text(`${s.userID}#${i}`)))),
    );
    for (const c of clients)
      await c.waitFor('receiveRoomMessage', () => received(c).length >= (senders.includes(c) ? 60 : 90));
    await settle();
    const order = (c: RawClient) => received(c).map((m) => m.messageID);
    const reference = order(clients[3]);
    expect(reference).toHaveLength(90);
    expect(new Set(reference)).toEqual(new Set(results.map((m) => m.messageID)));
    expect(reference.map(Number)).toEqual([...reference.map(Number)].sort((x, y) => x - y));
    expect(order(clients[4])).toEqual(reference);
    for (const s of senders) {
      expect(order(s)).toEqual(
        reference.filter((id) => results.find((m) => m.messageID === id)!.senderUserID !== s.userID),
      );
      // Each sender's own messages keep the order it sent them in.
      const own = received(clients[3])
        .filter((m) => m.senderUserID === s.userID)
        .map((m) => m.message);
      expect(own).toEqual(Array.from({ length: 30 }, (_, i) => `${s.userID}#${i}`));
    }
  });

  it('a retried send with the same localMessageID returns the same messageID and is delivered once', async () => {
    const {
      clients: [a, b],
      roomID,
    } = await room('a', 'b');
    const first = await sent(a, roomID, text('once', { localMessageID: 'local-1' }));
    const retry = await sent(a, roomID, text('once', { localMessageID: 'local-1' }));
    expect(retry.messageID).toBe(first.messageID);
    await b.waitFor('receiveRoomMessage');
    await settle();
    expect(received(b)).toHaveLength(1);
    expect((await history(b, roomID, { count: 100 })).messageList).toHaveLength(1);
  });

  it('the same localMessageID with different content is refused (6000001), not taken for a retry', async () => {
    const {
      clients: [a, b],
      roomID,
    } = await room('a', 'b');
    await sent(a, roomID, text('one', { localMessageID: 'local-2' }));
    const other = await send(a, roomID, text('two', { localMessageID: 'local-2' }));
    expect(other).toMatchObject({ ok: false, error: { code: 6000001 } });
    await b.waitFor('receiveRoomMessage');
    await settle();
    expect(received(b)).toHaveLength(1);
  });

  it('a late joiner reads earlier messages in ascending order and pages with nextMessage both ways', async () => {
    const {
      clients: [a],
      roomID,
    } = await room('a');
    const ids: string[] = [];
    for (let i = 1; i <= 7; i++) ids.push((await sent(a, roomID, text(`m${i}`))).messageID);
    const late = await pool.connect('late');
    await late.ok('joinRoom', { roomID });
    const idsOf = (r: { messageList: { messageID: string }[] }) => r.messageList.map((m) => m.messageID);
    const newest = await history(late, roomID, { count: 3, reverse: false });
    expect(newest).toMatchObject({ conversationID: roomID, conversationType: 1 });
    expect(idsOf(newest)).toEqual(ids.slice(4));
    const older = await history(late, roomID, { count: 3, reverse: false, nextMessage: newest.messageList[0] });
    expect(idsOf(older)).toEqual(ids.slice(1, 4));
    const oldest = await history(late, roomID, { count: 3, nextMessage: older.messageList[0] });
    expect(idsOf(oldest)).toEqual(ids.slice(0, 1));
    const forward = await history(late, roomID, { count: 4, reverse: true });
    expect(idsOf(forward)).toEqual(ids.slice(0, 4));
    const next = await history(late, roomID, { count: 4, reverse: true, nextMessage: forward.messageList.at(-1) });
    expect(idsOf(next)).toEqual(ids.slice(4));
    expect(newest.messageList.map((m) => m.message)).toEqual(['m5', 'm6', 'm7']);
    // A message object without an ID (ZIM types messageID as optional) starts from the end.
    const fromEnd = await history(late, roomID, { count: 3, reverse: false, nextMessage: { message: 'draft' } });
    expect(idsOf(fromEnd)).toEqual(ids.slice(4));
  });
});

describe('history size', () => {
  const pool = serverWithPool({ historySize: 5, messageRatePerSecond: 1000 });

  it('only the last historySize messages are kept', async () => {
    const [a, late] = await Promise.all([pool.connect('a'), pool.connect('late')]);
    const roomID = uniqueID('room');
    await roomWith(roomID, a);
    for (let i = 1; i <= 8; i++) await sent(a, roomID, text(`m${i}`));
    await late.ok('joinRoom', { roomID });
    const all = await history(late, roomID, { count: 100 });
    expect(all.messageList.map((m) => m.message)).toEqual(['m4', 'm5', 'm6', 'm7', 'm8']);
  });
});

describe('rate limit', () => {
  const pool = serverWithPool({ messageRatePerSecond: 10, priorityMessageRatePerSecond: 40 });

  async function burst(message: object, n: number, config?: object) {
    const [a] = await Promise.all([pool.connect('a')]);
    const roomID = uniqueID('room');
    await roomWith(roomID, a);
    const acks = await Promise.all(
      Array.from({ length: n }, (_, i) => send(a, roomID, { ...message, message: `${i}` }, config)),
    );
    const failed = acks.filter((x) => !x.ok);
    return { ok: acks.length - failed.length, codes: new Set(failed.map((x) => (x.ok ? 0 : x.error.code))) };
  }

  it('30 quick Text messages at 10/s: some fail 6000005', async () => {
    const result = await burst({ type: 1 }, 30);
    expect(result.ok).toBeGreaterThanOrEqual(10);
    expect(result.ok).toBeLessThan(30);
    expect([...result.codes]).toEqual([6000005]);
  });

  it('Barrage and High priority messages are exempt from the normal rate, up to priorityMessageRatePerSecond', async () => {
    expect((await burst({ type: 20 }, 30)).ok).toBe(30);
    expect((await burst({ type: 1 }, 30, { priority: 3 })).ok).toBe(30);
    const over = await burst({ type: 20 }, 60);
    expect(over.ok).toBeGreaterThanOrEqual(40);
    expect(over.ok).toBeLessThan(60);
    expect([...over.codes]).toEqual([6000005]);
  });
});
