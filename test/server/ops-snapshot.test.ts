import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ZIMErrorCode, type OpsSnapshot } from '../../lib/protocol/client.ts';
import { clientPool, roomInfo, roomWith } from '../helpers/clients.ts';
import { startServer, uniqueID, type TestServer } from '../helpers/server.ts';

const SECRET = 'ops-test-secret';
let server: TestServer;
const pool = clientPool(() => server.url);
beforeAll(async () => void (server = await startServer({ serverSecret: SECRET, opsSampleMs: 100 })));
afterEach(() => pool.closeAll());
afterAll(() => server.close());

async function snapshot(): Promise<OpsSnapshot> {
  const response = await fetch(`${server.url}/metrics/ops`, { headers: { authorization: `Bearer ${SECRET}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as OpsSnapshot;
}

describe('GET /metrics/ops, the operations page data', () => {
  it('lists the rooms with their member counts, busiest first, and this node with its connections', async () => {
    const [a, b, c] = await pool.connectEach('a', 'b', 'c');
    const busy = uniqueID('busy');
    const quiet = uniqueID('quiet');
    await roomWith(busy, a, b, c);
    await a.ok('enterRoom', roomInfo(quiet));
    const { rooms, nodes, roomCount } = await snapshot();
    const mine = rooms.filter((r) => r.roomID === busy || r.roomID === quiet);
    expect(mine.map((r) => [r.roomID, r.memberCount])).toEqual([
      [busy, 3],
      [quiet, 1],
    ]);
    expect(roomCount).toBeGreaterThanOrEqual(2);
    expect(nodes).toHaveLength(1);
    expect(nodes[0]).toMatchObject({ draining: false, connections: 3, sessions: 3 });
    await b.ok('leaveRoom', { roomID: busy });
    expect((await snapshot()).rooms.find((r) => r.roomID === busy)?.memberCount).toBe(2);
  });

  it('keeps a series of samples whose message rate follows the messages sent', async () => {
    const [a, b] = await pool.connectEach('a', 'b');
    const roomID = uniqueID('rate');
    await roomWith(roomID, a, b);
    const before = await snapshot();
    for (let i = 0; i < 5; i++)
      await a.ok('sendMessage', {
        message: { type: 1, message: `m${i}` },
        toConversationID: roomID,
        conversationType: 1,
      });
    await expect
      .poll(
        async () => (await snapshot()).series.filter((s) => s.at > before.at).some((s) => s.messagesPerSecond > 0),
        { timeout: 3000, interval: 50 },
      )
      .toBe(true);
    const after = await snapshot();
    expect(after.totals.messages).toBe(before.totals.messages + 5);
    expect(after.series.at(-1)!.at).toBeGreaterThan(before.at);
    expect(after.series.at(-1)).toMatchObject({ connections: 2 });
  });

  it('lists the latest errors, newest first, with the call that failed and the user', async () => {
    const a = await pool.connect('a');
    await a.call('joinRoom', { roomID: uniqueID('missing') });
    await a.call('leaveRoom', { roomID: uniqueID('never-in') });
    const { errors } = await snapshot();
    expect(errors[0]).toMatchObject({
      code: ZIMErrorCode.NotInRoom,
      name: 'NotInRoom',
      during: 'leaveRoom',
      userID: a.userID,
    });
    expect(errors[1]).toMatchObject({ code: ZIMErrorCode.RoomNotExist, during: 'joinRoom', userID: a.userID });
  });
});
