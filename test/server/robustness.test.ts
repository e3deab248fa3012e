/**
 * SPEC section 9: bad input of any shape gets an error or is dropped; it never crashes the server,
 * never changes state and never reaches other users.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CLIENT_EVENTS, ZIMErrorCode as E, type Ack, type ClientEventName } from '../../lib/protocol/index.ts';
import { rawClient, settle, type RawClient } from '../helpers/raw-client.ts';
import { bye, expectError, info, memberIDs } from '../helpers/room-calls.ts';
import { startServer, uniqueID, type TestServer } from '../helpers/server.ts';

const NO_PAYLOAD = Symbol('no payload');
const BIG = 'x'.repeat(100_000);
const many = <T>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i));
const deep = (depth: number) => many(depth, () => 0).reduce<unknown>((inner) => ({ a: inner }), 'leaf');
/** Own `__proto__` / `constructor` keys, as JSON.parse makes them (a literal would set the prototype). */
const proto = (): unknown =>
  JSON.parse('{"__proto__":{"roomID":"p","polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}');
const NON_OBJECTS: unknown[] = [42, 'text', true, [], [{}], Buffer.from('{}')];

/** Payloads every event must refuse with 6000001; R is a room the caller is in, N a room that must never exist. */
function malformed(event: ClientEventName, R: string, N: string): unknown[] {
  if (event === 'leaveAllRoom' || event === 'logout') return NON_OBJECTS; // {} and null are valid here
  const generic = [
    NO_PAYLOAD,
    null,
    ...NON_OBJECTS,
    {},
    deep(2000),
    proto(),
    { roomID: BIG, roomInfo: { roomID: BIG } },
  ];
  const ok = { roomID: N };
  const roomInfo = [
    { roomInfo: null },
    { roomInfo: 'r' },
    { roomInfo: {} },
    { roomInfo: { roomID: 5 } },
    { roomInfo: { roomID: ['a'] } },
    { roomInfo: { roomID: BIG } },
    { roomInfo: { roomID: N, roomName: 5 } },
    { roomInfo: { roomID: N, roomName: BIG } },
    { roomInfo: ok, config: 5 },
    { roomInfo: ok, config: { roomAttributes: 'x' } },
    { roomInfo: ok, config: { roomAttributes: ['a'] } },
    { roomInfo: ok, config: { roomAttributes: { a: 5 } } },
    { roomInfo: ok, config: { roomAttributes: { a: { b: 'c' } } } },
    { roomInfo: ok, config: { roomDestroyDelayTime: '1' } },
    { roomInfo: ok, config: { roomAttributes: Object.fromEntries(many(10_000, (i) => [`k${i}`, 'v'])) } },
  ];
  const roomID = [
    { roomID: 5 },
    { roomID: '' },
    { roomID: 'a b' },
    { roomID: null },
    { roomID: [R] },
    { roomID: {} },
    { roomID: BIG },
    { roomID: deep(50) },
    { roomId: R },
  ];
  const sw = { fromRoomID: R, toRoomInfo: info(N), isCreateWhenRoomNotExisted: true };
  const msg = { message: { type: 1, message: 'hi' }, toConversationID: R, conversationType: 1 };
  const hist = { conversationID: R, conversationType: 1, config: { count: 10 } };
  const specific: Record<string, unknown[]> = {
    createRoom: roomInfo,
    enterRoom: roomInfo,
    joinRoom: roomID,
    leaveRoom: roomID,
    queryRoomOnlineMemberCount: roomID,
    queryRoomAllAttributes: roomID,
    switchRoom: [
      { ...sw, isCreateWhenRoomNotExisted: 'true' },
      { ...sw, isCreateWhenRoomNotExisted: 1 },
      { fromRoomID: R, toRoomInfo: info(N) },
      { ...sw, fromRoomID: 5 },
      { toRoomInfo: info(N), isCreateWhenRoomNotExisted: true },
      { ...sw, toRoomInfo: N },
      { ...sw, toRoomInfo: { roomID: BIG } },
      { ...sw, config: { roomDestroyDelayTime: 99_999 } },
      { ...sw, config: { roomAttributes: { a: 1 } } },
      { ...sw, fromRoomID: R, toRoomInfo: info(R) },
    ],
    queryRoomMemberList: [
      { roomID: R },
      { roomID: R, config: 5 },
      { roomID: R, config: { count: '10' } },
      { roomID: R, config: { count: 1e9 } },
      { roomID: R, config: { count: 10, nextFlag: 5 } },
      { roomID: R, config: { count: 10, nextFlag: BIG } },
    ],
    queryRoomMembers: [
      { roomID: R },
      { roomID: R, userIDs: 'u' },
      { roomID: R, userIDs: [] },
      { roomID: R, userIDs: [5] },
      { roomID: R, userIDs: [BIG] },
      { roomID: R, userIDs: many(11, (i) => `u${i}`) },
      { roomID: R, userIDs: many(10_000, (i) => `u${i}`) },
    ],
    setRoomAttributes: [
      { roomID: R },
      { roomID: R, roomAttributes: 'x' },
      { roomID: R, roomAttributes: [['a', 'b']] },
      { roomID: R, roomAttributes: { topic: 5 } },
      { roomID: R, roomAttributes: { topic: null } },
      { roomID: R, roomAttributes: { topic: 'x' }, config: { isForce: 'yes' } },
      { roomID: R, roomAttributes: Object.fromEntries(many(10_000, (i) => [`k${i}`, 'v'])) },
      { roomAttributes: { topic: 'x' } },
    ],
    deleteRoomAttributes: [
      { roomID: R },
      { roomID: R, keys: 'topic' },
      { roomID: R, keys: [5] },
      { roomID: R, keys: { 0: 'topic' } },
      { roomID: R, keys: ['topic'], config: { isForce: 1 } },
      { roomID: R, keys: many(10_000, (i) => `k${i}`) },
      { keys: ['topic'] },
    ],
    endRoomAttributesBatchOperation: [
      { roomID: R },
      { roomID: R, operations: 'x' },
      { roomID: R, operations: [{ op: 'nope' }] },
      { roomID: R, operations: [{ op: 'set', roomAttributes: 5 }] },
      { roomID: R, operations: [{ op: 'delete', keys: 'topic' }] },
      { roomID: R, operations: many(10_000, () => ({})) },
      { roomID: R, operations: many(101, () => ({ op: 'delete', keys: [] })) },
    ],
    sendMessage: [
      { ...msg, message: { type: 1, message: 5 } },
      { ...msg, message: { type: 3, message: 'x' } },
      { ...msg, message: 'hi' },
      { ...msg, message: undefined },
      { ...msg, conversationType: 0 },
      { ...msg, config: { priority: 9 } },
      { ...msg, message: { type: 1, message: '' } },
      { ...msg, message: { type: 1, message: BIG } },
      { ...msg, message: { type: 1, message: Buffer.from('bytes') } },
      { ...msg, message: { type: 1, message: 'x', localMessageID: 'l'.repeat(65) } },
      { ...msg, toConversationID: 5 },
    ],
    queryHistoryMessage: [
      { ...hist, config: undefined },
      { ...hist, config: { count: 0 } },
      { ...hist, config: { count: '5' } },
      { ...hist, conversationType: 2 },
      { ...hist, config: { count: 5, nextMessage: { messageID: 5 } } },
      { ...hist, config: { count: 5, reverse: 'yes' } },
    ],
    renewToken: [{ token: 5 }, { token: '' }, { token: BIG }, { token: ['t'] }],
    resumeSession: [
      { rooms: 'x' },
      { rooms: [{ roomID: 5 }] },
      { rooms: [null] },
      { rooms: many(10_000, () => ({ roomID: 'r' })) },
    ],
  };
  return [...generic, ...(specific[event] ?? [])];
}

/** Emits and resolves with the ack, or 'no answer' after a while. */
function send(c: RawClient, event: unknown, payload: unknown, timeoutMs = 3000): Promise<Ack<unknown> | 'no answer'> {
  return new Promise((resolve) => {
    const cb = (err: Error | null, ack: Ack<unknown>) => resolve(err ? 'no answer' : ack);
    // Any event name and payload: what a hostile client may send, outside the typed contract.
    const s = c.socket.timeout(timeoutMs) as unknown as { emit: (...args: unknown[]) => void };
    if (payload === NO_PAYLOAD) s.emit(event, cb);
    else s.emit(event, payload, cb);
  });
}
const isShapeError = (ack: unknown) => {
  if (typeof ack !== 'object' || ack === null) return false;
  const { ok, error } = ack as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  return (
    ok === false &&
    error?.code === E.InvalidParameter &&
    typeof error.message === 'string' &&
    /\S/.test(error.message) &&
    error.message.length <= 1024
  );
};
const show = (v: unknown) => (v === NO_PAYLOAD ? '(no payload)' : (JSON.stringify(v) ?? String(v)).slice(0, 90));

describe('malformed input', () => {
  let srv: TestServer;
  let owner: RawClient; // owns R, never sends bad input
  let member: RawClient; // in R, sends the bad input
  const R = uniqueID('precious');
  const N = uniqueID('never');
  const others: RawClient[] = [];
  const connect = async (prefix: string) => {
    const c = await rawClient(srv.url, uniqueID(prefix));
    others.push(c);
    return c;
  };
  let pushesBefore = 0;
  beforeAll(async () => {
    srv = await startServer({ callRatePerSecond: 100_000 }); // the flood has its own server below
    owner = await rawClient(srv.url, uniqueID('owner'));
    member = await rawClient(srv.url, uniqueID('member'));
    await owner.ok('createRoom', { roomInfo: info(R), config: { roomAttributes: { topic: 'math' } } });
    await member.ok('joinRoom', { roomID: R });
    await owner.ok('sendMessage', {
      message: { type: 1, message: 'before' },
      toConversationID: R,
      conversationType: 1,
    });
    await owner.waitFor('roomMemberJoined', (d) => d.roomID === R);
    pushesBefore = owner.pushes.length;
  });
  afterAll(async () => {
    await bye(owner, member, ...others);
    await srv.close();
  });

  for (const event of CLIENT_EVENTS) {
    it(`${event} with malformed payloads answers 6000001 with a short readable message`, async () => {
      const caller = event === 'leaveAllRoom' || event === 'logout' ? await connect('leaver') : member;
      if (caller !== member) await caller.ok('createRoom', { roomInfo: info(uniqueID('own')) });
      const wrong: string[] = [];
      for (const payload of malformed(event, R, N)) {
        const ack = caller.socket.connected ? await send(caller, event, payload) : 'disconnected';
        if (!isShapeError(ack)) wrong.push(`${show(payload)} → ${show(ack)}`);
      }
      expect(wrong).toEqual([]);
      if (event !== 'logout') expect(caller.socket.connected).toBe(true);
    });
  }

  it('leaveAllRoom and logout with a non-object payload leave no room and keep the session', async () => {
    const c = await connect('keeper');
    const roomID = uniqueID('kept');
    await c.ok('createRoom', { roomInfo: info(roomID) });
    expectError(await c.call('leaveAllRoom', 42), E.InvalidParameter);
    expectError(await c.call('logout', 'now'), E.InvalidParameter);
    expect(c.socket.connected).toBe(true);
    expect((await c.ok('queryRoomOnlineMemberCount', { roomID })).count).toBe(1);
  });

  it('unknown events with an ack answer 6000001; without an ack they are dropped', async () => {
    const c = await connect('unknown');
    for (const name of ['nope', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'x'.repeat(10_000), 123]) {
      const ack = await send(c, name, {});
      expect(isShapeError(ack), `${show(name)} → ${show(ack)}`).toBe(true);
      c.socket.emit(name as string, {});
    }
    expect((await c.ok('createRoom', { roomInfo: info(uniqueID('after-unknown')) })).memberList).toHaveLength(1);
  });

  it('calls without an ack callback are dropped: they change nothing', async () => {
    const c = await connect('noack');
    const roomID = uniqueID('noack');
    c.socket.emit('createRoom', { roomInfo: info(roomID) });
    c.socket.emit('joinRoom', { roomID: R });
    c.socket.emit('setRoomAttributes', { roomID: R, roomAttributes: { topic: 'hacked' } });
    for (const event of CLIENT_EVENTS) c.socket.emit(event, { roomID: BIG });
    expectError(await c.call('joinRoom', { roomID }), E.RoomNotExist);
    expect((await owner.ok('queryRoomMembers', { roomID: R, userIDs: [c.userID] })).memberList).toEqual([]);
  });

  it('prototype-pollution keys never reach Object.prototype', async () => {
    expect(member.socket.connected).toBe(true);
    await send(member, 'setRoomAttributes', {
      roomID: R,
      roomAttributes: JSON.parse('{"__proto__":{"polluted":"yes"}}') as unknown,
    });
    const roomID = uniqueID('proto');
    const created = await member.ok(
      'createRoom',
      JSON.parse(`{"roomInfo":{"roomID":"${roomID}","__proto__":{"roomName":"p"}},"__proto__":{"polluted":"yes"}}`),
    );
    expect(created.roomInfo.baseInfo).toEqual({ roomID, roomName: '' }); // an own __proto__ key is no data
    await member.ok('leaveRoom', { roomID });
    await send(member, 'deleteRoomAttributes', { roomID: R, keys: ['__proto__', 'constructor', 'toString'] });
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'roomID')).toBe(false);
  });

  it('a packet the protocol parser rejects (garbage, or the reserved event "disconnect") closes only that connection', async () => {
    for (const packet of ['2["disconnect",{}]', '2garbage{', '9']) {
      const c = await connect('garbage');
      const closed = new Promise((resolve) => c.socket.once('disconnect', resolve));
      c.socket.io.engine.write(packet);
      await closed;
    }
    expect((await owner.ok('queryRoomOnlineMemberCount', { roomID: R })).count).toBe(2);
  });

  it('a payload over maxHttpBufferSize (256 kB) disconnects only that client', async () => {
    const c = await connect('huge');
    const closed = new Promise((resolve) => c.socket.once('disconnect', resolve));
    c.socket.emit('createRoom', { roomInfo: info(uniqueID('huge'), 'x'.repeat(300_000)) }, () => undefined);
    await closed;
    expect((await owner.ok('queryRoomOnlineMemberCount', { roomID: R })).count).toBe(2);
  });

  it('after all that: the pre-existing room is unchanged, nobody was told anything, and new clients work', async () => {
    expect(memberIDs(await owner.ok('queryRoomMemberList', { roomID: R, config: { count: 100 } }))).toEqual(
      [owner.userID, member.userID].sort(),
    );
    expect((await owner.ok('queryRoomAllAttributes', { roomID: R })).roomAttributes).toEqual({ topic: 'math' });
    const history = await owner.ok('queryHistoryMessage', {
      conversationID: R,
      conversationType: 1,
      config: { count: 100 },
    });
    expect(history.messageList.map((m) => m.message)).toEqual(['before']);
    expectError(await owner.call('joinRoom', { roomID: N }), E.RoomNotExist);
    await settle();
    expect(owner.pushes.slice(pushesBefore)).toEqual([]);
    const [a, b] = [await connect('fresh'), await connect('fresh')];
    const roomID = uniqueID('fresh');
    await a.ok('createRoom', { roomInfo: info(roomID) });
    await b.ok('joinRoom', { roomID });
    await a.ok('sendMessage', {
      message: { type: 1, message: 'still alive' },
      toConversationID: roomID,
      conversationType: 1,
    });
    const got = await b.waitFor('receiveRoomMessage', (d) => d.fromConversationID === roomID);
    expect(got.messageList[0]!.message).toBe('still alive');
  });
});

describe('flood', () => {
  let srv: TestServer;
  const list: RawClient[] = [];
  beforeAll(async () => void (srv = await startServer()));
  afterAll(async () => {
    await bye(...list);
    await srv.close();
  });

  it('2000 calls in a tight loop get 6000005 for the excess; other clients are not slowed and the server stays up', async () => {
    const [f, g] = await Promise.all([rawClient(srv.url, uniqueID('flood')), rawClient(srv.url, uniqueID('calm'))]);
    list.push(f, g);
    const roomID = uniqueID('flooded');
    await f.ok('createRoom', { roomInfo: info(roomID) });
    await g.ok('joinRoom', { roomID });
    const flood = many(2000, () => send(f, 'queryRoomOnlineMemberCount', { roomID }, 10_000));
    const calm = await g.call('queryRoomOnlineMemberCount', { roomID });
    const acks = await Promise.all(flood);
    expect(calm).toEqual({ ok: true, data: { roomID, count: 2 } });
    const limited = acks.filter((a) => a !== 'no answer' && !a.ok && a.error.code === E.RateLimited).length;
    const answered = acks.filter((a) => a !== 'no answer' && a.ok).length;
    expect(limited + answered).toBe(2000);
    expect(answered).toBeGreaterThan(0);
    expect(limited).toBeGreaterThan(1000);
    // The bucket refills: the flooding client is served again shortly after.
    await vi.waitFor(async () => expect((await f.call('queryRoomOnlineMemberCount', { roomID })).ok).toBe(true), {
      timeout: 3000,
      interval: 100,
    });
    const fresh = await rawClient(srv.url, uniqueID('fresh'));
    list.push(fresh);
    expect((await fresh.ok('createRoom', { roomInfo: info(uniqueID('after-flood')) })).memberList).toHaveLength(1);
  });
});
