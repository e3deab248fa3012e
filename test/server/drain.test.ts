import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { clientPool, roomInfo, roomWith } from '../helpers/clients.ts';
import type { RawClient } from '../helpers/raw-client.ts';
import { demoToken, startServer, uniqueID, type TestServer } from '../helpers/server.ts';

let server: TestServer | undefined;
const pool = clientPool(() => server!.url);
afterEach(async () => {
  pool.closeAll();
  await server?.close();
  server = undefined;
});

const until = (check: () => unknown, timeout = 3000) => expect.poll(check, { timeout, interval: 10 });

function disconnectReason(client: RawClient): () => string | undefined {
  let reason: string | undefined;
  client.socket.on('disconnect', (r) => (reason = r));
  return () => reason;
}

interface Attempt {
  connected: boolean;
  /** The ZIM error a refusal carries (`err.data`); none for a refusal the client retries. */
  data: unknown;
}

/** Opens a Socket.IO connection once and reports how it ended. */
async function tryConnect(url: string): Promise<Attempt> {
  const userID = uniqueID('late');
  const token = await demoToken(url, userID);
  const socket = io(url, {
    auth: { userID, userName: userID, token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  try {
    return await new Promise<Attempt>((resolve) => {
      socket.once('connect', () => resolve({ connected: true, data: undefined }));
      socket.once('connect_error', (err) =>
        resolve({ connected: false, data: (err as Error & { data?: unknown }).data }),
      );
    });
  } finally {
    socket.close();
  }
}

describe('graceful drain', () => {
  it('tells every client, drops them as a link (so they reconnect), shows no leave, waits for the hooks, says draining on /healthz', async () => {
    server = await startServer({ drainSeconds: 5, gracePeriodMs: 30_000 });
    const [a, b] = await pool.connectEach('a', 'b');
    await roomWith(uniqueID('room'), a, b);
    const reasons = [disconnectReason(a), disconnectReason(b)];
    let release: () => void = () => undefined;
    let flushing = false;
    server.server.drain.register('webhooks', async () => {
      flushing = true;
      await new Promise<void>((resolve) => (release = resolve));
    });

    const started = Date.now();
    const outcome = server.server.drain.run();
    await Promise.all([a.waitFor('serverDraining'), b.waitFor('serverDraining')]);
    // A dropped link, not the server's goodbye: socket.io-client reconnects after "transport close".
    await until(() => reasons.map((r) => r())).toEqual(['transport close', 'transport close']);
    await until(() => flushing).toBe(true);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ ok: false, draining: true });
    // A new connection is turned away at the upgrade, without a ZIM error: a client retries it.
    const late = await tryConnect(server.url);
    expect(late).toMatchObject({ connected: false, data: undefined });

    release();
    const { clean, elapsedMs } = await outcome;
    expect(clean).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(elapsedMs).toBeLessThan(5000);
    expect([...a.of('roomMemberLeft'), ...b.of('roomMemberLeft')]).toEqual([]);
    expect(server.server.service.sessions.size).toBe(2); // dropped, in their grace period: no leave
  });

  it('gives up on a hook that does not finish and is done within CONVENE_DRAIN_S', async () => {
    server = await startServer({ drainSeconds: 1 });
    await pool.connect('a');
    server.server.drain.register('stuck', () => new Promise(() => undefined));
    const started = Date.now();
    const { clean } = await server.server.drain.run();
    expect(clean).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(server.server.io.of('/').sockets.size).toBe(0);
  });
});

describe('graceful drain with webhooks', () => {
  it('waits until the queued webhooks are delivered before closing', async () => {
    // A real receiver that answers each POST only after a while (a slow backend).
    const received: string[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        setTimeout(() => {
          received.push((JSON.parse(body) as { event: string }).event);
          res.writeHead(200).end();
        }, 150);
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    try {
      server = await startServer({
        drainSeconds: 5,
        serverSecret: 'hook-secret',
        webhookUrl: `http://127.0.0.1:${port}/hooks`,
      });
      const a = await pool.connect('a');
      await a.ok('enterRoom', roomInfo(uniqueID('room')));
      expect(server.server.webhooks?.stats().queued).toBeGreaterThan(0); // room_create and room_enter, one at a time
      const { clean } = await server.server.drain.run();
      expect(clean).toBe(true);
      expect(received).toEqual(['room_create', 'room_enter']);
      expect(server.server.webhooks?.stats()).toMatchObject({ delivered: 2, queued: 0 });
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });
});
