import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ZIMErrorCode } from '../../lib/protocol/index.ts';
import { createConveneServer, type ConveneServer } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { systemClock } from '../../server/rooms/clock.ts';
import { ExtendedMemoryRoomStore } from '../../server/store/memory-extended.ts';
import { storeSettings } from '../../server/store/open-store.ts';
import type { HistoryQuery } from '../../server/store/types.ts';
import { clientPool, roomInfo, roomWith } from '../helpers/clients.ts';
import { demoToken, uniqueID } from '../helpers/server.ts';
import { logCapture } from '../helpers/telemetry.ts';

const SERVER_SECRET = 'server-secret-never-logged';
const TOKEN_SECRET = 'token-secret-never-logged-0123456789';
/** Every message body the test sends; none may show up in a log line. */
const bodies: string[] = [];
const body = () => {
  const text = `body-${uniqueID('secret-words')}`;
  bodies.push(text);
  return text;
};

/** A store that fails on one room's history: the server's internal error path, for real. */
class FaultyStore extends ExtendedMemoryRoomStore {
  override async history(roomID: string, query: HistoryQuery) {
    if (roomID.startsWith('broken-')) throw new Error('disk on fire');
    return super.history(roomID, query);
  }
}

const logs = logCapture();
let server: ConveneServer;
let url: string;
const pool = clientPool(() => url);
beforeAll(async () => {
  const config = {
    tokenSecret: TOKEN_SECRET,
    demoTokens: true,
    serverSecret: SERVER_SECRET,
    logLevel: 'debug',
    messageRatePerSecond: 2,
    memberBatchWindowMs: 20,
    nodeID: 'logs-node',
  };
  server = createConveneServer({
    config,
    store: new FaultyStore(storeSettings(loadConfig(process.env, config)), systemClock),
    logDestination: logs,
  });
  ({ url } = await server.listen(0, '127.0.0.1'));
});
afterEach(() => pool.closeAll());
afterAll(() => server.close());

const until = (check: () => unknown) => expect.poll(check, { timeout: 3000, interval: 10 });

describe('structured logs', () => {
  it('one JSON line per connection opened and closed, the close with its reason', async () => {
    const a = await pool.connect('a');
    await until(() => logs.of('connection_opened').some((l) => l.userID === a.userID)).toBe(true);
    const opened = logs.of('connection_opened').find((l) => l.userID === a.userID)!;
    expect(opened).toMatchObject({
      level: 30,
      service: 'convene',
      node: 'logs-node',
      transport: 'websocket',
      msg: 'connection opened',
    });
    expect(typeof opened.time).toBe('string');
    a.close();
    await until(() => logs.of('connection_closed').find((l) => l.userID === a.userID)?.reason).toBe(
      'client namespace disconnect',
    );
  });

  it('a line for a room created and destroyed, and a kick', async () => {
    const [a, b] = await pool.connectEach('a', 'b');
    const roomID = uniqueID('room');
    await roomWith(roomID, a, b);
    expect(logs.of('room_created').find((l) => l.roomID === roomID)).toMatchObject({ userID: a.userID });
    // The app's backend kicks b through the server API (SPEC 12).
    const kick = await fetch(`${url}/api/server/rooms/${encodeURIComponent(roomID)}/kick`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SERVER_SECRET}`, 'content-type': 'application/json' },
      body: JSON.stringify({ userIDs: [b.userID], reason: 'test' }),
    });
    expect(kick.status).toBe(200);
    await until(() => logs.of('member_kicked').find((l) => l.roomID === roomID)).toMatchObject({
      userID: b.userID,
      level: 30,
    });
    await a.ok('leaveRoom', { roomID });
    await until(() => logs.of('room_destroyed').some((l) => l.roomID === roomID)).toBe(true);
  });

  it('a refused token is a warning with its code and who claimed it, without the token', async () => {
    const userID = uniqueID('forger');
    const token = `${(await demoToken(url, userID)).slice(0, -4)}AAAA`;
    await expect(pool.connectAs(userID, { token })).rejects.toThrow(/signature/);
    const line = logs.of('handshake_refused').find((l) => l.userID === userID);
    expect(line).toMatchObject({ level: 40, code: ZIMErrorCode.TokenInvalid, name: 'TokenInvalid' });
    expect(logs.raw.some((l) => l.includes(token))).toBe(false);
  });

  it('a bound hit is a warning naming the bound and the call', async () => {
    const a = await pool.connect('a');
    const roomID = uniqueID('room');
    await a.ok('enterRoom', roomInfo(roomID));
    const send = () =>
      a.call('sendMessage', { message: { type: 1, message: body() }, toConversationID: roomID, conversationType: 1 });
    const acks = await Promise.all([send(), send(), send(), send()]);
    expect(acks.some((ack) => !ack.ok && ack.error.code === ZIMErrorCode.RateLimited)).toBe(true);
    expect(logs.of('bound_hit').find((l) => l.userID === a.userID)).toMatchObject({
      level: 40,
      call: 'sendMessage',
      code: ZIMErrorCode.RateLimited,
      name: 'RateLimited',
    });
  });

  it('an internal error is an error line with what failed; the client gets 6000301', async () => {
    const a = await pool.connect('a');
    const roomID = uniqueID('broken');
    await a.ok('enterRoom', roomInfo(roomID));
    const ack = await a.call('queryHistoryMessage', {
      conversationID: roomID,
      conversationType: 1,
      config: { count: 10, reverse: false },
    });
    expect(ack).toMatchObject({ ok: false, error: { code: ZIMErrorCode.RoomError } });
    const line = logs.of('internal_error').find((l) => l.during === 'queryHistoryMessage');
    expect(line).toMatchObject({ level: 50, err: { type: 'Error', text: 'disk on fire' } });
  });

  it('a failure inside the room core with no caller (a listener) is an error line too, and the call goes on', async () => {
    const off = server.events.on('roomCreated', () => {
      throw new Error('listener broke');
    });
    try {
      const a = await pool.connect('a');
      await a.ok('enterRoom', roomInfo(uniqueID('room')));
      expect(logs.of('internal_error').find((l) => l.during === 'a roomCreated listener')).toMatchObject({
        level: 50,
        err: { text: 'listener broke' },
      });
    } finally {
      off();
    }
  });

  it('no line ever holds a token, a secret or a message body', async () => {
    const [a, b] = await pool.connectEach('a', 'b');
    const roomID = uniqueID('room');
    await roomWith(roomID, a, b);
    await a.ok('sendMessage', { message: { type: 1, message: body() }, toConversationID: roomID, conversationType: 1 });
    const tooLong = body().padEnd(5000, 'x');
    await a.call('sendMessage', {
      message: { type: 1, message: tooLong },
      toConversationID: roomID,
      conversationType: 1,
    });
    await a.call('sendMessage', {
      message: { type: 1, message: body() },
      toConversationID: 'not-mine',
      conversationType: 1,
    });
    await a.call('renewToken', { token: 'not-a-token' });
    const token = await demoToken(url, a.userID);
    await a.ok('renewToken', { token });
    await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${SERVER_SECRET}` } });
    await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer a-wrong-guess' } });
    a.close();
    await until(() => logs.of('connection_closed').some((l) => l.userID === a.userID)).toBe(true);

    expect(logs.raw.length).toBeGreaterThan(20);
    const handshakeTokens = [a, b].map((c) => (c.socket.auth as { token: string }).token);
    const forbidden = [
      SERVER_SECRET,
      TOKEN_SECRET,
      'a-wrong-guess',
      'not-a-token',
      token,
      ...handshakeTokens,
      ...bodies,
    ];
    expect(handshakeTokens.every((t) => t.length > 20)).toBe(true);
    for (const line of logs.raw) for (const word of forbidden) expect(line).not.toContain(word);
  });
});
