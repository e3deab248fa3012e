/**
 * SPEC 1's token rules and SPEC 11b's origin rule, against the real server: what a token must
 * hold, what a secret must be, when demo tokens are on, which pages may use a demo server, and the
 * headers every answer carries.
 */
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZIMErrorCode as E } from '../../lib/protocol/index.ts';
import { createConveneServer } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { demoExposureWarning } from '../../server/http/security.ts';
import { issueToken } from '../../server/token.ts';
import { rawClient, type RawClient } from '../helpers/raw-client.ts';
import { bye, expectError, info } from '../helpers/room-calls.ts';
import { startServer, TEST_TOKEN_SECRET as SECRET, uniqueID, type TestServer } from '../helpers/server.ts';

const DAY = 24 * 3600;
const now = () => Date.now();
const zimError = (code: number) => ({ code, message: expect.stringMatching(/\S/) });

/** Connects with `auth` (and `headers`) and resolves 'connected' or the refusal's `err.data` (or message). */
function attempt(url: string, auth: Record<string, unknown>, headers: Record<string, string> = {}): Promise<unknown> {
  const socket = io(url, {
    auth,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: headers,
  });
  return new Promise((resolve) => {
    socket.once('connect', () => {
      socket.close();
      resolve('connected');
    });
    socket.once('connect_error', (err: Error & { data?: unknown }) => {
      socket.close();
      resolve(err.data ?? err.message);
    });
  });
}

let srv: TestServer;
const open: RawClient[] = [];

describe('what a token must hold (SPEC 1)', () => {
  beforeAll(async () => void (srv = await startServer({ demoTokens: false, tokenSecret: SECRET })));
  afterAll(async () => {
    await bye(...open.splice(0));
    await srv.close();
  });
  const login = (userID: string, token: string) => attempt(srv.url, { userID, token });

  it('nbf or iat more than 60 s ahead is refused with 6000103; within the 60 s skew it is accepted', async () => {
    const u = uniqueID('skew');
    const t = Math.floor(now() / 1000);
    expect(await login(u, issueToken(SECRET, u, 3600, now(), { nbf: t + 120 }))).toEqual(zimError(E.TokenInvalid));
    expect(await login(u, issueToken(SECRET, u, 3600, now() + 120_000))).toEqual(zimError(E.TokenInvalid));
    expect(await login(u, issueToken(SECRET, u, 3600, now(), { nbf: t + 30 }))).toBe('connected');
    expect(await login(u, issueToken(SECRET, u, 3600, now() + 30_000))).toBe('connected');
  });

  it('a lifetime over 7 days is refused with 6000103; 7 days is accepted', async () => {
    const u = uniqueID('life');
    expect(await login(u, issueToken(SECRET, u, 7 * DAY + 60))).toEqual(zimError(E.TokenInvalid));
    expect(await login(u, issueToken(SECRET, u, 10 * 365 * DAY))).toEqual(zimError(E.TokenInvalid));
    // Without iat the lifetime counts from now.
    expect(await login(u, issueToken(SECRET, u, 8 * DAY, now(), { iat: undefined }))).toEqual(zimError(E.TokenInvalid));
    expect(await login(u, issueToken(SECRET, u, 7 * DAY))).toBe('connected');
  });

  it('a token without exp, or for another audience, or signed with another algorithm is refused with 6000103', async () => {
    const u = uniqueID('claims');
    expect(await login(u, issueToken(SECRET, u, 3600, now(), { exp: undefined }))).toEqual(zimError(E.TokenInvalid));
    expect(await login(u, issueToken(SECRET, u, 3600, now(), { aud: 'someone-else' }))).toEqual(
      zimError(E.TokenInvalid),
    );
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${issueToken(SECRET, u, 3600).split('.')[1]}.`;
    expect(await login(u, none)).toEqual(zimError(E.TokenInvalid));
    expect(await login(u, issueToken(SECRET, u, 3600, now(), { aud: 'convene' }))).toBe('connected');
  });

  it("profile claims (name, avatar, ext) win over what the client says; others see the issuer's profile", async () => {
    const [teacher, student] = [uniqueID('teacher'), uniqueID('student')];
    const profile = { name: 'Teacher Kim', avatar: 'https://school.example/kim.png', ext: '{"role":"teacher"}' };
    const t = await rawClient(srv.url, teacher, {
      token: issueToken(SECRET, teacher, 3600, now(), profile),
      userName: 'Anybody',
    });
    const s = await rawClient(srv.url, student, { token: issueToken(SECRET, student, 3600), userName: 'Sam' });
    open.push(t, s);
    const roomID = uniqueID('room');
    await t.ok('createRoom', { roomInfo: info(roomID) });
    const entered = await s.ok('joinRoom', { roomID });
    const members = [
      ...entered.memberList,
      ...(await s.ok('queryRoomMemberList', { roomID, config: { count: 10, nextFlag: '' } })).memberList,
    ];
    for (const member of members.filter((m: { userID: string }) => m.userID === teacher)) {
      expect(member).toEqual({
        userID: teacher,
        userName: 'Teacher Kim',
        userAvatarUrl: profile.avatar,
        userExtendedData: profile.ext,
      });
    }
    expect(members.filter((m: { userID: string }) => m.userID === teacher).length).toBeGreaterThan(0);
    // Without profile claims the client's own name stands.
    expect(members.find((m: { userID: string }) => m.userID === student)?.userName).toBe('Sam');
  });

  it('a profile claim of the wrong type is refused with 6000103', async () => {
    const u = uniqueID('badname');
    expect(await login(u, issueToken(SECRET, u, 3600, now(), { name: 42 }))).toEqual(zimError(E.TokenInvalid));
    expect(await login(u, issueToken(SECRET, u, 3600, now(), { name: 'n'.repeat(257) }))).toEqual(
      zimError(E.TokenInvalid),
    );
  });

  it('renewToken holds the new token to the same rules and keeps the old one on refusal', async () => {
    const u = uniqueID('renew');
    const c = await rawClient(srv.url, u, { token: issueToken(SECRET, u, 3600) });
    open.push(c);
    expectError(await c.call('renewToken', { token: issueToken(SECRET, u, 30 * DAY) }), E.TokenInvalid);
    expectError(
      await c.call('renewToken', {
        token: issueToken(SECRET, u, 3600, now(), { nbf: Math.floor(now() / 1000) + 600 }),
      }),
      E.TokenInvalid,
    );
    expect(c.socket.connected).toBe(true);
  });
});

describe('start-up rules', () => {
  it('refuses a token secret under 32 bytes, and a demo token lifetime over the maximum', () => {
    expect(() => loadConfig({ CONVENE_TOKEN_SECRET: 'short-secret' })).toThrow(/at least 32 bytes/);
    expect(() => loadConfig({ CONVENE_TOKEN_SECRET: 'x'.repeat(31) })).toThrow(/at least 32 bytes/);
    expect(loadConfig({ CONVENE_TOKEN_SECRET: 'x'.repeat(32) }).tokenSecret).toBe('x'.repeat(32));
    expect(() => loadConfig({ CONVENE_DEMO_TOKEN_TTL_S: String(8 * DAY) })).toThrow(/CONVENE_MAX_TOKEN_LIFETIME_S/);
  });

  it('a configured secret turns demo tokens off unless CONVENE_DEMO_TOKENS asks for them', async () => {
    const server = createConveneServer({
      config: loadConfig({ CONVENE_TOKEN_SECRET: SECRET, CONVENE_LOG_LEVEL: 'silent' }),
    });
    const { url } = await server.listen(0, '127.0.0.1');
    try {
      const response = await fetch(`${url}/api/token?userID=someone`);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual(zimError(E.LoginFailed));
    } finally {
      await server.close();
    }
    expect(loadConfig({ CONVENE_TOKEN_SECRET: SECRET, CONVENE_DEMO_TOKENS: 'true' }).demoTokens).toBe(true);
    expect(loadConfig({}).demoTokens).toBe(true);
  });

  it('warns when demo mode listens beyond loopback, and only then', () => {
    expect(demoExposureWarning({ demoTokens: true }, '0.0.0.0')).toMatch(
      /anyone who can reach it can sign in as anyone/,
    );
    expect(demoExposureWarning({ demoTokens: true }, '192.168.1.20')).toMatch(/CONVENE_TOKEN_SECRET/);
    expect(demoExposureWarning({ demoTokens: true }, '127.0.0.1')).toBeUndefined();
    expect(demoExposureWarning({ demoTokens: true }, 'localhost')).toBeUndefined();
    expect(demoExposureWarning({ demoTokens: false }, '0.0.0.0')).toBeUndefined();
  });
});

describe('origins in demo mode (SPEC 11b)', () => {
  let listed: TestServer;
  beforeAll(async () => {
    srv = await startServer();
    listed = await startServer({ allowedOrigins: ['https://school.example'] });
  });
  afterAll(async () => {
    await srv.close();
    await listed.close();
  });
  const tokenFrom = (url: string, origin?: string) =>
    fetch(`${url}/api/token?userID=${uniqueID('o')}`, { headers: origin ? { origin } : {} });

  it("the token endpoint answers the app's own pages and clients without an Origin, and refuses other pages with 403", async () => {
    const evil = await tokenFrom(srv.url, 'https://evil.example');
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    expect(await evil.json()).toEqual(zimError(E.LoginFailed));
    expect((await tokenFrom(srv.url, srv.url)).status).toBe(200);
    const bot = await tokenFrom(srv.url);
    expect(bot.status).toBe(200);
    expect(bot.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('an origin CONVENE_ALLOWED_ORIGINS lists gets tokens it can read (CORS), others still do not', async () => {
    const school = await tokenFrom(listed.url, 'https://school.example');
    expect(school.status).toBe(200);
    expect(school.headers.get('access-control-allow-origin')).toBe('https://school.example');
    expect((await tokenFrom(listed.url, 'https://evil.example')).status).toBe(403);
    expect(() => loadConfig({ CONVENE_ALLOWED_ORIGINS: 'https://school.example/path' })).toThrow(
      /CONVENE_ALLOWED_ORIGINS/,
    );
  });

  it("a WebSocket from another page is refused; from the app's own page or a non-browser client it connects", async () => {
    const u = uniqueID('ws');
    const token = issueToken(srv.server.config.tokenSecret, u, 3600);
    expect(await attempt(srv.url, { userID: u, token }, { origin: 'https://evil.example' })).not.toBe('connected');
    expect(await attempt(srv.url, { userID: u, token }, { origin: srv.url })).toBe('connected');
    expect(await attempt(srv.url, { userID: u, token })).toBe('connected');
    expect(
      await attempt(
        listed.url,
        { userID: u, token: issueToken(listed.server.config.tokenSecret, u, 3600) },
        { origin: 'https://school.example' },
      ),
    ).toBe('connected');
  });

  it('with demo tokens off the token decides: a page of another origin may connect with a valid token', async () => {
    const prod = await startServer({ demoTokens: false });
    try {
      const u = uniqueID('prod');
      const token = issueToken(prod.server.config.tokenSecret, u, 3600);
      expect(await attempt(prod.url, { userID: u, token }, { origin: 'https://app.example' })).toBe('connected');
    } finally {
      await prod.close();
    }
  });
});

describe('security headers', () => {
  beforeAll(async () => void (srv = await startServer()));
  afterAll(() => srv.close());

  it('every answer carries a CSP with frame-ancestors none, nosniff and a referrer policy', async () => {
    for (const path of ['/healthz', '/api/limits', '/no-such-page', '/api/token?userID=x']) {
      const response = await fetch(`${srv.url}${path}`);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("default-src 'self'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    }
  });
});
