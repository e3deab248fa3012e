/** SPEC sections 1 and 8: tokens at the handshake, the demo token endpoint, renewal and expiry. */
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZIMConnectionEvent, ZIMConnectionState, ZIMErrorCode as E } from '../../lib/protocol/index.ts';
import { issueToken } from '../../server/token.ts';
import { rawClient, settle, type RawClient } from '../helpers/raw-client.ts';
import { bye, expectError, info } from '../helpers/room-calls.ts';
import { startServer, TEST_TOKEN_SECRET, uniqueID, type TestServer } from '../helpers/server.ts';
import { TestTime } from '../helpers/test-time.ts';

const SECRET = TEST_TOKEN_SECRET; // what startServer configures unless told otherwise
let srv: TestServer;
const open: RawClient[] = [];
async function user(userID = uniqueID('auth'), token?: string) {
  const c = await rawClient(srv.url, userID, token === undefined ? {} : { token });
  open.push(c);
  return c;
}

/** Connects with `auth` and resolves with the refusal's `err.data`; fails if the connection is accepted. */
function refusal(url: string, auth: Record<string, unknown>): Promise<unknown> {
  const socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      socket.close();
      reject(new Error('the server accepted the connection'));
    });
    socket.once('connect_error', (err: Error & { data?: unknown }) => {
      socket.close();
      resolve(err.data);
    });
  });
}
const zimError = (code: number) => ({ code, message: expect.stringMatching(/\S/) });

describe('with demo tokens on (default)', () => {
  // Token expiries (and the member batching window) run on a fake clock; the handshake checks a
  // token against the real time, so a short-lived token is issued once the clock has caught up.
  const time = new TestTime();
  const BATCH = 100;
  beforeAll(async () => void (srv = await startServer({ memberBatchWindowMs: BATCH }, undefined, time.clock)));
  afterAll(async () => {
    await bye(...open.splice(0));
    await srv.close();
  });

  it('a connection without a token is refused with 6000102', async () => {
    expect(await refusal(srv.url, { userID: uniqueID('u') })).toEqual(zimError(E.TokenMissing));
    expect(await refusal(srv.url, { userID: uniqueID('u'), token: '' })).toEqual(zimError(E.TokenMissing));
  });

  it('a forged or malformed token is refused with 6000103', async () => {
    const userID = uniqueID('u');
    expect(await refusal(srv.url, { userID, token: issueToken('other-secret', userID, 3600) })).toEqual(
      zimError(E.TokenInvalid),
    );
    const [h, , s] = issueToken(SECRET, userID, 3600).split('.');
    const claims = Buffer.from(JSON.stringify({ sub: userID, iat: 0, exp: 9_999_999_999 })).toString('base64url');
    expect(await refusal(srv.url, { userID, token: `${h}.${claims}.${s}` })).toEqual(zimError(E.TokenInvalid));
    for (const token of ['not-a-token', 'a.b', 'a.b.c.d', '..']) {
      expect(await refusal(srv.url, { userID, token })).toEqual(zimError(E.TokenInvalid));
    }
  });

  it('an expired token is refused with 6000104', async () => {
    const userID = uniqueID('u');
    expect(await refusal(srv.url, { userID, token: issueToken(SECRET, userID, -10) })).toEqual(
      zimError(E.TokenExpired),
    );
    expect(await refusal(srv.url, { userID, token: issueToken(SECRET, userID, 3600, Date.now() - 7200_000) })).toEqual(
      zimError(E.TokenExpired),
    );
  });

  it("another user's token is refused with 6000105", async () => {
    expect(
      await refusal(srv.url, { userID: uniqueID('me'), token: issueToken(SECRET, uniqueID('other'), 3600) }),
    ).toEqual(zimError(E.TokenUserMismatch));
  });

  it('a missing or malformed userID is refused with 6000001', async () => {
    const token = issueToken(SECRET, 'someone', 3600);
    for (const userID of [undefined, '', 'bad user', 'x'.repeat(33), 42, { id: 'x' }]) {
      expect(await refusal(srv.url, { userID, token })).toEqual(zimError(E.InvalidParameter));
    }
    expect(await refusal(srv.url, { userID: 'someone', token, userName: 'n'.repeat(257) })).toEqual(
      zimError(E.InvalidParameter),
    );
  });

  it("a connection naming another user's sessionID is refused (6000101) and that session is untouched", async () => {
    const sessionID = `s${Date.now()}${Math.random().toString(36).slice(2)}`.slice(0, 24);
    const owner = await rawClient(srv.url, uniqueID('owner'), { sessionID });
    open.push(owner);
    const roomID = uniqueID('room');
    await owner.ok('createRoom', { roomInfo: info(roomID) });
    const thief = uniqueID('thief');
    expect(await refusal(srv.url, { userID: thief, token: issueToken(SECRET, thief, 3600), sessionID })).toEqual(
      zimError(E.LoginFailed),
    );
    expect(owner.socket.connected).toBe(true);
    expect((await owner.ok('queryRoomOnlineMemberCount', { roomID })).count).toBe(1);
  });

  it('GET /api/token answers { token } for a valid userID, and that token logs the user in', async () => {
    const userID = uniqueID('demo');
    const response = await fetch(`${srv.url}/api/token?userID=${encodeURIComponent(userID)}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { token: string };
    expect(body).toEqual({ token: expect.any(String) });
    const c = await user(userID, body.token);
    expect(c.socket.connected).toBe(true);
  });

  it('once a connection is in, the server holds neither its token nor its first HTTP request', async () => {
    const c = await user();
    const socket = srv.server.io.of('/').sockets.get(c.socket.id ?? '');
    expect(socket?.data.user.userID).toBe(c.userID);
    expect(JSON.stringify(socket?.handshake.auth)).toBe('{}');
    expect(socket?.conn.request).toBeNull();
    // And it goes on answering calls.
    const roomID = uniqueID('after');
    await c.ok('enterRoom', { roomInfo: { roomID, roomName: roomID }, config: {} });
    expect((await c.ok('queryRoomOnlineMemberCount', { roomID })).count).toBe(1);
  });

  it('GET /api/token with an invalid userID answers 400 with code 6000001', async () => {
    for (const userID of ['', 'bad user', 'x'.repeat(33)]) {
      const response = await fetch(`${srv.url}/api/token?userID=${encodeURIComponent(userID)}`);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual(zimError(E.InvalidParameter));
    }
    expect((await fetch(`${srv.url}/api/token`)).status).toBe(400);
  });

  it("renewToken with another user's token fails 6000105; with a valid one it succeeds and keeps the rooms", async () => {
    const c = await user();
    const roomID = uniqueID('room');
    await c.ok('createRoom', { roomInfo: info(roomID) });
    expectError(
      await c.call('renewToken', { token: issueToken(SECRET, uniqueID('other'), 3600) }),
      E.TokenUserMismatch,
    );
    expectError(await c.call('renewToken', { token: issueToken('other-secret', c.userID, 3600) }), E.TokenInvalid);
    expectError(await c.call('renewToken', { token: issueToken(SECRET, c.userID, -10) }), E.TokenExpired);
    const token = issueToken(SECRET, c.userID, 3600);
    expect(await c.ok('renewToken', { token })).toEqual({ token });
    expect((await c.ok('queryRoomOnlineMemberCount', { roomID })).count).toBe(1);
  });

  it('a session whose token expires gets connectionStateChanged(Disconnected, TokenExpired), is disconnected, and leaves its rooms', async () => {
    const other = await user();
    const userID = uniqueID('expiring');
    await time.catchUp();
    const c = await user(userID, issueToken(SECRET, userID, 2, time.clock.now())); // expires in 1–2 s
    const disconnected = new Promise<string>((resolve) => c.socket.once('disconnect', resolve));
    const roomID = uniqueID('room');
    await other.ok('createRoom', { roomInfo: info(roomID) });
    await c.ok('joinRoom', { roomID });
    await time.pass(BATCH);
    await other.waitFor('roomMemberJoined', (d) => d.roomID === roomID);
    await time.pass(900);
    await c.ok('queryRoomOnlineMemberCount', { roomID }); // its answer comes after a push sent before it
    expect(c.of('connectionStateChanged')).toEqual([]); // not before the token expires
    await time.pass(1100);
    const pushed = await c.waitFor('connectionStateChanged');
    expect(pushed).toEqual({
      state: ZIMConnectionState.Disconnected,
      event: ZIMConnectionEvent.TokenExpired,
      extendedData: expect.any(String),
    });
    expect(await disconnected).toBe('io server disconnect');
    const left = await other.waitFor('roomMemberLeft', (d) => d.roomID === roomID);
    expect(left.memberList.map((m) => m.userID)).toEqual([userID]);
    expect((await other.ok('queryRoomOnlineMemberCount', { roomID })).count).toBe(1);
  });

  it('a session that renews its token in time is not ended when the first token would have expired', async () => {
    const userID = uniqueID('renewing');
    await time.catchUp();
    const c = await user(userID, issueToken(SECRET, userID, 2, time.clock.now()));
    await c.ok('renewToken', { token: issueToken(SECRET, userID, 3600, time.clock.now()) });
    await time.pass(2500); // past the first token's expiry: nothing may happen
    await c.call('queryRoomOnlineMemberCount', { roomID: 'nowhere' });
    await settle(100); // an end of the session would have been pushed ahead of that answer, then the socket closed
    expect(c.of('connectionStateChanged')).toEqual([]);
    expect(c.socket.connected).toBe(true);
  });
});

describe('with demo tokens off', () => {
  const PROD = 'prod-secret-of-at-least-32-bytes-long';
  beforeAll(async () => void (srv = await startServer({ demoTokens: false, tokenSecret: PROD })));
  afterAll(async () => {
    await bye(...open.splice(0));
    await srv.close();
  });

  it('GET /api/token answers 404 with a JSON message', async () => {
    const response = await fetch(`${srv.url}/api/token?userID=${uniqueID('u')}`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await response.json()) as { message?: unknown; token?: unknown };
    expect(body.message).toEqual(expect.stringMatching(/\S/));
    expect(body.token).toBeUndefined();
  });

  it("a token issued by the app's backend with the configured secret logs in and works", async () => {
    const [a, b] = [uniqueID('a'), uniqueID('b')];
    const ca = await user(a, issueToken(PROD, a, 3600));
    const cb = await user(b, issueToken(PROD, b, 3600));
    const roomID = uniqueID('room');
    await ca.ok('createRoom', { roomInfo: info(roomID) });
    await cb.ok('joinRoom', { roomID });
    expect((await ca.ok('queryRoomOnlineMemberCount', { roomID })).count).toBe(2);
    expect(await refusal(srv.url, { userID: a, token: issueToken(SECRET, a, 3600) })).toEqual(zimError(E.TokenInvalid));
  });
});
