import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ZIMErrorCode } from '../../lib/protocol/index.ts';
import { clientPool, roomInfo, roomWith } from '../helpers/clients.ts';
import { startServer, uniqueID, type TestServer } from '../helpers/server.ts';
import { parseMetrics, scrape, valueOf } from '../helpers/telemetry.ts';

const SECRET = 'metrics-test-secret';
let server: TestServer;
const pool = clientPool(() => server.url);
// The outbound cap is raised: the stalled reader below must stay connected for its buffer to show.
beforeAll(
  async () =>
    void (server = await startServer({
      serverSecret: SECRET,
      messageRatePerSecond: 1000,
      callRatePerSecond: 1000,
      maxOutboundBytes: 64 * 1024 * 1024,
    })),
);
afterEach(() => pool.closeAll());
afterAll(() => server.close());

const read = () => scrape(server.url, SECRET);
/** Polls the scrape until `check` holds (gauges follow connections a moment later). */
async function eventually(check: (samples: Awaited<ReturnType<typeof read>>) => void): Promise<void> {
  await expect
    .poll(
      async () => {
        try {
          check(await read());
          return true;
        } catch {
          return false;
        }
      },
      { timeout: 3000, interval: 20 },
    )
    .toBe(true);
}

describe('GET /metrics', () => {
  it('is refused (401) without the server secret, with a wrong one, and always when no secret is set', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer not-the-secret' } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer');
    expect((await fetch(`${server.url}/metrics/ops`)).status).toBe(401);
    const open = await startServer({ serverSecret: '' });
    try {
      const refused = await fetch(`${open.url}/metrics`, { headers: { authorization: 'Bearer ' } });
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as { message: string }).message).toMatch(/CONVENE_SERVER_SECRET/);
    } finally {
      await open.close();
    }
  });

  it('with the secret is Prometheus text: every Convene metric and the default Node ones, each labelled with the node', async () => {
    const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${SECRET}` } });
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    const samples = parseMetrics(text);
    const names = new Set(samples.map((s) => s.name));
    for (const name of [
      'convene_connections',
      'convene_sessions',
      'convene_rooms',
      'convene_room_members',
      'convene_outbound_buffer_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
      'process_resident_memory_bytes',
    ]) {
      expect(names, name).toContain(name);
    }
    for (const [name, type] of [
      ['convene_messages_total', 'counter'],
      ['convene_deliveries_total', 'counter'],
      ['convene_member_events_total', 'counter'],
      ['convene_errors_total', 'counter'],
      ['convene_call_duration_seconds', 'histogram'],
      ['nodejs_gc_duration_seconds', 'histogram'],
    ]) {
      expect(text).toContain(`# TYPE ${name} ${type}`);
    }
    expect(new Set(samples.map((s) => s.labels.node))).toEqual(new Set([samples[0]!.labels.node]));
    expect(samples[0]!.labels.node).toBe(server.server.nodeID);
  });

  it('connections and sessions move when a client connects and leaves', async () => {
    const before = await read();
    const a = await pool.connect('a');
    await eventually((s) => {
      expect(valueOf(s, 'convene_connections')).toBe(valueOf(before, 'convene_connections') + 1);
      expect(valueOf(s, 'convene_sessions')).toBe(valueOf(before, 'convene_sessions') + 1);
    });
    await a.ok('logout', {});
    await eventually((s) => {
      expect(valueOf(s, 'convene_connections')).toBe(valueOf(before, 'convene_connections'));
      expect(valueOf(s, 'convene_sessions')).toBe(valueOf(before, 'convene_sessions'));
    });
  });

  it('entering a room moves rooms, room members, member events and the enterRoom call duration', async () => {
    const before = await read();
    const [a, b] = await pool.connectEach('a', 'b');
    const roomID = uniqueID('room');
    await a.ok('enterRoom', roomInfo(roomID));
    await b.ok('enterRoom', roomInfo(roomID));
    const after = await read();
    expect(valueOf(after, 'convene_rooms')).toBe(valueOf(before, 'convene_rooms') + 1);
    expect(valueOf(after, 'convene_room_members')).toBe(valueOf(before, 'convene_room_members') + 2);
    expect(valueOf(after, 'convene_member_events_total', { event: 'joined' })).toBe(
      valueOf(before, 'convene_member_events_total', { event: 'joined' }) + 2,
    );
    expect(valueOf(after, 'convene_call_duration_seconds_count', { event: 'enterRoom' })).toBe(
      valueOf(before, 'convene_call_duration_seconds_count', { event: 'enterRoom' }) + 2,
    );
    await b.ok('leaveRoom', { roomID });
    const left = await read();
    expect(valueOf(left, 'convene_room_members')).toBe(valueOf(after, 'convene_room_members') - 1);
    expect(valueOf(left, 'convene_member_events_total', { event: 'left', exit_type: 'Quit' })).toBe(
      valueOf(after, 'convene_member_events_total', { event: 'left', exit_type: 'Quit' }) + 1,
    );
  });

  it('sending a message moves messages by one and deliveries by the receivers it reached', async () => {
    const [a, b, c] = await pool.connectEach('a', 'b', 'c');
    const roomID = uniqueID('room');
    await roomWith(roomID, a, b, c);
    const before = await read();
    await a.ok('sendMessage', {
      message: { type: 1, message: 'hello' },
      toConversationID: roomID,
      conversationType: 1,
    });
    await Promise.all([b.waitFor('receiveRoomMessage'), c.waitFor('receiveRoomMessage')]);
    const after = await read();
    expect(valueOf(after, 'convene_messages_total')).toBe(valueOf(before, 'convene_messages_total') + 1);
    expect(valueOf(after, 'convene_deliveries_total')).toBe(valueOf(before, 'convene_deliveries_total') + 2);
  });

  it('an error answered to a call counts under its code', async () => {
    const a = await pool.connect('a');
    const before = await read();
    const ack = await a.call('sendMessage', {
      message: { type: 1, message: 'x' },
      toConversationID: 'nowhere',
      conversationType: 1,
    });
    expect(ack.ok).toBe(false);
    const code = String(ZIMErrorCode.NotInRoom);
    const after = await read();
    expect(valueOf(after, 'convene_errors_total', { code })).toBe(
      valueOf(before, 'convene_errors_total', { code }) + 1,
    );
    expect(valueOf(after, 'convene_messages_total')).toBe(valueOf(before, 'convene_messages_total'));
  });

  it('output a client does not read shows in the outbound buffer, and goes once it reads again', async () => {
    const [writer, reader] = await pool.connectEach('writer', 'reader');
    const roomID = uniqueID('room');
    await roomWith(roomID, writer, reader);
    const text = 'x'.repeat(2000);
    for (let i = 0; i < 200; i++)
      await writer.ok('sendMessage', {
        message: { type: 1, message: text },
        toConversationID: roomID,
        conversationType: 1,
      });
    // The reader stops reading its socket (a stalled client) and asks for history again and again.
    const tcp = (
      reader.socket.io.engine as unknown as { transport: { ws: { _socket: { pause(): void; resume(): void } } } }
    ).transport.ws._socket;
    tcp.pause();
    for (let i = 0; i < 40; i++)
      reader.socket.emit(
        'queryHistoryMessage',
        { conversationID: roomID, conversationType: 1, config: { count: 100, reverse: false } },
        () => undefined,
      );
    await eventually((s) => expect(valueOf(s, 'convene_outbound_buffer_bytes')).toBeGreaterThan(100_000));
    tcp.resume();
    await eventually((s) => expect(valueOf(s, 'convene_outbound_buffer_bytes')).toBe(0));
  });

  it('a refused handshake counts under its code', async () => {
    const code = String(ZIMErrorCode.TokenInvalid);
    const before = await read();
    await expect(pool.connect('forger', { token: 'a.b.c' })).rejects.toThrow(/malformed/);
    const after = await read();
    expect(valueOf(after, 'convene_errors_total', { code })).toBe(
      valueOf(before, 'convene_errors_total', { code }) + 1,
    );
  });
});
