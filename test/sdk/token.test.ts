import { describe, expect, it } from 'vitest';
import { createConveneServer } from '../../server/app.ts';
import { issueToken } from '../../server/token.ts';
import { freePort } from '../helpers/processes.ts';
import { ZIMConnectionEvent, ZIMConnectionState, ZIMErrorCode, readTokenClaims } from '../../lib/zim/index.ts';
import { TEST_SECRET, breakNetwork, newClient, rejection, uid, useServer } from './helpers.ts';

describe('demo tokens', () => {
  // They live 33 s here, so the warning comes 3 s after each one is issued.
  const server = useServer({ demoTokenTtlSeconds: 33 });

  it('a login that took a demo token renews it itself on tokenWillExpire, so the session goes on', async () => {
    const { zim, rec } = newClient(server);
    await zim.login(uid('demo'));
    const auth = () =>
      (zim as unknown as { core: { connection: { socket: { auth: { token: string } } } } }).core.connection.socket.auth;
    const firstExp = readTokenClaims(auth().token)!.exp;
    await rec.waitFor('tokenWillExpire');
    await expect.poll(() => readTokenClaims(auth().token)!.exp, { timeout: 5000 }).toBeGreaterThan(firstExp);
    // The renewed token is scheduled in turn: another warning, another renewal.
    await expect.poll(() => rec.of('tokenWillExpire').length, { timeout: 8000 }).toBeGreaterThanOrEqual(2);
    expect(zim.getConnectionState()).toBe(ZIMConnectionState.Connected);
  }, 15_000);
});

describe('tokens that expire soon', () => {
  // Demo tokens live 20 s here, under the 30 s warning time.
  const server = useServer({ demoTokenTtlSeconds: 20 });

  it('emit tokenWillExpire at once when less than 30 s remain', async () => {
    const { zim, rec } = newClient(server);
    await zim.login(uid('short'));
    const { second } = await rec.waitFor('tokenWillExpire');
    expect(second).toBeGreaterThan(10);
    expect(second).toBeLessThanOrEqual(20);
  });

  it('renewToken resolves { token }, warns again for the new token, and later reconnects use it', async () => {
    const { zim, rec } = newClient(server);
    const userID = uid('renew');
    await zim.login(userID);
    await rec.waitFor('tokenWillExpire');
    const fresh = issueToken(TEST_SECRET, userID, 25);
    await expect(zim.renewToken(fresh)).resolves.toEqual({ token: fresh });
    await expect.poll(() => rec.of('tokenWillExpire').length).toBe(2);
    expect(rec.of('tokenWillExpire')[1]!.second).toBeGreaterThan(20);
    // The handshake of the next connection carries the renewed token.
    breakNetwork(zim);
    await expect
      .poll(() => rec.connectionStates().at(-1))
      .toEqual([ZIMConnectionState.Connected, ZIMConnectionEvent.Success]);
    const auth = (zim as unknown as { core: { connection: { socket: { auth: { token: string } } } } }).core.connection
      .socket.auth;
    expect(readTokenClaims(auth.token)?.exp).toBe(readTokenClaims(fresh)?.exp);
  });

  it('renewToken with an empty token fails 6000001', async () => {
    const { zim } = newClient(server);
    await zim.login(uid('renew'));
    expect((await rejection(zim.renewToken(''))).code).toBe(ZIMErrorCode.InvalidParameter);
  });
});

describe('without demo tokens', () => {
  const server = useServer({ demoTokens: false });

  it('a login without a token fails 6000101 with the server message', async () => {
    const { zim, rec } = newClient(server);
    const error = await rejection(zim.login(uid('nodemo')));
    expect(error.code).toBe(ZIMErrorCode.LoginFailed);
    expect(error.message).toMatch(/Demo tokens are off/);
    expect(rec.of('connectionStateChanged').at(-1)?.state).toBe(ZIMConnectionState.Disconnected);
  });

  it('a login with a token from the app backend works', async () => {
    const { zim } = newClient(server);
    const userID = uid('backend');
    await zim.login(userID, { token: issueToken(TEST_SECRET, userID, 600) });
    expect(zim.getConnectionState()).toBe(ZIMConnectionState.Connected);
  });
});

describe('an unreachable server', () => {
  it('fails a demo-token login with 6000101 and LoginTimeout', async () => {
    const { zim, rec } = newClient('http://127.0.0.1:9');
    const error = await rejection(zim.login(uid('nobody')));
    expect(error.code).toBe(ZIMErrorCode.LoginFailed);
    expect(rec.connectionStates().at(-1)).toEqual([ZIMConnectionState.Disconnected, ZIMConnectionEvent.LoginTimeout]);
  });

  it('keeps retrying a login with a token for about 10 s, then fails 6000101', async () => {
    const { zim, rec } = newClient('http://127.0.0.1:9');
    const started = Date.now();
    const error = await rejection(zim.login(uid('nobody'), { token: issueToken(TEST_SECRET, 'x', 60) }));
    expect(error.code).toBe(ZIMErrorCode.LoginFailed);
    expect(Date.now() - started).toBeGreaterThanOrEqual(9_000);
    expect(rec.connectionStates()).toEqual([
      [ZIMConnectionState.Connecting, ZIMConnectionEvent.ActiveLogin],
      [ZIMConnectionState.Disconnected, ZIMConnectionEvent.LoginTimeout],
    ]);
  }, 15_000);
});

describe('a demo server that restarts with a new secret', () => {
  it('keeps a demo session signed in: it takes a fresh demo token and reconnects', async () => {
    const port = await freePort();
    const first = createConveneServer({ config: { demoTokens: true, logLevel: 'silent' } }); // a random secret each start
    await first.listen(port, '127.0.0.1');
    const url = `http://127.0.0.1:${port}`;
    const { zim, rec } = newClient(url);
    await zim.login(uid('restart'));
    await first.close();
    await expect.poll(() => zim.getConnectionState()).toBe(ZIMConnectionState.Reconnecting);
    const second = createConveneServer({ config: { demoTokens: true, logLevel: 'silent' } });
    try {
      await second.listen(port, '127.0.0.1');
      await expect.poll(() => zim.getConnectionState(), { timeout: 10_000 }).toBe(ZIMConnectionState.Connected);
      expect(rec.connectionStates().map(([state]) => state)).not.toContain(ZIMConnectionState.Disconnected);
      // Signed in for real: the new server takes calls from it.
      const roomID = uid('after');
      await zim.createRoom({ roomID, roomName: 'after the restart' });
      expect((await zim.queryRoomOnlineMemberCount(roomID)).count).toBe(1);
    } finally {
      await second.close();
    }
  }, 20_000);

  it('an app token refused after the restart still ends the session (only demo tokens are fetched again)', async () => {
    const port = await freePort();
    const secretA = 'a'.repeat(32);
    const first = createConveneServer({ config: { tokenSecret: secretA, logLevel: 'silent' } });
    await first.listen(port, '127.0.0.1');
    const url = `http://127.0.0.1:${port}`;
    const { zim, rec } = newClient(url);
    const userID = uid('apptoken');
    await zim.login(userID, { token: issueToken(secretA, userID, 3600) });
    await first.close();
    const second = createConveneServer({
      config: { tokenSecret: 'b'.repeat(32), demoTokens: true, logLevel: 'silent' },
    });
    try {
      await second.listen(port, '127.0.0.1');
      await expect.poll(() => zim.getConnectionState(), { timeout: 10_000 }).toBe(ZIMConnectionState.Disconnected);
      expect(rec.connectionStates().at(-1)).toEqual([ZIMConnectionState.Disconnected, ZIMConnectionEvent.KickedOut]);
    } finally {
      await second.close();
    }
  }, 20_000);
});
