/** The store a server's settings ask for: Redis when CONVENE_REDIS_URL is set, memory otherwise. */
import type { ServerConfig } from '../config.ts';
import type { Clock } from '../rooms/clock.ts';
import { MemoryRoomStore } from './memory.ts';
import { RedisRoomStore } from './redis/redis-store.ts';
import type { RoomStore, StoreSettings } from './types.ts';

export function storeSettings(config: ServerConfig): StoreSettings {
  return {
    maxRooms: config.maxRooms,
    maxRoomsPerUser: config.maxRoomsPerUser,
    maxMembersPerRoom: config.maxMembersPerRoom,
    initialMemberListSize: config.initialMemberListSize,
    historySize: config.historySize,
    memberBatchWindowMs: config.memberBatchWindowMs,
    gracePeriodMs: config.gracePeriodMs,
    singleDevicePerRoom: config.singleDevicePerRoom,
    nodeID: config.nodeID,
    nodeLeaseMs: config.nodeLeaseMs,
  };
}

export function openStore(config: ServerConfig, clock: Clock): RoomStore {
  const settings = storeSettings(config);
  return config.redisUrl ? new RedisRoomStore(config.redisUrl, settings) : new MemoryRoomStore(settings, clock);
}
