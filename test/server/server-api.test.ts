import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type {
  ServerApiAttributesResult,
  ServerApiMemberList,
  ServerApiMessageResult,
  ServerApiRoomDetail,
  ServerApiRoomList,
  ZIMErrorInfo,
} from '../../lib/protocol/index.ts';
import { clientPool, roomInfo } from '../helpers/clients.ts';
import { settle } from '../helpers/raw-client.ts';
import { serverApi } from '../helpers/server-api.ts';
import { startServer, uniqueID, type TestServer } from '../helpers/server.ts';

const SECRET = 'server-api-test-secret-0123456789';
let server: TestServer;
const pool = clientPool(() => server.url);
const api = serverApi(() => server.url, SECRET);
beforeAll(async () => void (server = await startServer({ serverSecret: SECRET, memberBatchWindowMs: 50 })));
afterEach(() => pool.closeAll());
afterAll(() => server.close());

const Disconnected = 0;
const RoomNotExist = 3;
const KickedOut = 8;
const ids = (list: { userID: string }[]) => list.map((m) => m.userID);

/** A room created by `host` that the others joined, past the batching window. */
async function classroom(...prefixes: string[]) {
  const [host, ...others] = await pool.connectEach('host', ...prefixes);
  const roomID = uniqueID('class');
  await host.ok('createRoom', { ...roomInfo(roomID), config: { roomAttributes: { topic: 'waves' } } });
  for (const other of others) await other.ok('joinRoom', { roomID });
  const last = others.at(-1);
  if (last) await host.waitFor('roomMemberJoined', (d) => ids(d.memberList).includes(last.userID));
  return { host, others, roomID };
}

const ROUTES: [string, string, unknown?][] = [
  ['GET', '/rooms'],
  ['POST', '/rooms', { roomInfo: { roomID: 'x', roomName: '' } }],
  ['GET', '/rooms/x'],
  ['DELETE', '/rooms/x'],
  ['GET', '/rooms/x/members'],
  ['POST', '/rooms/x/kick', { userIDs: ['u'] }],
  ['PUT', '/rooms/x/attributes', { roomAttributes: { k: 'v' } }],
  ['POST', '/rooms/x/messages', { message: { type: 1, message: 'hi' } }],
];

describe('server API: access', () => {
  it('every route refuses 401 without the bearer secret or with a wrong one, and changes nothing', async () => {
    for (const [method, path, body] of ROUTES) {
      for (const auth of [null, 'Bearer wrong', `Basic ${SECRET}`, `Bearer ${SECRET}x`]) {
        const answer = await api.call(method, path, body, auth);
        expect(answer.status, `${method} ${path} with ${auth}`).toBe(401);
        expect(answer.body).toEqual({ code: 6000103, message: expect.stringContaining('server secret') });
        expect(answer.headers.get('www-authenticate')).toBe('Bearer');
      }
    }
    expect((await api.get('/rooms/x')).status).toBe(404);
  });

  it('is off (404) when no server secret is set', async () => {
    const plain = await startServer();
    try {
      const off = serverApi(() => plain.url, '');
      const answer = await off.call('GET', '/rooms', undefined, 'Bearer ');
      expect(answer).toMatchObject({
        status: 404,
        body: { code: 6000001, message: expect.stringContaining('CONVENE_SERVER_SECRET') },
      });
    } finally {
      await plain.close();
    }
  });

  it('every room route answers 404 with 6000322 for a room that does not exist', async () => {
    const missing = uniqueID('missing');
    for (const [method, path, body] of ROUTES.filter(([, p]) => p.startsWith('/rooms/x'))) {
      const answer = await api.call(method, path.replace('/x', `/${missing}`), body);
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.body).toEqual({ code: 6000322, message: expect.stringContaining(missing) });
    }
  });

  it('bad input answers 400/404/405/413 with a ZIM error code and the server carries on', async () => {
    const bad: [string, string, unknown, number][] = [
      ['POST', '/rooms', '{not json', 400],
      ['POST', '/rooms', { roomInfo: { roomID: 'has space' } }, 400],
      ['POST', '/rooms', { roomInfo: { roomID: 'r' }, config: { roomDestroyDelayTime: 0 } }, 400],
      ['POST', '/rooms', { roomInfo: { roomID: 'r' }, config: { roomDestroyDelayTime: 99999 } }, 400],
      ['GET', '/rooms?count=0', undefined, 400],
      ['GET', '/rooms?count=lots', undefined, 400],
      ['GET', '/rooms/%E0%A4%A', undefined, 400],
      ['GET', `/rooms/${'r'.repeat(129)}`, undefined, 400],
      ['POST', '/rooms/x/kick', { userIDs: [] }, 400],
      ['POST', '/rooms/x/kick', { userIDs: ['@server'] }, 400],
      ['POST', '/rooms/x/kick', { userIDs: ['u'], reason: 7 }, 400],
      ['PUT', '/rooms/x/attributes', {}, 400],
      ['PUT', '/rooms/x/attributes', { roomAttributes: { k: 1 } }, 400],
      ['POST', '/rooms/x/messages', { message: { type: 99, message: 'x' } }, 400],
      ['POST', '/rooms/x/messages', { message: { type: 1, message: 'x' }, priority: 9 }, 400],
      ['POST', '/rooms/x/messages', [], 400],
      ['GET', '/nothing', undefined, 404],
      ['GET', '/rooms/x/y/z', undefined, 404],
      ['PATCH', '/rooms', {}, 405],
      ['POST', '/rooms', `"${'x'.repeat(70_000)}"`, 413],
    ];
    for (const [method, path, body, status] of bad) {
      const answer = await api.call<ZIMErrorInfo>(method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(status);
      expect(answer.body).toEqual({ code: expect.any(Number), message: expect.any(String) });
      expect(String(answer.body.code)).toMatch(/^600\d{4}$/);
    }
    expect((await api.get('/rooms?count=1')).status).toBe(200);
  });
});

describe('server API: reading rooms', () => {
  it('lists rooms in pages, reads one with its attributes, and pages its members', async () => {
    const { host, others, roomID } = await classroom('a', 'b');
    const listed: string[] = [];
    for (let nextFlag = '', pages = 0; pages === 0 || nextFlag !== ''; pages += 1) {
      const page = await api.get<ServerApiRoomList>(`/rooms?count=1&nextFlag=${encodeURIComponent(nextFlag)}`);
      expect(page.status).toBe(200);
      expect(page.body.rooms.length).toBeLessThanOrEqual(1);
      listed.push(...page.body.rooms.map((r) => r.roomID));
      nextFlag = page.body.nextFlag;
    }
    expect(listed).toContain(roomID);
    expect(listed).toEqual([...listed].sort());
    const room = await api.get(`/rooms/${roomID}`);
    expect(room).toMatchObject({
      status: 200,
      body: {
        roomID,
        roomName: roomID.slice(0, 32),
        memberCount: 3,
        createdAt: expect.any(Number),
        destroyAt: null,
        roomAttributes: { topic: 'waves' },
      },
    });
    const first = await api.get<ServerApiMemberList>(`/rooms/${roomID}/members?count=2`);
    expect(ids(first.body.memberList)).toEqual([host.userID, others[0]!.userID]);
    expect(first.body.memberList[0]).toEqual({
      userID: host.userID,
      userName: `${host.userID} name`,
      userAvatarUrl: '',
      userExtendedData: '',
    });
    const second = await api.get(`/rooms/${roomID}/members?count=2&nextFlag=${first.body.nextFlag}`);
    expect(second.body).toEqual({ memberList: [expect.objectContaining({ userID: others[1]!.userID })], nextFlag: '' });
  });
});

describe('server API: acting on rooms', () => {
  it('prepares an empty room that waits out its destroy delay; a user can join it, creating it again is 409', async () => {
    const roomID = uniqueID('prepared');
    const created = await api.post<ServerApiRoomDetail>('/rooms', {
      roomInfo: { roomID, roomName: 'Physics 101' },
      config: { roomAttributes: { host: 'rivera' }, roomDestroyDelayTime: 60 },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      roomID,
      roomName: 'Physics 101',
      memberCount: 0,
      roomAttributes: { host: 'rivera' },
    });
    expect(created.body.destroyAt).toBeGreaterThan(Date.now() + 50_000);
    expect((await api.post<ZIMErrorInfo>('/rooms', { roomInfo: { roomID } })).body.code).toBe(6000323);
    const pupil = await pool.connect('pupil');
    const joined = await pupil.ok('joinRoom', { roomID });
    expect(joined.roomAttributes).toEqual({ host: 'rivera' });
    expect((await api.get(`/rooms/${roomID}`)).body).toMatchObject({ memberCount: 1, destroyAt: null });
  });

  it('an empty prepared room is destroyed once its delay has passed', async () => {
    const roomID = uniqueID('short');
    expect((await api.post('/rooms', { roomInfo: { roomID }, config: { roomDestroyDelayTime: 1 } })).status).toBe(201);
    await expect
      .poll(async () => (await api.get(`/rooms/${roomID}`)).status, { timeout: 4000, interval: 100 })
      .toBe(404);
  });

  it("kick: each of the user's sessions gets KickedOut with the reason; the others see the leave", async () => {
    const { host, others, roomID } = await classroom('b', 'c');
    const [b, c] = others as [NonNullable<(typeof others)[0]>, NonNullable<(typeof others)[0]>];
    const bAgain = await pool.connectAs(b.userID);
    await bAgain.ok('joinRoom', { roomID });
    const kicked = await api.post(`/rooms/${roomID}/kick`, {
      userIDs: [b.userID, 'not-here'],
      reason: 'Please stop shouting',
    });
    expect(kicked).toMatchObject({
      status: 200,
      body: { roomID, kickedUserIDs: [b.userID], errorUserList: ['not-here'] },
    });
    for (const session of [b, bAgain]) {
      const state = await session.waitFor('roomStateChanged', (d) => d.roomID === roomID);
      expect(state).toEqual({
        roomID,
        state: Disconnected,
        event: KickedOut,
        extendedData: JSON.stringify({ reason: 'Please stop shouting' }),
      });
      expect((await session.call('queryRoomOnlineMemberCount', { roomID })).ok).toBe(false);
    }
    for (const member of [host, c]) {
      const left = await member.waitFor('roomMemberLeft', (d) => d.roomID === roomID);
      expect(ids(left.memberList)).toEqual([b.userID]);
    }
    expect((await host.ok('queryRoomOnlineMemberCount', { roomID })).count).toBe(2);
    await settle(100);
    expect([...host.of('roomStateChanged'), ...c.of('roomStateChanged')]).toEqual([]);
  });

  it('destroy: every member gets RoomNotExist; the room, its attributes and history are gone', async () => {
    const { host, others, roomID } = await classroom('b');
    await host.ok('sendMessage', {
      message: { type: 1, message: 'before' },
      toConversationID: roomID,
      conversationType: 1,
    });
    expect(await api.delete(`/rooms/${roomID}`)).toMatchObject({ status: 200, body: { roomID } });
    for (const member of [host, ...others]) {
      expect(await member.waitFor('roomStateChanged', (d) => d.roomID === roomID)).toEqual({
        roomID,
        state: Disconnected,
        event: RoomNotExist,
        extendedData: '',
      });
    }
    expect((await api.get(`/rooms/${roomID}`)).status).toBe(404);
    await host.ok('createRoom', roomInfo(roomID));
    const history = await host.ok('queryHistoryMessage', {
      conversationID: roomID,
      conversationType: 1,
      config: { count: 10 },
    });
    expect(history.messageList).toEqual([]);
    expect((await host.ok('queryRoomAllAttributes', { roomID })).roomAttributes).toEqual({});
  });

  it('attributes: the server sets and deletes keys, members get the updates; a user needs isForce for its keys', async () => {
    const { host, others, roomID } = await classroom('b');
    const b = others[0]!;
    const set = await api.put(`/rooms/${roomID}/attributes`, { roomAttributes: { topic: 'optics', bell: 'soon' } });
    expect(set).toMatchObject({ status: 200, body: { roomID, errorKeys: [] } });
    for (const member of [host, b]) {
      const update = await member.waitFor(
        'roomAttributesUpdated',
        (d) => d.infos[0]!.roomAttributes.topic === 'optics',
      );
      expect(update.infos).toEqual([{ action: 0, roomAttributes: { topic: 'optics', bell: 'soon' } }]);
    }
    // topic was the host's key; it is the server's now.
    expect((await host.ok('setRoomAttributes', { roomID, roomAttributes: { topic: 'mine' } })).errorKeys).toEqual([
      'topic',
    ]);
    const both = await api.put<ServerApiAttributesResult>(`/rooms/${roomID}/attributes`, {
      roomAttributes: { topic: 'lenses' },
      delete: ['bell', 'never-set'],
    });
    expect(both.body.errorKeys).toEqual(['never-set']);
    const batch = await b.waitFor('roomAttributesBatchUpdated');
    expect(batch.infos).toEqual([
      { action: 0, roomAttributes: { topic: 'lenses' } },
      { action: 1, roomAttributes: { bell: '' } },
    ]);
    const tooMany = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v']));
    expect(await api.put(`/rooms/${roomID}/attributes`, { roomAttributes: tooMany })).toMatchObject({
      status: 400,
      body: { code: 6000334 },
    });
    expect((await b.ok('queryRoomAllAttributes', { roomID })).roomAttributes).toEqual({ topic: 'lenses' });
  });

  it('messages: a message from @server reaches every member and stays in the history', async () => {
    const { host, others, roomID } = await classroom('b');
    const sent = await api.post<ServerApiMessageResult>(`/rooms/${roomID}/messages`, {
      message: { type: 1, message: 'Class ends in 5 minutes' },
      priority: 3,
    });
    expect(sent.status).toBe(201);
    expect(sent.body.message).toMatchObject({
      type: 1,
      message: 'Class ends in 5 minutes',
      senderUserID: '@server',
      conversationID: roomID,
      priority: 3,
    });
    for (const member of [host, ...others]) {
      const got = await member.waitFor('receiveRoomMessage', (d) => d.fromConversationID === roomID);
      expect(got.messageList).toEqual([
        expect.objectContaining({
          senderUserID: '@server',
          message: 'Class ends in 5 minutes',
          messageID: sent.body.message.messageID,
        }),
      ]);
    }
    const history = await others[0]!.ok('queryHistoryMessage', {
      conversationID: roomID,
      conversationType: 1,
      config: { count: 10 },
    });
    expect(history.messageList.map((m: { senderUserID: string }) => m.senderUserID)).toEqual(['@server']);
    expect(
      await api.post(`/rooms/${roomID}/messages`, { message: { type: 1, message: 'x'.repeat(2049) } }),
    ).toMatchObject({ status: 400, body: { code: 6000001 } });
  });

  it('nobody can log in as @server', async () => {
    await expect(pool.connectAs('@server')).rejects.toThrow();
  });
});
