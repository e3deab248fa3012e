/**
 * Member attribute limits that need many members (500 with attributes) or exact timing (rates),
 * checked on the room core itself with each store (a real redis-server for Redis), recorded
 * pushes and a clock the test drives.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { RoomEvents } from '../../server/rooms/room-events.ts';
import { RoomService } from '../../server/rooms/room-service.ts';
import type { Session } from '../../server/rooms/sessions.ts';
import { openStore } from '../../server/store/open-store.ts';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { RecordingOutbox } from '../helpers/recording-outbox.ts';

let redis: RedisServer | undefined;
const running: RoomService[] = [];
beforeAll(async () => void (redis = await startRedisServer()));
afterEach(async () => {
  for (const service of running.splice(0)) await service.dispose();
});
afterAll(async () => await redis?.stop());

let run = 0;
async function core(kind: 'memory' | 'redis', overrides: Parameters<typeof loadConfig>[1] = {}) {
  const clock = new FakeClock();
  const outbox = new RecordingOutbox();
  const redisUrl = kind === 'redis' ? (redis?.url ?? '') : '';
  const config = loadConfig(
    { NODE_ENV: 'test' },
    { tokenSecret: 'x'.repeat(32), memberBatchWindowMs: 0, redisUrl, ...overrides },
  );
  const service = new RoomService({ store: openStore(config, clock), outbox, clock, config, events: new RoomEvents() });
  await service.start();
  running.push(service);
  const prefix = `r${++run}-`;
  const sessions: Session[] = [];
  const enter = async (userID: string, roomID: string) => {
    const { session } = await service.openSession(
      `s-${prefix}${userID}`,
      { userID, userName: userID, userAvatarUrl: '', userExtendedData: '' },
      1e12,
    );
    await service.rooms.enterRoom(
      session,
      { roomInfo: { roomID: prefix + roomID, roomName: '' }, config: { roomAttributes: {}, roomDestroyDelayTime: 0 } },
      () => {},
    );
    sessions.push(session);
    return session;
  };
  const set = (session: Session, roomID: string, userIDs: string[], attributes: Record<string, string>) =>
    new Promise((resolve, reject) => {
      service.memberAttributes
        .setRoomMembersAttributes(
          session,
          { roomID: prefix + roomID, userIDs, attributes, config: { isDeleteAfterOwnerLeft: true } },
          resolve,
        )
        .catch(reject);
    });
  return { service, clock, enter, set, prefix };
}

const code = (promise: Promise<unknown>) =>
  promise.then(
    () => 0,
    (e: { code: number }) => e.code,
  );

describe.each(['memory', 'redis'] as const)('member attribute limits on the room core, %s store', (kind) => {
  it('at most 500 members of a room have attributes: the 501st fails 6000357, a member already counted still changes', async () => {
    const { enter, set } = await core(kind, { memberAttributesSetRate: 10_000 });
    const host = await enter('host', 'big');
    const ids: string[] = [];
    for (let i = 0; i < 501; i++) ids.push((await enter(`u${i}`, 'big')).user.userID);
    for (let i = 0; i < 500; i += 100) await set(host, 'big', ids.slice(i, i + 100), { hand: '1' });
    expect(await code(set(host, 'big', ['u500'], { hand: '1' }))).toBe(6000357);
    expect(await code(set(host, 'big', ['u0'], { hand: '0' }))).toBe(0);
    expect(await code(set(host, 'big', ['u499', 'u500'], { hand: '1' }))).toBe(6000357);
  });

  it('sets per room and queries per session are rate-limited (6000354, 6000356) and recover with time', async () => {
    const { service, clock, enter, set, prefix } = await core(kind, {
      memberAttributesSetRate: 2,
      memberAttributesQueryRate: 2,
    });
    const a = await enter('a', 'r');
    expect(await code(set(a, 'r', ['a'], { k: '1' }))).toBe(0);
    expect(await code(set(a, 'r', ['a'], { k: '2' }))).toBe(0);
    expect(await code(set(a, 'r', ['a'], { k: '3' }))).toBe(6000354);
    const query = () =>
      service.memberAttributes.queryRoomMembersAttributes(a, { roomID: `${prefix}r`, userIDs: ['a'] });
    expect(await code(query())).toBe(0);
    expect(await code(query())).toBe(0);
    expect(await code(query())).toBe(6000356);
    clock.advance(1000);
    expect(await code(set(a, 'r', ['a'], { k: '3' }))).toBe(0);
    expect((await query()).infos).toEqual([{ userID: 'a', attributes: { k: '3' } }]);
  });
});
