/** The store a server's settings ask for: Redis when CONVENE_REDIS_URL is set, memory otherwise. */
import type { ServerConfig } from '../config.ts';
import type { Clock } from '../rooms/clock.ts';
import { ExtendedMemoryRoomStore } from './memory-extended.ts';
import { ExtendedRedisRoomStore } from './redis/redis-extended.ts';
import type { RoomStore, StoreSettings } from './types.ts';

export function storeSettings(config: ServerConfig): StoreSettings {
  return {
    maxRooms: config.maxRooms,
    maxRoomsPerUser: config.maxRoomsPerUser,
    maxSessionsPerUser: config.maxSessionsPerUser,
    roomCreationsPerMinute: config.roomCreationsPerMinute,
    maxMembersPerRoom: config.maxMembersPerRoom,
    initialMemberListSize: config.initialMemberListSize,
    historySize: config.historySize,
    historyBudgetBytes: config.historyBudgetMiB * 1024 * 1024,
    eventLogSize: config.eventLogSize,
    eventLogBytes: config.eventLogKiB * 1024,
    memberBatchWindowMs: config.memberBatchWindowMs,
    gracePeriodMs: config.gracePeriodMs,
    singleDevicePerRoom: config.singleDevicePerRoom,
    nodeID: config.nodeID,
    nodeLeaseMs: config.nodeLeaseMs,
    redisTimeoutMs: config.redisTimeoutMs,
  };
}

export function openStore(config: ServerConfig, clock: Clock): RoomStore {
  const settings = storeSettings(config);
  return config.redisUrl
    ? new ExtendedRedisRoomStore(config.redisUrl, settings)
    : new ExtendedMemoryRoomStore(settings, clock);
}
