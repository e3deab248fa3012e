/**
 * A grace period running out while the same session reconnects, with a store that does real I/O
 * (here: ending a session takes 300 ms): the reconnect must not take back a half-ended session.
 * Whatever the order, the client's view and the room's agree: no ghost, no member without a session.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createConveneServer, type ConveneServer } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { systemClock } from '../../server/rooms/clock.ts';
import { ExtendedMemoryRoomStore } from '../../server/store/memory-extended.ts';
import { storeSettings } from '../../server/store/open-store.ts';
import { clientPool, newSessionID, roomWith } from '../helpers/clients.ts';
import { TEST_TOKEN_SECRET, uniqueID } from '../helpers/server.ts';

const GRACE = 300;

/** Ending a session waits, as a store across the network would, before it takes effect. */
class SlowEndStore extends ExtendedMemoryRoomStore {
  override async endSession(sessionID: string): Promise<string[]> {
    await new Promise((resolve) => setTimeout(resolve, 300));
    return super.endSession(sessionID);
  }
}

let server: ConveneServer;
let url: string;
const pool = clientPool(() => url);
beforeAll(async () => {
  const config = {
    tokenSecret: TEST_TOKEN_SECRET,
    demoTokens: true,
    logLevel: 'silent',
    gracePeriodMs: GRACE,
    memberBatchWindowMs: 0,
  };
  server = createConveneServer({
    config,
    store: new SlowEndStore(storeSettings(loadConfig(process.env, config)), systemClock),
  });
  ({ url } = await server.listen(0, '127.0.0.1'));
});
afterEach(() => pool.closeAll());
afterAll(() => server.close());

describe('grace expiry racing a reconnect of the same session', () => {
  it('the reconnect waits for the end and opens a new session: it holds no room, the others saw it leave once', async () => {
    const sessionID = newSessionID();
    const [a, b] = await Promise.all([pool.connect('a', { sessionID }), pool.connect('b')]);
    const roomID = uniqueID('room');
    await roomWith(roomID, b, a);
    a.close();
    // The grace period runs out: the session is being ended (its store step takes 300 ms).
    await vi.waitFor(() => expect(server.service.sessions.has(sessionID)).toBe(false), {
      timeout: GRACE + 2000,
      interval: 5,
    });
    const back = await pool.connectAs(a.userID, { sessionID, skipResume: true });
    const resumed = await back.ok('resumeSession', { rooms: [{ roomID }] });
    await vi.waitFor(() => expect(b.of('roomMemberLeft').length).toBeGreaterThan(0), { timeout: 3000 });
    // The client's view and the room's agree.
    expect(resumed.rooms).toEqual([]);
    const members = await b.ok('queryRoomMemberList', { roomID, config: { count: 10, nextFlag: '' } });
    expect(members.memberList.map((m: { userID: string }) => m.userID)).toEqual([b.userID]);
    expect(b.of('roomMemberLeft')).toHaveLength(1);
    // And the new session works.
    await back.ok('joinRoom', { roomID });
    expect((await b.ok('queryRoomOnlineMemberCount', { roomID })).count).toBe(2);
  });
});
