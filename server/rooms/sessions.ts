/** Sessions on this node: one per SDK login (a tab, a device), kept through short drops. */
import type { ZIMUserInfo } from '../../lib/protocol/index.ts';
import type { Timer } from './clock.ts';
import { RateLimiter } from './rate-limit.ts';

export interface Session {
  readonly sessionID: string;
  readonly user: ZIMUserInfo;
  /** Rooms this session is in. */
  readonly rooms: Set<string>;
  /** false while the connection is gone and the grace period runs. */
  online: boolean;
  graceTimer: Timer | undefined;
  expiryTimer: Timer | undefined;
  /** A restored session's connection must resume within the grace period (SPEC 11b). */
  resumeTimer: Timer | undefined;
  readonly messageLimiter: RateLimiter;
  readonly priorityLimiter: RateLimiter;
  /** Rooms with a create/join/enter/switch/leave of this session under way (6000326). */
  readonly busyRooms: Set<string>;
  /** Set once the session has ended; calls still in flight then do nothing. */
  closed: boolean;
  /** Resumed from another node: per room, the last event that node delivered to it. */
  seen: Record<string, number> | undefined;
}

export function newSession(
  sessionID: string,
  user: ZIMUserInfo,
  rates: { messages: number; priority: number },
  now: () => number,
): Session {
  return {
    sessionID,
    user: { ...user },
    rooms: new Set(),
    online: true,
    graceTimer: undefined,
    expiryTimer: undefined,
    resumeTimer: undefined,
    messageLimiter: new RateLimiter(rates.messages, now),
    priorityLimiter: new RateLimiter(rates.priority, now),
    busyRooms: new Set(),
    closed: false,
    seen: undefined,
  };
}
