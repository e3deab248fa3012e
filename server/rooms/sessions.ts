/** Sessions on this node: one per SDK login (a tab, a device), kept through short drops. */
import type { ZIMUserInfo } from '../../lib/protocol/index.ts';
import type { Timer } from './clock.ts';

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
  /** Set once the session has ended; calls still in flight then do nothing. */
  closed: boolean;
  /** Resumed from another node: per room, the last event that node delivered to it. */
  seen: Record<string, number> | undefined;
}

/** `user` is kept as given (not copied): the caller hands over an object of its own. */
export function newSession(sessionID: string, user: ZIMUserInfo): Session {
  return {
    sessionID,
    user,
    rooms: new Set(),
    online: true,
    graceTimer: undefined,
    expiryTimer: undefined,
    resumeTimer: undefined,
    closed: false,
    seen: undefined,
  };
}
