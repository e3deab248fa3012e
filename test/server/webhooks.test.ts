import { afterEach, describe, expect, it } from 'vitest';
import type { WebhookEvent } from '../../lib/protocol/index.ts';
import { clientPool, newSessionID, roomInfo } from '../helpers/clients.ts';
import { serverApi } from '../helpers/server-api.ts';
import { startServer, uniqueID, type TestServer } from '../helpers/server.ts';
import { freePort, startReceiver, verifySignature, type WebhookReceiver } from '../helpers/webhook-receiver.ts';
import type { ServerConfig } from '../../server/config.ts';

const SECRET = 'webhook-test-secret-0123456789abcdef';
let server: TestServer | undefined;
let receiver: WebhookReceiver | undefined;
const pool = clientPool(() => server!.url);
afterEach(async () => {
  pool.closeAll();
  await server?.close();
  await receiver?.close();
  server = receiver = undefined;
});

async function withWebhooks(url: string, config: Partial<ServerConfig> = {}) {
  // Webhooks listen to the node's room facts whatever the store; with a store of its own per test
  // (memory), no earlier test's timers (a Redis store shared by the file) add events to the counts.
  server = await startServer({
    serverSecret: SECRET,
    webhookUrl: url,
    webhookBackoffMs: 50,
    gracePeriodMs: 200,
    memberBatchWindowMs: 20,
    redisUrl: '',
    ...config,
  });
  return server;
}

const about = (roomID: string, events: WebhookEvent[]) => events.filter((e) => e.room_id === roomID);
const kinds = (events: WebhookEvent[]) => events.map((e) => [e.event, e.exit_type ?? null, e.user_ids]);

describe('webhooks (SPEC 12)', () => {
  it('posts room_create, room_enter, room_exit (Quit, Kickout, Timeout) and room_destroy, each signed', async () => {
    receiver = await startReceiver();
    const srv = await withWebhooks(receiver.url);
    const [a, b, c] = await pool.connectEach('a', 'b', 'c');
    const d = await pool.connect('d', { sessionID: newSessionID() });
    const roomID = uniqueID('hooked');
    await a.ok('createRoom', roomInfo(roomID));
    for (const other of [b, c, d]) await other.ok('joinRoom', { roomID });
    await b.ok('leaveRoom', { roomID });
    await serverApi(() => srv.url, SECRET).post(`/rooms/${roomID}/kick`, { userIDs: [c.userID] });
    d.close(); // no logout: it times out after the grace period
    await expect.poll(() => kinds(about(roomID, receiver!.accepted())).length, { timeout: 4000 }).toBe(8);
    await a.ok('leaveRoom', { roomID });
    await expect.poll(() => about(roomID, receiver!.accepted()).at(-1)?.event, { timeout: 4000 }).toBe('room_destroy');
    const events = about(roomID, receiver.accepted());
    expect(kinds(events)).toEqual([
      ['room_create', null, [a.userID]],
      ['room_enter', null, [a.userID]],
      ['room_enter', null, [b.userID]],
      ['room_enter', null, [c.userID]],
      ['room_enter', null, [d.userID]],
      ['room_exit', 'Quit', [b.userID]],
      ['room_exit', 'Kickout', [c.userID]],
      ['room_exit', 'Timeout', [d.userID]],
      ['room_exit', 'Quit', [a.userID]],
      ['room_destroy', null, []],
    ]);
    expect(events[0]).toEqual({
      event: 'room_create',
      room_id: roomID,
      user_ids: [a.userID],
      room_name: roomID.slice(0, 32),
      timestamp: expect.any(Number),
      nonce: expect.any(String),
    });
    expect(new Set(events.map((e) => e.nonce)).size).toBe(events.length);
    for (const got of receiver.received) {
      expect(got.contentType).toBe('application/json');
      expect(verifySignature(got.body, got.signature, SECRET)).toBe(true);
      expect(verifySignature(got.body, got.signature, 'another-secret')).toBe(false);
    }
    expect(srv.server.webhooks?.stats()).toMatchObject({ failed: 0, dropped: 0, queued: 0 });
  });

  it('retries with backoff while the receiver is down at first (refusing, then failing), and delivers each event once', async () => {
    const port = await freePort();
    const srv = await withWebhooks(`http://127.0.0.1:${port}/hooks`);
    const a = await pool.connect('a');
    const roomID = uniqueID('late');
    // The room call is answered at once although nothing receives yet.
    await a.ok('createRoom', roomInfo(roomID));
    await expect.poll(() => srv.server.webhooks?.stats().queued).toBe(2);
    receiver = await startReceiver(port);
    receiver.answers.push(503, 500);
    await expect.poll(() => about(roomID, receiver!.accepted()).length, { timeout: 5000 }).toBe(2);
    expect(kinds(about(roomID, receiver.accepted()))).toEqual([
      ['room_create', null, [a.userID]],
      ['room_enter', null, [a.userID]],
    ]);
    // The first event came three times (503, 500, then accepted), with the same nonce and signature.
    const firsts = receiver.received.filter((r) => r.json.event === 'room_create');
    expect(firsts).toHaveLength(3);
    expect(new Set(firsts.map((r) => r.body)).size).toBe(1);
    expect(srv.server.webhooks?.stats()).toMatchObject({ delivered: 2, failed: 0, queued: 0 });
  });

  it('gives up after its retries, and a hanging receiver times out without holding up room calls', async () => {
    receiver = await startReceiver();
    receiver.answers.push('hang', 500, 500);
    const srv = await withWebhooks(receiver.url, { webhookRetries: 2, webhookTimeoutMs: 200 });
    const a = await pool.connect('a');
    const roomID = uniqueID('given-up');
    const started = Date.now();
    await a.ok('createRoom', roomInfo(roomID));
    expect(Date.now() - started).toBeLessThan(200);
    await expect
      .poll(() => srv.server.webhooks?.stats(), { timeout: 5000 })
      .toMatchObject({ failed: 1, delivered: 1, queued: 0 });
    expect(kinds(receiver.accepted())).toEqual([['room_enter', null, [a.userID]]]);
    expect(receiver.received.filter((r) => r.json.event === 'room_create')).toHaveLength(3);
  });

  it('never grows without bound while the receiver is down: past the cap the oldest waiting events are dropped and counted', async () => {
    const port = await freePort();
    const srv = await withWebhooks(`http://127.0.0.1:${port}/hooks`, { webhookQueueSize: 3, webhookBackoffMs: 100 });
    const a = await pool.connect('a');
    const rooms = Array.from({ length: 5 }, () => uniqueID('flood'));
    for (const roomID of rooms) await a.ok('createRoom', roomInfo(roomID));
    // 5 rooms × (create + enter) = 10 events; 3 at most are kept.
    expect(srv.server.webhooks?.stats()).toMatchObject({ queued: 3, dropped: 7 });
    receiver = await startReceiver(port);
    await expect.poll(() => receiver!.accepted().length, { timeout: 5000 }).toBe(3);
    const got = receiver.accepted();
    // The newest events survive (the very first may too, if it was being sent as the others came).
    expect(got.slice(1).map((e) => [e.event, e.room_id])).toEqual([
      ['room_create', rooms[4]],
      ['room_enter', rooms[4]],
    ]);
    expect([
      [`room_enter`, rooms[3]],
      ['room_create', rooms[0]],
    ]).toContainEqual([got[0]!.event, got[0]!.room_id]);
    // The receiver has the third event before the sender has read its answer: wait for that too.
    await expect.poll(() => srv.server.webhooks?.stats()).toMatchObject({ delivered: 3, dropped: 7, queued: 0 });
  });

  it('refuses to start with a webhook URL but no server secret to sign with, or a URL that is not http(s)', async () => {
    await expect(startServer({ webhookUrl: 'http://127.0.0.1:1/x' })).rejects.toThrow(/CONVENE_SERVER_SECRET/);
    await expect(startServer({ serverSecret: SECRET, webhookUrl: 'ftp://example' })).rejects.toThrow(/http/);
  });
});
