/**
 * SPEC 11b: a connection whose unsent output passes 4 MiB (a client that stops reading) is
 * disconnected. The attack: a client in a room with a long history stops reading its socket and
 * asks for 100-message history pages at the call-rate limit; without the cap every reply piles up
 * in the server (about 100 MB a second). The server runs as its own process, so its RSS is its own.
 */
import { readFileSync } from 'node:fs';
import type { Socket as NetSocket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { ZIMMessageType } from '../../lib/protocol/index.ts';
import { waitUntil } from '../helpers/processes.ts';
import { rawClient, type RawClient } from '../helpers/raw-client.ts';
import { bye, info } from '../helpers/room-calls.ts';
import { demoToken, uniqueID } from '../helpers/server.ts';
import { freePort, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

const MB = 1024 * 1024;
const HISTORY = 200;
const CONTENT = 'x'.repeat(5000); // Barrage: at most 5 KB, and 50 a second per session
const CALL_RATE = 200; // CONVENE_CALL_RATE's default
const FLOOD_MS = 3000;
const PAGE = (roomID: string) => ({ conversationID: roomID, conversationType: 1, config: { count: 100 } });

function rssOf(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) * 1024;
}

/** The connection's TCP socket under socket.io-client's ws WebSocket (Node), to stop reading it. */
function tcpOf(client: RawClient): NetSocket {
  const transport = client.socket.io.engine.transport as unknown as { name: string; ws: { _socket: NetSocket } };
  expect(transport.name).toBe('websocket');
  return transport.ws._socket;
}

/** A room with a long history: 200 messages of 5 KB (4 senders × 50 Barrage messages, within their rate). */
async function roomWithHistory(
  url: string,
  open: RawClient[],
): Promise<{ roomID: string; host: RawClient; other: RawClient }> {
  const roomID = uniqueID('slow');
  const members = await Promise.all([0, 1, 2, 3, 4].map(() => rawClient(url, uniqueID('u'))));
  open.push(...members);
  for (const c of members) await c.ok('enterRoom', { roomInfo: info(roomID) });
  const [host, ...senders] = members;
  await Promise.all(
    senders.map((c) =>
      Promise.all(
        Array.from({ length: HISTORY / senders.length }, () =>
          c.ok('sendMessage', {
            message: { type: ZIMMessageType.Barrage, message: CONTENT },
            toConversationID: roomID,
            conversationType: 1,
          }),
        ),
      ),
    ),
  );
  return { roomID, host: host!, other: senders[0]! };
}

/** Engine.io long-polling spoken by hand: a client that posts its calls and never polls for answers. */
function pollingClient(url: string) {
  let base = '';
  const post = async (...packets: string[]) => {
    const response = await fetch(base, {
      method: 'POST',
      body: packets.join('\x1e'),
      headers: { 'content-type': 'text/plain' },
    });
    expect(await response.text()).toBe('ok');
  };
  /** One poll: the packets the server has for this client, or the HTTP status when it has none. */
  const poll = async () => {
    const response = await fetch(base);
    return { status: response.status, body: await response.text() };
  };
  return {
    async open(userID: string) {
      const opened = await (await fetch(`${url}/socket.io/?EIO=4&transport=polling`)).text();
      const { sid } = JSON.parse(opened.slice(1)) as { sid: string };
      base = `${url}/socket.io/?EIO=4&transport=polling&sid=${sid}`;
      await post(`40${JSON.stringify({ userID, userName: userID, token: await demoToken(url, userID) })}`);
      // As socket.io-client does, nothing is sent before the namespace's CONNECT answer: an event
      // that arrives while the handshake's token check still runs is an "invalid state" to
      // Socket.IO, which closes the whole session (a loaded machine made that race visible).
      expect((await poll()).body).toContain('40{"sid"');
    },
    poll,
    call: (id: number, event: string, payload: unknown) => `42${id}${JSON.stringify([event, payload])}`,
    post,
  };
}

describe('a client that stops reading (SPEC 11b)', () => {
  let srv: ServerProcess | undefined;
  const open: RawClient[] = [];
  afterAll(async () => {
    await bye(...open);
    await srv?.stop();
  });

  it('is disconnected once its unsent output passes 4 MiB; the server stays small and the room goes on', async () => {
    srv = await startServerProcess(await freePort(), {}); // (it polls with expect: started in the test)
    const { roomID, host, other } = await roomWithHistory(srv.url, open);
    const page = await host.ok('queryHistoryMessage', PAGE(roomID));
    expect(page.messageList).toHaveLength(100); // one reply ≈ 0.5 MB: well under the cap

    const reader = await rawClient(srv.url, uniqueID('reader'));
    open.push(reader);
    await reader.ok('enterRoom', { roomInfo: info(roomID) });
    const tcp = tcpOf(reader);
    const before = rssOf(srv.child.pid!);
    tcp.pause(); // stops reading: what the server writes stays unsent

    // History pages at the call-rate limit for FLOOD_MS, the server's RSS sampled as they go.
    let peak = before;
    const started = Date.now();
    while (Date.now() - started < FLOOD_MS) {
      for (let i = 0; i < CALL_RATE / 20; i++) reader.socket.emit('queryHistoryMessage', PAGE(roomID), () => undefined);
      await new Promise((r) => setTimeout(r, 50));
      peak = Math.max(peak, rssOf(srv.child.pid!));
    }
    const growth = peak - before;
    console.log(
      `server RSS ${(before / MB).toFixed(0)} MB before the flood, peak ${(peak / MB).toFixed(0)} MB: +${(growth / MB).toFixed(1)} MB`,
    );
    expect(growth).toBeLessThan(64 * MB);

    // The server closed that connection, and said why.
    const closed = srv.lines.find((l) => l.event === 'slow_client_disconnected');
    expect(closed, 'the server logs slow_client_disconnected').toMatchObject({
      userID: reader.userID,
      maxBytes: 4 * MB,
    });
    expect(closed!.unsentBytes).toBeGreaterThan(4 * MB);
    // Reading again, the client finds its connection closed.
    tcp.resume();
    await waitUntil('the reader sees its connection closed', () => !reader.socket.connected, 10_000);

    // The other members carry on: a message goes out and arrives.
    const sent = await host.ok('sendMessage', {
      message: { type: ZIMMessageType.Text, message: 'still here' },
      toConversationID: roomID,
      conversationType: 1,
    });
    const got = await other.waitFor('receiveRoomMessage', (d) =>
      d.messageList.some((m: { messageID: string }) => m.messageID === sent.message.messageID),
    );
    expect(got.messageList.at(-1)!.message).toBe('still here');
  });

  it('over long-polling too: a client that posts calls and stops polling is disconnected', async () => {
    const proc = await startServerProcess(await freePort(), {});
    try {
      const { roomID } = await roomWithHistory(proc.url, open);
      const client = pollingClient(proc.url);
      const userID = uniqueID('poller');
      await client.open(userID);
      await client.post(
        client.call(1, 'resumeSession', { rooms: [] }),
        client.call(2, 'enterRoom', { roomInfo: info(roomID) }),
      );
      let answers = '';
      // One GET at a time, each waiting for what the server has: a second GET while one is open
      // (as a retrying expect.poll would send on a slow machine) makes engine.io drop the session.
      const deadline = Date.now() + 15_000;
      while (!answers.includes('432[{"ok":true') && Date.now() < deadline) answers += (await client.poll()).body;
      const closed = proc.lines.filter((l) => l.event === 'connection_closed' || l.level >= 40);
      expect(answers, `entered (server: ${JSON.stringify(closed)})`).toContain('432[{"ok":true');
      // 20 pages (about 10 MB of replies), never polled for.
      await client.post(
        ...Array.from({ length: 20 }, (_, i) => client.call(10 + i, 'queryHistoryMessage', PAGE(roomID))),
      );
      await waitUntil(
        'the server disconnects the poller',
        () => proc.lines.find((l) => l.event === 'slow_client_disconnected'),
        5000,
      );
      expect(proc.lines.find((l) => l.event === 'slow_client_disconnected')).toMatchObject({
        userID,
        maxBytes: 4 * MB,
      });
      expect((await client.poll()).status).toBe(400); // the engine.io session is gone
    } finally {
      await proc.stop();
    }
  });
});
