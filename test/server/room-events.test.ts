import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RoomEventMap, RoomEventName } from '../../server/rooms/room-events.ts';
import { clientPool, newSessionID, roomInfo } from '../helpers/clients.ts';
import { startServer, uniqueID, type TestServer } from '../helpers/server.ts';

let server: TestServer;
const pool = clientPool(() => server.url);
const seen: Array<{ event: RoomEventName; data: RoomEventMap[RoomEventName] }> = [];
beforeAll(async () => {
  server = await startServer({ gracePeriodMs: 300, memberBatchWindowMs: 50 });
  const names: RoomEventName[] = ['roomCreated', 'roomDestroyed', 'memberJoined', 'memberLeft'];
  for (const event of names) server.server.events.on(event, (data) => seen.push({ event, data }));
});
afterEach(() => pool.closeAll());
afterAll(() => server.close());

const of = (roomID: string) => seen.filter((e) => e.data.roomID === roomID).map((e) => ({ event: e.event, ...e.data }));

describe('room events for webhooks, logs and metrics', () => {
  it('reports a room created, members joining and leaving, and the room destroyed once empty', async () => {
    const [a, b] = await pool.connectEach('a', 'b');
    const roomID = uniqueID('room');
    await a.ok('createRoom', roomInfo(roomID));
    await b.ok('joinRoom', { roomID });
    await b.ok('leaveRoom', { roomID });
    await a.ok('leaveAllRoom', {});
    expect(of(roomID)).toEqual([
      { event: 'roomCreated', roomID, roomName: roomID.slice(0, 32), userID: a.userID },
      { event: 'memberJoined', roomID, userID: a.userID },
      { event: 'memberJoined', roomID, userID: b.userID },
      { event: 'memberLeft', roomID, userID: b.userID, exitType: 'Quit' },
      { event: 'memberLeft', roomID, userID: a.userID, exitType: 'Quit' },
      { event: 'roomDestroyed', roomID },
    ]);
  });

  it('a second session of a member is no join, and a dropped session that never returns leaves with Timeout', async () => {
    const a = await pool.connect('a', { sessionID: newSessionID() });
    const roomID = uniqueID('room');
    await a.ok('createRoom', roomInfo(roomID));
    const again = await pool.connectAs(a.userID);
    await again.ok('joinRoom', { roomID });
    await again.ok('logout', {});
    a.close();
    await vi.waitFor(() => expect(of(roomID).at(-1)?.event).toBe('roomDestroyed'), { timeout: 3000, interval: 20 });
    expect(of(roomID).map((e) => e.event)).toEqual(['roomCreated', 'memberJoined', 'memberLeft', 'roomDestroyed']);
    expect(of(roomID)[2]).toMatchObject({ userID: a.userID, exitType: 'Timeout' });
  });
});
