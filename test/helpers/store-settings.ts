/** Store settings for tests: the server defaults, with short timings where a test asks. */
import { DEFAULT_CONFIG } from '../../server/config.ts';
import type { StoreSettings } from '../../server/store/types.ts';

export function testStoreSettings(overrides: Partial<StoreSettings> = {}): StoreSettings {
  const d = DEFAULT_CONFIG;
  return {
    maxRooms: d.maxRooms,
    maxRoomsPerUser: d.maxRoomsPerUser,
    maxSessionsPerUser: d.maxSessionsPerUser,
    roomCreationsPerMinute: d.roomCreationsPerMinute,
    maxMembersPerRoom: d.maxMembersPerRoom,
    initialMemberListSize: d.initialMemberListSize,
    historySize: d.historySize,
    historyBudgetBytes: d.historyBudgetMiB * 1024 * 1024,
    eventLogSize: d.eventLogSize,
    eventLogBytes: d.eventLogKiB * 1024,
    memberBatchWindowMs: d.memberBatchWindowMs,
    gracePeriodMs: d.gracePeriodMs,
    singleDevicePerRoom: d.singleDevicePerRoom,
    nodeID: `test-${Math.random().toString(36).slice(2, 8)}`,
    nodeLeaseMs: d.nodeLeaseMs,
    redisTimeoutMs: d.redisTimeoutMs,
    ...overrides,
  };
}
