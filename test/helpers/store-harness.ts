/**
 * The shared store suite's set-up: a memory store or a Redis store (on a real redis-server the
 * file starts) with hooks that record what the store delivers, and small callers.
 */
import { afterAll, beforeAll } from 'vitest';
import { systemClock } from '../../server/rooms/clock.ts';
import { MemoryRoomStore } from '../../server/store/memory.ts';
import { RedisRoomStore } from '../../server/store/redis/redis-store.ts';
import type {
  Caller,
  DueWork,
  EnterRequest,
  RoomEvent,
  RoomFact,
  RoomStore,
  StoreSettings,
} from '../../server/store/types.ts';
import { startRedisServer, type RedisServer } from './redis-server.ts';
import { user } from './store-node.ts';
import { testStoreSettings } from './store-settings.ts';
import { uniqueID } from './server.ts';

export type StoreKind = 'memory' | 'redis';

export interface Recorded {
  events: RoomEvent[];
  facts: RoomFact[];
  due: DueWork[];
  lost: string[];
}

export interface StartedStore {
  store: RoomStore;
  seen: Recorded;
}

/** Makes stores of one kind for a describe block; all are stopped after it. */
export function storeMaker(kind: StoreKind) {
  let redis: RedisServer | undefined;
  const started: RoomStore[] = [];
  /** What all stores of the block got: on Redis, any node may run a due timer. */
  const all: Recorded = { events: [], facts: [], due: [], lost: [] };
  beforeAll(async () => {
    if (kind === 'redis') redis = await startRedisServer();
  });
  afterAll(async () => {
    for (const store of started) await store.stop();
    await redis?.stop();
  });
  return {
    get redis() {
      return redis;
    },
    all,
    async make(overrides: Partial<StoreSettings> = {}): Promise<StartedStore> {
      // Long leases and timeouts unless a test is about them (leases.test.ts): the machine may be slow.
      const settings = testStoreSettings({
        gracePeriodMs: 400,
        memberBatchWindowMs: 0,
        nodeLeaseMs: 10_000,
        redisTimeoutMs: 10_000,
        ...overrides,
      });
      const store =
        kind === 'redis' ? new RedisRoomStore(redis!.url, settings) : new MemoryRoomStore(settings, systemClock);
      const seen: Recorded = { events: [], facts: [], due: [], lost: [] };
      await store.start({
        onEvent: (e) => void seen.events.push(e),
        onFacts: (f) => void [seen, all].forEach((r) => r.facts.push(...f)),
        onDue: async (w) => {
          seen.due.push(w);
          all.due.push(w);
          // What a node does with it: the session leaves its rooms.
          for (const roomID of await store.endSession(w.caller.sessionID))
            await store.leave(w.caller, roomID, 'Timeout');
        },
        onLost: (reason) => void seen.lost.push(reason),
      });
      started.push(store);
      return { store, seen };
    },
  };
}

/** A caller with a fresh session of a fresh (or the given) user, opened in the store. */
export async function caller(store: RoomStore, userID = uniqueID('u')): Promise<Caller> {
  const c = { sessionID: uniqueID('s'), user: user(userID) };
  await store.openSession(c);
  return c;
}

export function request(mode: EnterRequest['mode'], roomID: string, extra: Partial<EnterRequest> = {}): EnterRequest {
  return { mode, roomInfo: { roomID, roomName: `${roomID} name` }, destroyDelaySeconds: 0, attributes: {}, ...extra };
}

/** A Text message draft from `c`. */
export function draft(c: Caller, roomID: string, text: string, localMessageID = '') {
  return {
    type: 1 as const,
    message: text,
    extendedData: '',
    localMessageID,
    timestamp: Date.now(),
    senderUserID: c.user.userID,
    conversationID: roomID,
    conversationType: 1 as const,
    direction: 0 as const,
    sentStatus: 1 as const,
    priority: 1 as const,
  };
}
